package cn.escrow.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OverdueSweepTest {

    static List<Long> ids(JsonPath sweep, String field) {
        return sweep.getList(field, Long.class);
    }

    @Test
    void shouldKeepFundsInTimeOnDay30AndDisableSigningOnDay31() {
        SigningFixture s = new SigningFixture();
        String serial = s.disburse("700000.00");
        s.pushedDaysAgo(serial, 30);
        JsonPath first = SigningFixture.sweep();
        assertThat(ids(first, "projectsDisabled")).doesNotContain(s.fx.projectId());
        assertThat(s.disbursementStatus(serial)).isEqualTo("AWAITING_FUNDS");
        assertThat(s.enabled()).isTrue();

        s.pushedDaysAgo(serial, 1);
        JsonPath second = SigningFixture.sweep();
        assertThat(ids(second, "projectsDisabled")).contains(s.fx.projectId());
        assertThat(second.getInt("newlyOverdue")).isGreaterThanOrEqualTo(1);
        assertThat(s.disbursementStatus(serial)).isEqualTo("OVERDUE");
        JsonPath status = s.status();
        assertThat(status.getBoolean("enabled")).isFalse();
        assertThat(status.getString("reasons[0].kind")).isEqualTo("OVERDUE_LOAN_FUNDS");
        assertThat(status.getString("reasons[0].serialNo")).isEqualTo(serial);
        assertThat(status.getString("reasons[0].amount")).isEqualTo("700000.00");
        assertThat(status.getString("reasons[0].contractNo")).isNotBlank();
        assertThat(OffsetDateTime.parse(status.getString("reasons[0].dueAt")).getOffset().getId()).isEqualTo("+08:00");
        assertThat(OffsetDateTime.parse(status.getString("since"))).isNotNull();
    }

    @Test
    void shouldChangeNothingOnASecondSweep() {
        SigningFixture s = new SigningFixture();
        String serial = s.disburse("1000.00");
        s.pushedDaysAgo(serial, 31);
        SigningFixture.sweep();
        long events = auditCount(s, "SIGNING_DISABLED");
        JsonPath again = SigningFixture.sweep();
        assertThat(again.getInt("newlyOverdue")).isZero();
        assertThat(ids(again, "projectsDisabled")).doesNotContain(s.fx.projectId());
        assertThat(auditCount(s, "SIGNING_DISABLED")).isEqualTo(events).isEqualTo(1);
        assertThat(s.enabled()).isFalse();
    }

    @Test
    void shouldRefuseContractFilingWhileDisabledAndReenableWhenTheMoneyArrives() {
        SigningFixture s = new SigningFixture();
        String serial = s.disburse("700000.00");
        s.pushedDaysAgo(serial, 31);
        SigningFixture.sweep();
        Api.supervisor().body(Map.of("projectId", s.fx.projectId(), "contractNo", "HT-" + Api.next(), "unitNo", "2-101",
                        "buyerName", "李四", "buyerIdNo", Api.residentId(), "totalPrice", "100.00", "downPayment", "100.00",
                        "loanAmount", "0.00", "loanType", "NONE"))
                .post("/api/v1/contracts").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/signing-disabled"))
                .body("reasons[0].kind", equalTo("OVERDUE_LOAN_FUNDS"))
                .body("reasons[0].serialNo", equalTo(serial));

        // Late money: settled, signing back in the same transaction, history kept.
        s.credit(serial, "700000.00");
        assertThat(s.enabled()).isTrue();
        assertThat(s.reasonKinds()).isEmpty();
        JsonPath d = Api.supervisor().get("/api/v1/loan-disbursements?projectId=" + s.fx.projectId() + "&everOverdue=true")
                .then().statusCode(200).header("X-Total-Count", "1").extract().jsonPath();
        assertThat(d.getString("[0].status")).isEqualTo("FUNDS_ARRIVED");
        assertThat(d.getString("[0].overdueAt")).isNotNull();
        assertThat(d.getString("[0].fundsArrivedAt")).isNotNull();
        assertThat(auditCount(s, "SIGNING_ENABLED")).isEqualTo(1);
        Api.contract(s.fx.projectId(), "100.00", "100.00", "0.00", "NONE");
    }

    @Test
    void shouldReenableOnlyAfterTheLastOverdueDisbursementIsSettled() {
        SigningFixture s = new SigningFixture();
        String a = s.disburse("100.00");
        String b = s.disburse("200.00");
        s.pushedDaysAgo(a, 31);
        s.pushedDaysAgo(b, 40);
        SigningFixture.sweep();
        assertThat(s.reasonKinds()).containsExactly("OVERDUE_LOAN_FUNDS", "OVERDUE_LOAN_FUNDS");
        s.credit(a, "100.00");
        assertThat(s.enabled()).isFalse();
        assertThat(s.status().getList("reasons.serialNo")).containsExactly(b);
        s.credit(b, "150.00");
        assertThat(s.enabled()).isFalse();
        s.credit(b, "50.00");
        assertThat(s.enabled()).isTrue();
    }

    @Test
    void shouldKeepManualLocksThroughAutoReenable() {
        SigningFixture s = new SigningFixture();
        String serial = s.disburse("100.00");
        s.pushedDaysAgo(serial, 31);
        SigningFixture.sweep();
        long lockId = Api.supervisor().body(Map.of("reason", "抽查发现资金未入账"))
                .post("/api/v1/projects/" + s.fx.projectId() + "/signing-locks").then().statusCode(201)
                .body("reason", equalTo("抽查发现资金未入账")).body("lockedBy", notNullValue()).body("lockedAt", notNullValue())
                .extract().jsonPath().getLong("lockId");
        s.credit(serial, "100.00");
        assertThat(s.enabled()).isFalse();
        assertThat(s.reasonKinds()).containsExactly("MANUAL");
        assertThat(s.status().getLong("reasons[0].lockId")).isEqualTo(lockId);
        SigningFixture.sweep();
        assertThat(s.enabled()).isFalse();
        Api.supervisor().delete("/api/v1/projects/" + s.fx.projectId() + "/signing-locks/" + lockId).then().statusCode(204);
        assertThat(s.enabled()).isTrue();
        Api.supervisor().delete("/api/v1/projects/" + s.fx.projectId() + "/signing-locks/" + lockId).then().statusCode(409);
        Api.supervisor().get("/api/v1/projects/" + s.fx.projectId() + "/signing-locks").then().statusCode(200)
                .body("[0].liftedAt", notNullValue());
        Api.supervisor().get("/api/v1/projects/" + s.fx.projectId() + "/signing-locks?active=true").then().statusCode(200)
                .body("size()", equalTo(0));
    }

    @Test
    void shouldGuardLocksByRoleAndProject() {
        SigningFixture s = new SigningFixture();
        String auditor = Api.user("AUDITOR", null);
        Api.as(auditor).body(Map.of("reason", "x")).post("/api/v1/projects/" + s.fx.projectId() + "/signing-locks")
                .then().statusCode(403);
        Api.as(auditor).post("/api/v1/overdue-sweeps").then().statusCode(403);
        Api.as(auditor).get("/api/v1/overdue-sweeps").then().statusCode(200);
        Api.as(auditor).get("/api/v1/projects/" + s.fx.projectId() + "/signing-status").then().statusCode(200);
        Api.supervisor().body(Map.of("reason", "x")).post("/api/v1/projects/99999999/signing-locks").then().statusCode(404);
        Api.supervisor().body(Map.of("reason", "")).post("/api/v1/projects/" + s.fx.projectId() + "/signing-locks")
                .then().statusCode(400).body("violations.field", hasItem("reason"));
        Api.supervisor().delete("/api/v1/projects/" + s.fx.projectId() + "/signing-locks/99999999").then().statusCode(404);
        Api.supervisor().get("/api/v1/projects/99999999/signing-status").then().statusCode(404);
    }

    @Test
    void shouldProduceOneEffectFromTwoConcurrentSweeps() throws Exception {
        SigningFixture p1 = new SigningFixture();
        SigningFixture p2 = new SigningFixture();
        for (String serial : List.of(p1.disburse("1.00"), p1.disburse("2.00"))) {
            p1.pushedDaysAgo(serial, 35);
        }
        p2.pushedDaysAgo(p2.disburse("3.00"), 35);
        CompletableFuture<JsonPath> a = CompletableFuture.supplyAsync(SigningFixture::sweep);
        CompletableFuture<JsonPath> b = CompletableFuture.supplyAsync(SigningFixture::sweep);
        JsonPath ra = a.get();
        JsonPath rb = b.get();
        assertThat(ra.getInt("newlyOverdue") + rb.getInt("newlyOverdue")).isEqualTo(3);
        assertThat(ra.getInt("newlyOverdue") * rb.getInt("newlyOverdue")).isZero();
        List<Long> disabled = new java.util.ArrayList<>(ids(ra, "projectsDisabled"));
        disabled.addAll(ids(rb, "projectsDisabled"));
        assertThat(disabled).containsOnlyOnce(p1.fx.projectId(), p2.fx.projectId());
        assertThat(auditCount(p1, "SIGNING_DISABLED")).isEqualTo(1);
    }

    @Test
    void shouldAuditTheDisableItMakesWhenTheProjectWasReenabledUnderIt() throws Exception {
        SigningFixture s = new SigningFixture();
        String later = s.disburse("2.00");
        s.pushedDaysAgo(s.disburse("1.00"), 35);
        SigningFixture.sweep();
        assertThat(s.enabled()).isFalse();
        s.pushedDaysAgo(later, 35);
        long audited = auditCount(s, "SIGNING_DISABLED");
        try (Connection other = Db.ownerConnection()) {
            // Another transaction (a settling credit, say) enables the project and holds its row while the sweep
            // starts: the sweep's snapshot still shows it disabled, but the sweep disables it again once it gets it.
            other.setAutoCommit(false);
            try (PreparedStatement enable = other.prepareStatement("UPDATE project SET signing_enabled = TRUE WHERE id = ?")) {
                enable.setLong(1, s.fx.projectId());
                enable.executeUpdate();
            }
            CompletableFuture<JsonPath> sweep = CompletableFuture.supplyAsync(SigningFixture::sweep);
            await().atMost(Duration.ofSeconds(30)).until(() -> Db.count("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE wait_event_type = 'Lock' AND query LIKE '-- Marks up to batch notices still awaiting funds%'""") > 0);
            other.commit();
            assertThat(ids(sweep.get(), "projectsDisabled")).contains(s.fx.projectId());
        }
        assertThat(s.enabled()).isFalse();
        assertThat(auditCount(s, "SIGNING_DISABLED")).isEqualTo(audited + 1);
    }

    @Test
    void shouldNotGiveSigningBackUnderAManualLockBeingCreated() throws Exception {
        SigningFixture s = new SigningFixture();
        try (Connection other = Db.ownerConnection()) {
            other.setAutoCommit(false);
            try (Statement st = other.createStatement()) {
                // Disabled with no reason left (as after money that arrived while auto re-enable was off): a sweep gives
                // signing back, unless a manual lock is being created meanwhile, as SigningLockService.lock does it.
                st.executeUpdate("UPDATE project SET signing_enabled = FALSE WHERE id = " + s.fx.projectId());
                other.commit();
                st.executeQuery("SELECT id FROM project WHERE id = " + s.fx.projectId() + " FOR UPDATE").close();
                st.executeUpdate("INSERT INTO signing_lock (project_id, reason, locked_by, locked_at) VALUES ("
                        + s.fx.projectId() + ", 'site inspection', 'sup-test', now())");
            }
            long otherPid = pid(other);
            CompletableFuture<JsonPath> sweep = CompletableFuture.supplyAsync(SigningFixture::sweep);
            await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(
                    "SELECT count(*) FROM pg_stat_activity WHERE " + otherPid + " = ANY (pg_blocking_pids(pid))") > 0);
            other.commit();
            assertThat(ids(sweep.get(), "projectsReenabled")).doesNotContain(s.fx.projectId());
        }
        assertThat(s.enabled()).isFalse();
    }

    @Test
    void shouldRecordEverySweepNewestFirst() {
        SigningFixture s = new SigningFixture();
        s.pushedDaysAgo(s.disburse("5.00"), 31);
        JsonPath run = SigningFixture.sweep();
        JsonPath list = Api.supervisor().get("/api/v1/overdue-sweeps?size=5").then().statusCode(200)
                .header("X-Total-Count", notNullValue()).extract().jsonPath();
        assertThat(list.getLong("[0].id")).isEqualTo(run.getLong("id"));
        assertThat(list.getString("[0].trigger")).isEqualTo("MANUAL");
        assertThat(list.getInt("[0].newlyOverdue")).isEqualTo(run.getInt("newlyOverdue")).isGreaterThanOrEqualTo(1);
        assertThat(list.getLong("[0].durationMs")).isGreaterThanOrEqualTo(0);
        assertThat(list.getList("[0].projectsDisabled", Long.class)).contains(s.fx.projectId());
        assertThat(OffsetDateTime.parse(list.getString("[0].startedAt"))).isBeforeOrEqualTo(OffsetDateTime.parse(list.getString("[0].finishedAt")));
        if (list.getList("$").size() > 1) {
            assertThat(list.getLong("[1].id")).isLessThan(list.getLong("[0].id"));
        }
        Api.supervisor().get("/api/v1/audit-events?action=OVERDUE_SWEEP_RUN&size=1").then().statusCode(200)
                .body("[0].subject", equalTo("sweep:" + run.getLong("id")));
    }

    private static long pid(Connection c) throws java.sql.SQLException {
        try (Statement st = c.createStatement(); java.sql.ResultSet r = st.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            return r.getLong(1);
        }
    }

    static long auditCount(SigningFixture s, String action) {
        return Long.parseLong(Api.supervisor().get("/api/v1/audit-events?projectId=" + s.fx.projectId() + "&action=" + action)
                .then().statusCode(200).extract().header("X-Total-Count"));
    }
}

package cn.escrow.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The audit trail's hash chain: sealed whatever the concurrency, recomputed on demand, and broken where someone edited it. */
@QuarkusTest
class AuditChainTest {

    @Inject
    AgroalDataSource dataSource;

    private static JsonPath verify(String username) {
        return Api.as(username).get("/api/v1/audit-events/verification").then().statusCode(200)
                .contentType("application/json").extract().jsonPath();
    }

    private static long enterprise() {
        return Api.supervisor().body(Map.of("name", "链企业" + Api.next(), "creditCode", Api.creditCode()))
                .post("/api/v1/enterprises").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void shouldSealEveryEventWrittenConcurrentlyAndVerifyTheWholeChain() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> writes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                writes.add(pool.submit(AuditChainTest::enterprise));
            }
            for (Future<Long> w : writes) {
                w.get();
            }
        } finally {
            pool.shutdown();
        }
        String auditor = Api.user("AUDITOR", null);
        long events = Db.count("SELECT count(*) FROM audit_event");

        JsonPath result = verify(auditor);

        assertThat(result.getBoolean("intact")).as(result.prettify()).isTrue();
        assertThat(result.getLong("checkedEvents")).isEqualTo(events);
        assertThat(result.getLong("headPosition")).isEqualTo(events);
        assertThat(result.getString("headHash")).matches("[0-9a-f]{64}");
        assertThat(result.getMap("firstBrokenEvent")).isNull();
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'AUDIT_CHAIN_VERIFIED' AND actor = ?", auditor)).isEqualTo(1);
    }

    @Test
    void shouldNameTheEventTheOwnerEditedAndBeIntactAgainOnceItIsPutBack() {
        long enterpriseId = enterprise();
        long eventId = Db.count("SELECT max(id) FROM audit_event WHERE action = 'ENTERPRISE_CREATED' AND subject = ?",
                "enterprise:" + enterpriseId);
        Api.admin().get("/api/v1/audit-events/verification").then().statusCode(200).body("intact", equalTo(true));
        String actor = Api.admin().queryParam("action", "ENTERPRISE_CREATED").get("/api/v1/audit-events")
                .then().statusCode(200).extract().jsonPath().getString("find { it.id == " + eventId + " }.actor");

        // What the intruder of issue 14 did, now as the owner (the runtime role cannot, see below).
        Db.asOwner("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                "UPDATE audit_event SET actor = 'intruder' WHERE id = " + eventId,
                "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
        try {
            JsonPath broken = Api.admin().get("/api/v1/audit-events/verification").then().statusCode(200).extract().jsonPath();
            assertThat(broken.getBoolean("intact")).isFalse();
            assertThat(broken.getLong("firstBrokenEvent.id")).isEqualTo(eventId);
            assertThat(broken.getString("firstBrokenEvent.problem")).isEqualTo("CONTENT_CHANGED");
            assertThat(broken.getLong("headPosition")).isEqualTo(broken.getLong("firstBrokenEvent.position") - 1);
            assertThat(broken.getLong("checkedEvents")).isEqualTo(broken.getLong("headPosition"));
        } finally {
            Db.asOwner("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                    "UPDATE audit_event SET actor = '" + actor + "' WHERE id = " + eventId,
                    "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update");
        }
        Api.admin().get("/api/v1/audit-events/verification").then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void shouldSealAnEventWhoseTransactionCommitsAfterLaterOnesWereSealed() throws Exception {
        long straggler;
        long laterEvent;
        try (Connection slow = dataSource.getConnection()) { // a writer whose transaction stays open
            slow.setAutoCommit(false);
            try (Statement s = slow.createStatement();
                 ResultSet r = s.executeQuery("INSERT INTO audit_event (at, actor, action, subject, details)"
                         + " VALUES (now(), 'slow-writer', 'LATE_COMMIT', 'test', '{}') RETURNING id")) {
                r.next();
                straggler = r.getLong("id");
            }
            long later = enterprise(); // a later id, committed and sealed while the first is still open
            laterEvent = Db.count("SELECT max(id) FROM audit_event WHERE subject = ?", "enterprise:" + later);
            await().atMost(Duration.ofSeconds(30)).until(() -> sealed(laterEvent));
            assertThat(laterEvent).isGreaterThan(straggler);
            slow.commit();
        }
        // The background sealer finds it although higher ids were sealed before it committed.
        await().atMost(Duration.ofSeconds(30)).until(() -> sealed(straggler));
        assertThat(Db.count("SELECT position FROM audit_chain WHERE event_id = ?", straggler)).as("sealed after the later id")
                .isGreaterThan(Db.count("SELECT position FROM audit_chain WHERE event_id = ?", laterEvent));
        Api.admin().get("/api/v1/audit-events/verification").then().statusCode(200).body("intact", equalTo(true));
    }

    private static boolean sealed(long eventId) {
        return Db.count("SELECT count(*) FROM audit_chain WHERE event_id = ?", eventId) == 1;
    }

    @Test
    void shouldNotLetTheRuntimeRoleRewriteHistoryOrSwitchItsTriggersOff() throws SQLException {
        try (Connection c = dataSource.getConnection()) { // the service's own role
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : List.of(
                        "UPDATE audit_event SET actor = 'intruder'",
                        "DELETE FROM audit_event",
                        "TRUNCATE audit_event",
                        "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update",
                        "ALTER TABLE audit_event ADD COLUMN forged TEXT",
                        "UPDATE audit_chain SET hash = hash",
                        "DELETE FROM audit_chain",
                        "UPDATE flyway_schema_history SET success = TRUE")) {
                    s.execute("SAVEPOINT attempt");
                    assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                            .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("permission denied", "must be owner"));
                    s.execute("ROLLBACK TO SAVEPOINT attempt");
                }
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void shouldStopEvenTheOwnerWhileTheAppendOnlyTriggersAreOn() {
        assertThatThrownBy(() -> Db.asOwner("UPDATE audit_event SET actor = 'intruder' WHERE id = (SELECT min(id) FROM audit_event)"))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> Db.asOwner("DELETE FROM audit_chain")).hasMessageContaining("append-only");
    }

    @Test
    void shouldLetOnlyAuditorsAndAdminsVerify() {
        Api.supervisor().get("/api/v1/audit-events/verification").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("/problems/forbidden"));
        given().get("/api/v1/audit-events/verification").then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo("/problems/unauthenticated"));
    }
}

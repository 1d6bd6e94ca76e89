package cn.escrow.oversight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Overdue rectifications blacklist once; supervisors blacklist and lift by hand; a blacklisted enterprise's releases take two approvals. */
@QuarkusTest
class BlacklistTest {

    @Test
    void shouldBlacklistOnceWhenRectificationsAreStillOpenAtTheirDeadline() {
        OversightFixture o = new OversightFixture();
        OversightFixture onTime = new OversightFixture();
        long issued = o.rectification(5);
        long responded = o.rectification(5);
        o.respond(responded);
        long notDue = onTime.rectification(5);
        OversightFixture.deadlinePassed(issued);
        OversightFixture.deadlinePassed(responded);

        JsonPath first = OversightFixture.sweep();
        assertThat(first.getList("rectificationsOverdue", Long.class)).contains(issued, responded).doesNotContain(notDue);
        assertThat(first.getList("enterprisesBlacklisted", Long.class)).contains(o.fx.enterpriseId())
                .doesNotContain(onTime.fx.enterpriseId());
        assertThat(first.getString("trigger")).isEqualTo("MANUAL");
        assertThat(o.blacklisted()).isTrue();
        assertThat(onTime.blacklisted()).isFalse();
        assertThat(o.status(issued)).isEqualTo("OVERDUE");
        assertThat(o.status(responded)).isEqualTo("OVERDUE");
        Api.supervisor().get("/api/v1/rectifications/" + issued).then().body("overdueAt", org.hamcrest.Matchers.notNullValue());

        JsonPath history = o.history();
        assertThat(history.getList("$")).hasSize(1);
        assertThat(history.getString("[0].action")).isEqualTo("ADD");
        assertThat(history.getString("[0].source")).isEqualTo("RECTIFICATION_OVERDUE");
        assertThat(history.getLong("[0].rectificationId")).isEqualTo(issued);
        assertThat(history.getString("[0].reason"))
                .isEqualTo("rectification " + issued + " overdue; rectification " + responded + " overdue");
        assertThat(history.getString("[0].by")).isNotBlank();

        // A second run changes nothing.
        JsonPath second = OversightFixture.sweep();
        assertThat(second.getList("rectificationsOverdue", Long.class)).doesNotContain(issued, responded);
        assertThat(second.getList("enterprisesBlacklisted", Long.class)).doesNotContain(o.fx.enterpriseId());
        assertThat(o.history().getList("$")).hasSize(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'ENTERPRISE_BLACKLISTED' AND subject = ?",
                "enterprise:" + o.fx.enterpriseId())).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'RECTIFICATION_OVERDUE' AND subject = ?",
                "rectification:" + issued)).isEqualTo(1);
        // Overdue is final: no late response.
        Api.as(o.enterpriseUser).body(Map.of("response", "late")).post("/api/v1/rectifications/" + issued + "/response").then()
                .statusCode(409);
        Api.supervisor().get("/api/v1/rectifications?enterpriseId=" + o.fx.enterpriseId() + "&status=OVERDUE").then()
                .header("X-Total-Count", "2");
    }

    @Test
    void shouldLetSupervisorsBlacklistAndLiftOnceEachWithHistory() {
        OversightFixture o = new OversightFixture();
        String base = "/api/v1/enterprises/" + o.fx.enterpriseId();
        Api.supervisor().body(Map.of("reason", "x")).post(base + "/blacklist-lifting").then().statusCode(409)
                .body("type", equalTo("/problems/conflict"));
        Api.supervisor().body(Map.of("reason", "挪用监管资金")).post(base + "/blacklisting").then().statusCode(201)
                .body("action", equalTo("ADD")).body("source", equalTo("MANUAL")).body("reason", equalTo("挪用监管资金"))
                .body("enterpriseId", equalTo((int) o.fx.enterpriseId()));
        assertThat(o.blacklisted()).isTrue();
        Api.supervisor().get("/api/v1/enterprises?blacklisted=true&size=200").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.hasItem((int) o.fx.enterpriseId()));
        Api.supervisor().body(Map.of("reason", "again")).post(base + "/blacklisting").then().statusCode(409);
        // Who blacklisted does not lift it alone (four eyes): a second supervisor does.
        Api.supervisor().body(Map.of("reason", "资金已追回")).post(base + "/blacklist-lifting").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        Api.as(Api.user("SUPERVISOR", null)).body(Map.of("reason", "资金已追回")).post(base + "/blacklist-lifting").then()
                .statusCode(201).body("action", equalTo("LIFT"));
        assertThat(o.blacklisted()).isFalse();

        JsonPath history = o.history();
        assertThat(history.getList("action")).containsExactly("LIFT", "ADD");
        assertThat(history.getList("source")).containsOnly("MANUAL");
        assertThat(history.getList("reason")).containsExactly("资金已追回", "挪用监管资金");
        assertThat(Api.supervisor().get("/api/v1/audit-events?action=ENTERPRISE_BLACKLIST_LIFTED&size=200").then().statusCode(200)
                .extract().jsonPath().getList("subject")).contains("enterprise:" + o.fx.enterpriseId());

        // An enterprise already on the list is not added again by an overdue notice, but the notice is still overdue.
        Api.supervisor().body(Map.of("reason", "挪用监管资金")).post(base + "/blacklisting").then().statusCode(201);
        long r = o.rectification(3);
        OversightFixture.deadlinePassed(r);
        assertThat(OversightFixture.sweep().getList("enterprisesBlacklisted", Long.class)).doesNotContain(o.fx.enterpriseId());
        assertThat(o.status(r)).isEqualTo("OVERDUE");
        assertThat(o.history().getList("action")).containsExactly("ADD", "LIFT", "ADD");
    }

    @Test
    void shouldGuardBlacklistEndpointsByRole() {
        OversightFixture o = new OversightFixture();
        String base = "/api/v1/enterprises/" + o.fx.enterpriseId();
        String auditor = Api.user("AUDITOR", null);
        Api.as(auditor).body(Map.of("reason", "x")).post(base + "/blacklisting").then().statusCode(403);
        Api.as(o.enterpriseUser).body(Map.of("reason", "x")).post(base + "/blacklist-lifting").then().statusCode(403);
        Api.as(o.enterpriseUser).post("/api/v1/rectification-sweeps").then().statusCode(403);
        Api.as(auditor).post("/api/v1/rectification-sweeps").then().statusCode(403);
        Api.supervisor().body(Map.of()).post(base + "/blacklisting").then().statusCode(400);
        Api.supervisor().body(Map.of("reason", "x")).post("/api/v1/enterprises/99999999/blacklisting").then().statusCode(404);
        Api.as(auditor).get(base + "/blacklist-history").then().statusCode(200).header("X-Total-Count", "0");
        Api.as(o.enterpriseUser).get(base + "/blacklist-history").then().statusCode(200);
        Api.as(new OversightFixture().enterpriseUser).get(base + "/blacklist-history").then().statusCode(404);
        Api.supervisor().get("/api/v1/enterprises/99999999/blacklist-history").then().statusCode(404);
        io.restassured.RestAssured.given().post("/api/v1/rectification-sweeps").then().statusCode(401);
    }

    @Test
    void shouldKeepABlacklistedEnterpriseSupervisedWithTwoApprovalsPerRelease() {
        OversightFixture o = new OversightFixture();
        SignedClient bank = SignedClient.bank(o.fx.bankCode());
        Api.supervisor().body(Map.of("keyAmount", "0.00", "reason", "按建设成本核定"))
                .put("/api/v1/projects/" + o.fx.projectId() + "/key-amount").then().statusCode(200);
        bank.post("/api/v1/bank/account-transactions", """
                {"serialNo":"BL-%d","accountNo":"%s","direction":"CREDIT","amount":"1000.00","purpose":"DEPOSIT",
                 "bookedAt":"2026-11-02T09:30:00+08:00"}""".formatted(Api.next(), o.fx.accountNo())).then().statusCode(201);
        String release = Api.as(o.enterpriseUser).body(Map.of("nodeCode", "PRESALE_PERMIT", "amount", "100.00",
                        "payeeName", "云南建工第三建设有限公司", "payeeAccountNo", "53001234567890", "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "主体结构工程进度款",
                        "documents", List.of("形象进度证明-001")))
                .post("/api/v1/projects/" + o.fx.projectId() + "/releases").then().statusCode(201).extract().jsonPath()
                .getString("releaseNo");

        long r = o.rectification(5);
        OversightFixture.deadlinePassed(r);
        OversightFixture.sweep();
        assertThat(o.blacklisted()).isTrue();

        Api.supervisor().body(Map.of("enterpriseId", o.fx.enterpriseId(), "name", "新项目" + Api.next(), "presalePermitNo", "昆预" + Api.next()))
                .post("/api/v1/projects").then().statusCode(201);
        // Construction payments go on, under a second supervisor's approval (escrow.releases.blacklist-second-approver).
        Api.supervisor().body(Map.of("reason", "资料齐全")).post("/api/v1/releases/" + release + "/approval").then().statusCode(200)
                .body("status", equalTo("APPLIED")).body("firstApprovedBy", org.hamcrest.Matchers.notNullValue());

        Api.supervisor().body(Map.of("reason", "已整改并经局务会同意移出")).post("/api/v1/enterprises/" + o.fx.enterpriseId() + "/blacklist-lifting")
                .then().statusCode(201);
        Api.supervisor().body(Map.of("reason", "资料齐全")).post("/api/v1/releases/" + release + "/approval").then().statusCode(200)
                .body("status", equalTo("APPROVED"));
        Api.supervisor().body(Map.of("enterpriseId", o.fx.enterpriseId(), "name", "新项目" + Api.next(), "presalePermitNo", "昆预" + Api.next()))
                .post("/api/v1/projects").then().statusCode(201);
    }
}

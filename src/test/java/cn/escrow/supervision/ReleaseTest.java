package cn.escrow.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Release by construction node with the default (Putian 2022) node table. */
@QuarkusTest
class ReleaseTest {

    Api.Fixture fx;
    SignedClient bank;
    String enterpriseUser;

    @BeforeEach
    void setUp() {
        String bankCode = "R" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
        enterpriseUser = Api.user("ENTERPRISE", fx.enterpriseId());
    }

    void keyAmount(String amount) {
        Api.supervisor().body(Map.of("keyAmount", amount, "reason", "按建设成本核定"))
                .put("/api/v1/projects/" + fx.projectId() + "/key-amount").then().statusCode(200);
    }

    void money(String direction, String amount, String purpose, String extra) {
        bank.post("/api/v1/bank/account-transactions", """
                {"serialNo":"RT-%d","accountNo":"%s","direction":"%s","amount":"%s","purpose":"%s",
                 "bookedAt":"2026-11-02T09:30:00+08:00"%s}""".formatted(Api.next(), fx.accountNo(), direction, amount, purpose, extra))
                .then().statusCode(201);
    }

    String apply(String node, String amount) {
        return Api.as(enterpriseUser).body(Map.of("nodeCode", node, "amount", amount, "payeeName", "云南建工第三建设有限公司",
                        "payeeAccountNo", "53001234567890", "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "主体结构工程进度款", "documents", List.of("形象进度证明-001")))
                .post("/api/v1/projects/" + fx.projectId() + "/releases").then().statusCode(201)
                .body("status", equalTo("APPLIED")).extract().jsonPath().getString("releaseNo");
    }

    Response approve(String releaseNo) {
        return Api.supervisor().body(Map.of("reason", "资料齐全")).post("/api/v1/releases/" + releaseNo + "/approval");
    }

    void refused(String releaseNo, String rule) {
        approve(releaseNo).then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/conflict")).body("rule", equalTo(rule));
    }

    JsonPath position() {
        return Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/supervision").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldShipThePutianNodeTable() {
        JsonPath nodes = Api.supervisor().get("/api/v1/construction-nodes").then().statusCode(200).extract().jsonPath();
        assertThat(nodes.getList("code")).containsExactly("PRESALE_PERMIT", "HALF_FLOORS", "TOPPED_OUT", "COMPLETION_ACCEPTANCE",
                "COMPLETION_FILING", "FIRST_REGISTRATION");
        assertThat(nodes.getList("capPercent")).containsExactly("30.00", "50.00", "70.00", "85.00", "100.00", "100.00");
        assertThat(nodes.getString("[4].minRetainedPercent")).isEqualTo("5.00");
    }

    @Test
    void shouldReleaseFreeMoneyFirstAndKeyMoneyUpToTheNodeCapExactly() {
        keyAmount("1000000.00");
        money("CREDIT", "1200000.00", "DOWN_PAYMENT", "");
        assertThat(position().getString("freeAmount")).isEqualTo("200000.00");

        // Presale permit: 30% of 1,000,000 = 300,000 of key money, plus 200,000 free.
        String overByACent = apply("PRESALE_PERMIT", "500000.01");
        refused(overByACent, "NODE_CAP_EXCEEDED");
        Api.supervisor().body(Map.of("reason", "超出节点额度")).post("/api/v1/releases/" + overByACent + "/rejection")
                .then().statusCode(200).body("status", equalTo("REJECTED"));
        String atCap = apply("PRESALE_PERMIT", "500000.00");
        approve(atCap).then().statusCode(200).body("status", equalTo("APPROVED")).body("keyPart", equalTo("300000.00"));
        approve(atCap).then().statusCode(409).body("rule", equalTo("NOT_APPLIED"));
        JsonPath p = position();
        assertThat(p.getString("keyReleased")).isEqualTo("300000.00");
        assertThat(p.getString("pendingReleases")).isEqualTo("500000.00");
        assertThat(p.getString("available")).isEqualTo("700000.00");
        assertThat(p.getString("freeAmount")).isEqualTo("0.00");

        // The bank pays it: executed, no alert, balance down.
        money("DEBIT", "500000.00", "RELEASE", ",\"releaseNo\":\"" + atCap + "\",\"counterpartyAccountNo\":\"53001234567890\"");
        Api.supervisor().get("/api/v1/releases/" + atCap).then().statusCode(200).body("status", equalTo("EXECUTED"));
        Api.supervisor().get("/api/v1/alerts?projectId=" + fx.projectId()).then().statusCode(200).header("X-Total-Count", "0");
        assertThat(position().getString("balance")).isEqualTo("700000.00");
        assertThat(position().getString("pendingReleases")).isEqualTo("0.00");

        refused(apply("PRESALE_PERMIT", "0.01"), "NODE_CAP_EXCEEDED");
        // Half the floors: 50% = 500,000 in all, 200,000 more.
        refused(apply("HALF_FLOORS", "200000.01"), "NODE_CAP_EXCEEDED");
        approve(apply("HALF_FLOORS", "200000.00")).then().statusCode(200).body("keyPart", equalTo("200000.00"));
    }

    @Test
    void shouldLetOnlyOneOfTwoConcurrentApprovalsPassACap() throws Exception {
        keyAmount("1000000.00");
        money("CREDIT", "1000000.00", "DOWN_PAYMENT", "");
        String a = apply("PRESALE_PERMIT", "200000.00");
        String b = apply("PRESALE_PERMIT", "200000.00");
        CompletableFuture<Integer> ra = CompletableFuture.supplyAsync(() -> approve(a).statusCode());
        CompletableFuture<Integer> rb = CompletableFuture.supplyAsync(() -> approve(b).statusCode());
        assertThat(List.of(ra.get(), rb.get())).containsExactlyInAnyOrder(200, 409);
        assertThat(position().getString("keyReleased")).isEqualTo("200000.00");
    }

    @Test
    void shouldKeepTheRetainedMinimumAndTheBalance() {
        keyAmount("100000.00");
        money("CREDIT", "100000.00", "DOWN_PAYMENT", "");
        // The last two nodes open with their milestones (issue 18).
        Api.supervisor().body(Map.of("certificateNo", "JBA-" + Api.next(), "filedOn", "2028-06-30"))
                .post("/api/v1/projects/" + fx.projectId() + "/completion-filing").then().statusCode(201);
        Api.supervisor().body(Map.of("certificateNo", "DJ-" + Api.next(), "registeredOn", "2028-09-15"))
                .post("/api/v1/projects/" + fx.projectId() + "/first-registration").then().statusCode(201);
        // Completion filing: 100% but 5% (5,000) stays in the account.
        refused(apply("COMPLETION_FILING", "95000.01"), "MIN_RETAINED_BALANCE");
        approve(apply("COMPLETION_FILING", "95000.00")).then().statusCode(200);
        // First registration: 100%, nothing retained, but only 5,000 is left.
        refused(apply("FIRST_REGISTRATION", "5000.01"), "INSUFFICIENT_BALANCE");
        approve(apply("FIRST_REGISTRATION", "5000.00")).then().statusCode(200);
    }

    @Test
    void shouldRefuseApprovalsWhileSuspended() {
        keyAmount("0.00");
        money("CREDIT", "1000.00", "DEPOSIT", "");
        String release = apply("PRESALE_PERMIT", "100.00");

        Db.update("""
                INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by)
                VALUES (?, 'BALANCE_MISMATCH', 'HIGH', 'OPEN', 'daily-balance', 'test', now(), 'test')""", fx.projectId());
        refused(release, "RELEASES_SUSPENDED");
        assertThat(position().getBoolean("releasesSuspended")).isTrue();
        long alertId = Api.supervisor().get("/api/v1/alerts?projectId=" + fx.projectId() + "&kind=BALANCE_MISMATCH&open=true")
                .then().statusCode(200).extract().jsonPath().getLong("[0].id");
        Api.supervisor().body(Map.of("note", "银行对账单已核对，差异已更正")).post("/api/v1/alerts/" + alertId + "/closure")
                .then().statusCode(204);
        approve(release).then().statusCode(200).body("keyPart", equalTo("0.00"));
    }

    @Test
    void shouldAlertOnDebitsNoReleaseExplains() {
        money("CREDIT", "1000.00", "DEPOSIT", "");
        money("DEBIT", "10.00", "RELEASE", ",\"releaseNo\":\"RL99999999\"");
        money("DEBIT", "20.00", "RELEASE", "");
        money("DEBIT", "30.00", "OTHER", "");
        String release = apply("PRESALE_PERMIT", "40.00");
        // An applied (not approved) release is not paid out.
        money("DEBIT", "40.00", "RELEASE", ",\"releaseNo\":\"" + release + "\"");
        JsonPath alerts = Api.supervisor().get("/api/v1/alerts?projectId=" + fx.projectId() + "&open=true").then().statusCode(200)
                .header("X-Total-Count", "4").extract().jsonPath();
        assertThat(alerts.getList("kind")).containsOnly("UNMATCHED_RELEASE_DEBIT", "UNEXPLAINED_DEBIT");
        assertThat(alerts.getList("severity")).containsOnly("HIGH");
        Api.supervisor().get("/api/v1/releases/" + release).then().body("status", equalTo("APPLIED"));
    }

    @Test
    void shouldGuardReleasesByRole() {
        Api.as(Api.user("AUDITOR", null)).body(Map.of("nodeCode", "PRESALE_PERMIT", "amount", "1.00", "payeeName", "x",
                "payeeAccountNo", "53001234567890", "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "x"))
                .post("/api/v1/projects/" + fx.projectId() + "/releases").then().statusCode(403);
        Api.Fixture other = Api.project(fx.bankCode());
        Api.as(enterpriseUser).body(Map.of("nodeCode", "PRESALE_PERMIT", "amount", "1.00", "payeeName", "x", "payeeAccountNo", "53001234567890",
                "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "x")).post("/api/v1/projects/" + other.projectId() + "/releases").then().statusCode(404)
                .body("type", equalTo("/problems/not-found"));
        Api.as(enterpriseUser).body(Map.of("nodeCode", "NO_SUCH_NODE", "amount", "1.00", "payeeName", "x", "payeeAccountNo", "53001234567890",
                "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "x")).post("/api/v1/projects/" + fx.projectId() + "/releases").then().statusCode(422);
        Api.as(enterpriseUser).body(Map.of("nodeCode", "PRESALE_PERMIT", "amount", "1.001", "payeeName", "x", "payeeAccountNo", "53001234567890",
                "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "x")).post("/api/v1/projects/" + fx.projectId() + "/releases").then().statusCode(400)
                .body("violations.field", hasItem("amount"));
        String release = apply("PRESALE_PERMIT", "1.00");
        Api.as(enterpriseUser).body(Map.of()).post("/api/v1/releases/" + release + "/approval").then().statusCode(403);
        Api.as(enterpriseUser).get("/api/v1/releases/" + release).then().statusCode(200);
        Api.as(Api.user("ENTERPRISE", other.enterpriseId())).get("/api/v1/releases/" + release).then().statusCode(404)
                .body("detail", equalTo("Release " + release + " not found"));
        Api.supervisor().body(Map.of()).post("/api/v1/releases/" + release + "/rejection").then().statusCode(400);
        Api.supervisor().post("/api/v1/releases/RL00000000/approval").then().statusCode(404);
    }

    @Test
    void shouldProposeKeepAndAuditKeyAmounts() {
        Api.supervisor().body(Map.of("floorArea", "10000.00", "averagePrice", "9800.00", "fitOut", "SHELL"))
                .put("/api/v1/projects/" + fx.projectId() + "/supervision-parameters").then().statusCode(200)
                .body("floorArea", equalTo("10000.00"));
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/key-amount-proposal").then().statusCode(200)
                .body("formula", equalTo("PER_AREA")).body("proposedKeyAmount", equalTo("38000000.00"));
        Api.supervisor().body(Map.of("floorArea", "10000.00", "averagePrice", "25000.00", "fitOut", "FITTED"))
                .put("/api/v1/projects/" + fx.projectId() + "/supervision-parameters").then().statusCode(200);
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/key-amount-proposal").then().statusCode(200)
                .body("proposedKeyAmount", equalTo("75000000.00"));

        money("CREDIT", "1200000.00", "DOWN_PAYMENT", "");
        keyAmount("1000000.00");
        Api.supervisor().get("/api/v1/alerts?projectId=" + fx.projectId()).then().header("X-Total-Count", "0");
        Api.supervisor().body(Map.of("keyAmount", "2000000.00", "reason", "昆政办〔2022〕88号 重新核定"))
                .put("/api/v1/projects/" + fx.projectId() + "/key-amount").then().statusCode(200)
                .body("previous", equalTo("1000000.00")).body("topUpDue", equalTo("800000.00"));
        Api.supervisor().get("/api/v1/alerts?projectId=" + fx.projectId() + "&kind=KEY_TOP_UP_REQUIRED").then().statusCode(200)
                .header("X-Total-Count", "1").body("[0].severity", equalTo("WARNING"));
        // Lowering it frees supervised money: one person proposes (202), another applies it.
        String proposer = Api.user("SUPERVISOR", null);
        String approver = Api.user("SUPERVISOR", null);
        String proposals = "/api/v1/projects/" + fx.projectId() + "/key-amount-proposals/";
        long first = Api.as(proposer).body(Map.of("keyAmount", "1500000.00", "reason", "部分楼栋停售，核减"))
                .put("/api/v1/projects/" + fx.projectId() + "/key-amount").then().statusCode(202)
                .body("status", equalTo("PROPOSED")).body("previous", equalTo("2000000.00")).body("proposedBy", equalTo(proposer))
                .extract().jsonPath().getLong("id");
        assertThat(position().getString("keyAmount")).isEqualTo("2000000.00");
        Api.as(proposer).body(Map.of("keyAmount", "1400000.00", "reason", "再核减"))
                .put("/api/v1/projects/" + fx.projectId() + "/key-amount").then().statusCode(409);
        Api.as(proposer).body(Map.of("reason", "同意")).post(proposals + first + "/approval").then().statusCode(403);
        Api.supervisor().body(Map.of("reason", "依据不足")).post(proposals + first + "/rejection").then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("decisionNote", equalTo("依据不足"));
        Api.supervisor().body(Map.of("reason", "同意")).post(proposals + first + "/approval").then().statusCode(409);
        assertThat(position().getString("keyAmount")).isEqualTo("2000000.00");
        // A proposal made from a key amount that changed meanwhile cannot be applied.
        long stale = Api.as(proposer).body(Map.of("keyAmount", "1000000.00", "reason", "昆政办〔2022〕88号 核减"))
                .put("/api/v1/projects/" + fx.projectId() + "/key-amount").then().statusCode(202).extract().jsonPath().getLong("id");
        keyAmount("2100000.00");
        Api.supervisor().body(Map.of("reason", "同意")).post(proposals + stale + "/approval").then().statusCode(409)
                .body("type", equalTo("/problems/conflict"));
        Api.supervisor().body(Map.of("reason", "已变化")).post(proposals + stale + "/rejection").then().statusCode(200);
        long applied = Api.as(proposer).body(Map.of("keyAmount", "1000000.00", "reason", "昆政办〔2022〕88号 核减"))
                .put("/api/v1/projects/" + fx.projectId() + "/key-amount").then().statusCode(202).extract().jsonPath().getLong("id");
        Api.as(approver).body(Map.of("reason", "复核无误")).post(proposals + applied + "/approval").then().statusCode(200)
                .body("status", equalTo("APPLIED")).body("decidedBy", equalTo(approver));
        assertThat(position().getString("keyAmount")).isEqualTo("1000000.00");
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/key-amount-changes").then().statusCode(200)
                .body("keyAmount", equalTo(List.of("1000000.00", "2100000.00", "2000000.00", "1000000.00")))
                .body("[0].setBy", equalTo(approver))
                .body("[0].reason", containsString(proposer))
                .body("[2].reason", equalTo("昆政办〔2022〕88号 重新核定"))
                .body("[2].topUpDue", equalTo("800000.00"));
        Api.as(Api.user("AUDITOR", null)).get(proposals).then().statusCode(200)
                .body("status", equalTo(List.of("APPLIED", "REJECTED", "REJECTED")));
        Api.supervisor().get("/api/v1/audit-events?projectId=" + fx.projectId() + "&action=KEY_AMOUNT_SET").then()
                .header("X-Total-Count", "4");
        Api.supervisor().get("/api/v1/audit-events?projectId=" + fx.projectId() + "&action=KEY_AMOUNT_DECREASE_PROPOSED").then()
                .header("X-Total-Count", "3");
        Api.as(Api.user("AUDITOR", null)).body(Map.of("keyAmount", "1.00", "reason", "x"))
                .put("/api/v1/projects/" + fx.projectId() + "/key-amount").then().statusCode(403);
    }

    @Test
    void shouldLetOnlyAdminsEditTheNodeTableAndValidateIt() {
        List<Map<String, Object>> current = Api.supervisor().get("/api/v1/construction-nodes").then().extract().jsonPath().getList("$");
        Api.supervisor().body(Map.of("nodes", current)).put("/api/v1/construction-nodes").then().statusCode(403);
        Api.admin().body(Map.of("nodes", List.of(
                        Map.of("code", "A", "name", "a", "seq", 1, "capPercent", "50.00", "minRetainedPercent", "0"),
                        Map.of("code", "B", "name", "b", "seq", 2, "capPercent", "40.00", "minRetainedPercent", "0"))))
                .put("/api/v1/construction-nodes").then().statusCode(400);
        Api.admin().body(Map.of("nodes", List.of(
                        Map.of("code", "A", "name", "a", "seq", 1, "capPercent", "100.01", "minRetainedPercent", "0"))))
                .put("/api/v1/construction-nodes").then().statusCode(400);
        Api.admin().body(Map.of("nodes", current)).put("/api/v1/construction-nodes").then().statusCode(200)
                .body("code", equalTo(current.stream().map(n -> n.get("code")).toList()));
    }

    /**
     * Issue 14, finding 2: a user who applied for a release approved it. ENTERPRISE now stands alone, so an applicant
     * holds no bureau role; the rule holds all the same, for applications made before (here a row names a supervisor).
     */
    @Test
    void shouldNeverLetTheApplicantDecideTheirOwnRelease() {
        keyAmount("0.00");
        money("CREDIT", "1000.00", "DEPOSIT", "");
        String release = apply("PRESALE_PERMIT", "100.00");
        String applicant = Api.user("SUPERVISOR", null);
        Db.update("UPDATE release_application SET applied_by = ? WHERE release_no = ?", applicant, release);

        Api.as(applicant).body(Map.of("reason", "资料齐全")).post("/api/v1/releases/" + release + "/approval").then().statusCode(403)
                .contentType("application/problem+json").body("type", equalTo("/problems/forbidden"));
        Api.as(applicant).body(Map.of("reason", "不同意")).post("/api/v1/releases/" + release + "/rejection").then().statusCode(403);
        Api.supervisor().get("/api/v1/releases/" + release).then().body("status", equalTo("APPLIED"));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject = ? AND actor = ?", "release:" + release, applicant)).isZero();

        approve(release).then().statusCode(200).body("status", equalTo("APPROVED"));
    }
}

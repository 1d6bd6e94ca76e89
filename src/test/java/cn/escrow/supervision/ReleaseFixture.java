package cn.escrow.supervision;

import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.SignedClient;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** A project with its account, bank and developer user, and the calls a release story makes over HTTP. */
final class ReleaseFixture {

    static final String PAYEE = "云南建工第三建设有限公司";
    static final String PAYEE_ACCOUNT = "53001234567890";

    final Api.Fixture fx;
    final SignedClient bank;
    final String enterpriseUser;

    ReleaseFixture() {
        String bankCode = "R" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
        enterpriseUser = Api.user("ENTERPRISE", fx.enterpriseId());
    }

    long projectId() {
        return fx.projectId();
    }

    void keyAmount(String amount) {
        Api.supervisor().body(Map.of("keyAmount", amount, "reason", "按建设成本核定"))
                .put("/api/v1/projects/" + fx.projectId() + "/key-amount").then().statusCode(200);
    }

    /** Pushes a transaction and returns its serial number; {@code extra} adds JSON fields (with a leading comma). */
    String money(String direction, String amount, String purpose, String extra) {
        String serial = "RT-" + Api.next();
        bank.post("/api/v1/bank/account-transactions", """
                {"serialNo":"%s","accountNo":"%s","direction":"%s","amount":"%s","purpose":"%s",
                 "bookedAt":"2026-11-02T09:30:00+08:00"%s}""".formatted(serial, fx.accountNo(), direction, amount, purpose, extra))
                .then().statusCode(201);
        return serial;
    }

    /** The bank pays a release: a RELEASE debit naming it, to {@code account}. */
    String pay(String releaseNo, String amount, String account) {
        return money("DEBIT", amount, "RELEASE", ",\"releaseNo\":\"%s\",\"counterpartyName\":\"%s\",\"counterpartyAccountNo\":\"%s\""
                .formatted(releaseNo, PAYEE, account));
    }

    /** The bank reverses an earlier debit (退汇): a credit naming it. */
    String reverse(String serialNo, String amount, String purpose) {
        return money("CREDIT", amount, purpose, ",\"reversesSerialNo\":\"" + serialNo + "\"");
    }

    String apply(String node, String amount) {
        return Api.as(enterpriseUser).body(Map.of("nodeCode", node, "amount", amount, "payeeName", PAYEE,
                        "payeeAccountNo", PAYEE_ACCOUNT, "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "主体结构工程进度款", "documents", List.of("形象进度证明-001")))
                .post("/api/v1/projects/" + fx.projectId() + "/releases").then().statusCode(201)
                .body("status", equalTo("APPLIED")).extract().jsonPath().getString("releaseNo");
    }

    Response approve(String releaseNo) {
        return Api.supervisor().body(Map.of("reason", "资料齐全")).post("/api/v1/releases/" + releaseNo + "/approval");
    }

    JsonPath release(String releaseNo) {
        return Api.supervisor().get("/api/v1/releases/" + releaseNo).then().statusCode(200).extract().jsonPath();
    }

    JsonPath position() {
        return Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/supervision").then().statusCode(200).extract().jsonPath();
    }

    /** This month's report for the project (the period is still open, so it runs to now). */
    JsonPath report() {
        LocalDate monthStart = LocalDate.now(ZoneId.of("Asia/Shanghai")).withDayOfMonth(1);
        return Api.supervisor().get("/api/v1/reports/MONTHLY?periodStart=" + monthStart + "&projectId=" + fx.projectId())
                .then().statusCode(200).extract().jsonPath();
    }

    List<String> openAlertKinds() {
        return Api.supervisor().get("/api/v1/alerts?projectId=" + fx.projectId() + "&size=200").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.status != 'CLOSED' }.kind", String.class);
    }
}

package cn.escrow.platform.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, finding 4: a body-less POST from another site, riding on the browser's cached Basic credentials,
 * approved a release, and the same on secret-rotations rotated a bank's secret. Both are refused now.
 */
@QuarkusTest
class CrossSiteRequestTest {

    private static final String EVIL = "https://evil.example";
    private static final String ALLOWED = "https://escrow.test.example"; // escrow.http.allowed-origins in %test

    private static RequestSpecification basic(String username, String password) {
        return given().auth().preemptive().basic(username, password);
    }

    private static String release() {
        Api.Fixture fx = Api.project("CS" + (Api.next() % 100000));
        String enterpriseUser = Api.user("ENTERPRISE", fx.enterpriseId());
        return Api.as(enterpriseUser).body(Map.of("nodeCode", "PRESALE_PERMIT", "amount", "100.00", "payeeName", "云南建工第三建设有限公司",
                        "payeeAccountNo", "53001234567890", "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "主体结构工程进度款", "documents", List.of("形象进度证明-001")))
                .post("/api/v1/projects/" + fx.projectId() + "/releases").then().statusCode(201).extract().jsonPath().getString("releaseNo");
    }

    @Test
    void shouldRefuseACrossSiteApprovalBeforeAnythingChanges() {
        String release = release();
        String supervisor = Api.user("SUPERVISOR", null);
        long audit = Db.count("SELECT count(*) FROM audit_event");

        basic(supervisor, Api.PASSWORD).header("Origin", EVIL).post("/api/v1/releases/" + release + "/approval").then()
                .statusCode(403).contentType("application/problem+json").body("type", equalTo("/problems/forbidden"));
        basic(supervisor, Api.PASSWORD).header("Sec-Fetch-Site", "cross-site").post("/api/v1/releases/" + release + "/approval")
                .then().statusCode(403);
        basic(supervisor, Api.PASSWORD).header("Origin", "null").contentType("text/plain").body("x")
                .post("/api/v1/releases/" + release + "/rejection").then().statusCode(403);
        // Even wrong credentials: refused before they are checked (no failed login is counted either).
        basic(supervisor, "Wrong-Password-1").header("Origin", EVIL).post("/api/v1/releases/" + release + "/approval").then()
                .statusCode(403);
        assertThat(Db.count("SELECT count(*) FROM audit_event")).isEqualTo(audit);
        Api.supervisor().get("/api/v1/releases/" + release).then().body("status", equalTo("APPLIED"));

        // From the listed origin, or same-origin as a browser says it, the request goes through.
        basic(supervisor, Api.PASSWORD).contentType("application/json").header("Origin", ALLOWED + "/")
                .header("Sec-Fetch-Site", "same-origin").body(Map.of("reason", "资料不全")).post("/api/v1/releases/" + release + "/rejection")
                .then().statusCode(200).body("status", equalTo("REJECTED"));
    }

    @Test
    void shouldRefuseACrossSiteSecretRotationTwiceInARow() {
        Api.Fixture fx = Api.project("XS" + (Api.next() % 100000));
        SignedClient bank = SignedClient.bank(fx.bankCode());
        for (int i = 0; i < 2; i++) {
            basic("admin", Api.ADMIN_PASSWORD).header("Origin", EVIL).post("/api/v1/clients/" + bank.clientId + "/secret-rotations")
                    .then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        }
        // Nothing was rotated: the bank's one secret still signs its pushes.
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE subject = ? AND action = 'CLIENT_SECRET_ROTATED'",
                "client:" + bank.clientId)).isZero();
        bank.post("/api/v1/bank/account-transactions", deposit(fx.accountNo())).then().statusCode(201);
    }

    @Test
    void shouldRefuseACrossSitePasswordChange() {
        String auditor = Api.user("AUDITOR", null);
        basic(auditor, Api.PASSWORD).contentType("application/json").header("Origin", EVIL)
                .body(Map.of("currentPassword", Api.PASSWORD, "newPassword", "Taken-Over-By-Evil-1")).put("/api/v1/users/me/password")
                .then().statusCode(403);
        Api.as(auditor).get("/api/v1/enterprises").then().statusCode(200);
    }

    @Test
    void shouldLeaveReadsAndSignedMachineClientsAlone() {
        basic("admin", Api.ADMIN_PASSWORD).header("Origin", EVIL).header("Sec-Fetch-Site", "cross-site").get("/api/v1/enterprises")
                .then().statusCode(200);
        // A signed push carries no Basic header: a browser cannot make a site send a bank's signature.
        Api.Fixture fx = Api.project("SG" + (Api.next() % 100000));
        SignedClient bank = SignedClient.bank(fx.bankCode());
        String body = deposit(fx.accountNo());
        long ts = bank.now();
        given().contentType("application/json").header("Origin", EVIL).header("X-Client-Id", bank.clientId)
                .header("X-Timestamp", String.valueOf(ts))
                .header("X-Signature", SignedClient.signature(bank.secret, ts, "POST", "/api/v1/bank/account-transactions", body))
                .body(body).post("/api/v1/bank/account-transactions").then().statusCode(201);
    }

    private static String deposit(String accountNo) {
        return """
                {"serialNo":"CS-%d","accountNo":"%s","direction":"CREDIT","amount":"10.00","purpose":"DEPOSIT",
                 "bookedAt":"2026-11-02T09:30:00+08:00"}""".formatted(Api.next(), accountNo);
    }
}

package cn.escrow.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The online signing system files contracts with signed requests; banks may not. */
@QuarkusTest
class SigningSystemFilingTest {

    static String contract(long projectId, String contractNo) {
        return """
                {"projectId":%d,"contractNo":"%s","unitNo":"3-1202","buyerName":"赵六","buyerIdNo":"%s",
                 "totalPrice":"800000.00","downPayment":"240000.00","loanAmount":"560000.00","loanType":"PROVIDENT_FUND"}"""
                .formatted(projectId, contractNo, Api.residentId());
    }

    @Test
    void shouldFileAContractSignedByTheSigningSystem() {
        Api.Fixture fx = Api.project("WQ");
        SignedClient signing = SignedClient.signingSystem();
        String contractNo = "WQ-" + Api.next();
        signing.post("/api/v1/contracts", contract(fx.projectId(), contractNo)).then().statusCode(201)
                .body("contractNo", equalTo(contractNo)).body("status", equalTo("FILED"))
                .body("loanType", equalTo("PROVIDENT_FUND"));
        Api.supervisor().get("/api/v1/audit-events?projectId=" + fx.projectId() + "&action=CONTRACT_FILED").then()
                .statusCode(200).body("[0].actor", equalTo("client:" + signing.clientId));
    }

    @Test
    void shouldRefuseBanksUnsignedCallsAndAuditors() {
        Api.Fixture fx = Api.project("WQ");
        String body = contract(fx.projectId(), "WQ-" + Api.next());
        SignedClient.bank("WQ").post("/api/v1/contracts", body).then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        given().contentType("application/json").body(body).post("/api/v1/contracts").then().statusCode(401)
                .body("type", equalTo("/problems/unauthenticated"));
        Api.as(Api.user("AUDITOR", null)).body(body).post("/api/v1/contracts").then().statusCode(403);
        SignedClient signing = SignedClient.signingSystem();
        signing.secret = "f".repeat(64);
        signing.post("/api/v1/contracts", body).then().statusCode(401);
        Api.supervisor().get("/api/v1/contracts?projectId=" + fx.projectId()).then().header("X-Total-Count", "0");
    }
}

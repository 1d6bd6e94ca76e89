package cn.escrow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ContractCancellationTest {

    static final String TRANSACTIONS = "/api/v1/bank/account-transactions";

    Api.Fixture fx;
    SignedClient bank;
    String contractNo;

    @BeforeEach
    void setUp() {
        String bankCode = "R" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
        contractNo = Api.contract(fx.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
        bank.post(TRANSACTIONS, """
                {"serialNo":"T-%d","accountNo":"%s","direction":"CREDIT","amount":"300000.00","purpose":"DOWN_PAYMENT",
                 "bookedAt":"2026-11-20T09:00:00+08:00","contractNo":"%s"}""".formatted(Api.next(), fx.accountNo(), contractNo))
                .then().statusCode(201);
    }

    static String cancellation(String refund) {
        return """
                {"reason":"买受人申请解除合同，双方协商一致","refundAmount":"%s"}""".formatted(refund);
    }

    String refund(String serial, String amount, String contract) {
        return """
                {"serialNo":"%s","accountNo":"%s","direction":"DEBIT","amount":"%s","purpose":"REFUND",
                 "bookedAt":"2026-11-25T09:00:00+08:00","contractNo":"%s"}""".formatted(serial, fx.accountNo(), amount, contract);
    }

    JsonPath unexplained() {
        return Api.supervisor().queryParam("projectId", fx.projectId()).queryParam("kind", "UNEXPLAINED_DEBIT")
                .get("/api/v1/alerts").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldCancelAndSettleRefundDebitsUpToWhatIsDue() {
        String path = "/api/v1/contracts/" + contractNo;
        Api.supervisor().get(path).then().statusCode(200)
                .body("status", equalTo("FILED")).body("refundDue", equalTo("0.00")).body("refunded", equalTo("0.00"))
                .body("cancelledAt", nullValue());
        Api.supervisor().body(cancellation("300000.00")).post(path + "/cancellation").then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("refundDue", equalTo("300000.00"))
                .body("refunded", equalTo("0.00")).body("cancelledAt", notNullValue());
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'CONTRACT_CANCELLED' AND subject = ?",
                "contract:" + contractNo)).isEqualTo(1);

        bank.post(TRANSACTIONS, refund("T-" + Api.next(), "100000.00", contractNo)).then().statusCode(201);
        Api.supervisor().get(path).then().body("refunded", equalTo("100000.00"));
        bank.post(TRANSACTIONS, refund("T-" + Api.next(), "200000.00", contractNo)).then().statusCode(201);
        Api.supervisor().get(path).then().body("refunded", equalTo("300000.00")).body("refundDue", equalTo("300000.00"));
        assertThat(unexplained().getList("$")).isEmpty();

        // Beyond what is due: recorded (the bank's debit happened) but unexplained.
        bank.post(TRANSACTIONS, refund("T-" + Api.next(), "0.01", contractNo)).then().statusCode(201);
        Api.supervisor().get(path).then().body("refunded", equalTo("300000.00"));
        JsonPath alerts = unexplained();
        assertThat(alerts.getList("$")).hasSize(1);
        assertThat(alerts.getString("[0].severity")).isEqualTo("HIGH");
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/account").then().body("balance", equalTo("-0.01"));
    }

    @Test
    void shouldRaiseAlertForRefundOfContractThatIsNotCancelled() {
        bank.post(TRANSACTIONS, refund("T-" + Api.next(), "1000.00", contractNo)).then().statusCode(201);
        assertThat(unexplained().getList("$")).hasSize(1);
        Api.supervisor().get("/api/v1/contracts/" + contractNo).then().body("refunded", equalTo("0.00"));
    }

    @Test
    void shouldRefuseSecondCancellationUnknownContractAndBadAmounts() {
        String path = "/api/v1/contracts/" + contractNo + "/cancellation";
        Api.supervisor().body(cancellation("1000000.01")).post(path).then().statusCode(400)
                .body("type", equalTo("/problems/validation-failed")).body("violations.field", hasItem("refundAmount"));
        Api.supervisor().body(cancellation("-1.00")).post(path).then().statusCode(400)
                .body("violations.field", hasItem("refundAmount"));
        Api.supervisor().body(cancellation("1.001")).post(path).then().statusCode(400)
                .body("violations.field", hasItem("refundAmount"));
        Api.supervisor().body(Map.of("refundAmount", "1.00")).post(path).then().statusCode(400)
                .body("violations.field", hasItem("reason"));
        Api.supervisor().body(Map.of("reason", "解除")).post(path).then().statusCode(400)
                .body("violations.field", hasItem("refundAmount"));
        Api.supervisor().get("/api/v1/contracts/" + contractNo).then().body("status", equalTo("FILED"));

        // 0.00 is allowed: nothing was paid, or the buyer forfeits it.
        Api.supervisor().body(cancellation("0.00")).post(path).then().statusCode(200).body("refundDue", equalTo("0.00"));
        Api.supervisor().body(cancellation("0.00")).post(path).then().statusCode(409).body("type", equalTo("/problems/conflict"));
        Api.supervisor().body(cancellation("1.00")).post("/api/v1/contracts/NO-SUCH-" + Api.next() + "/cancellation")
                .then().statusCode(404).body("type", equalTo("/problems/not-found"));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'CONTRACT_CANCELLED' AND subject = ?",
                "contract:" + contractNo)).isEqualTo(1);
    }

    @Test
    void shouldLetSigningSystemCancelButNotAuditorsOrBanks() {
        String path = "/api/v1/contracts/" + contractNo + "/cancellation";
        Api.as(Api.user("AUDITOR", null)).body(cancellation("1.00")).post(path).then().statusCode(403);
        Api.as(Api.user("ENTERPRISE", fx.enterpriseId())).body(cancellation("1.00")).post(path).then().statusCode(403);
        bank.post(path, cancellation("1.00")).then().statusCode(403);
        SignedClient signing = SignedClient.signingSystem();
        String secret = signing.secret;
        signing.secret = "1".repeat(64);
        signing.post(path, cancellation("1.00")).then().statusCode(401);
        signing.secret = secret;
        signing.post(path, cancellation("150000.00")).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("refundDue", equalTo("150000.00"));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'CONTRACT_CANCELLED' AND actor = ?",
                "client:" + signing.clientId)).isEqualTo(1);
        Api.supervisor().queryParam("projectId", fx.projectId()).queryParam("status", "CANCELLED").get("/api/v1/contracts")
                .then().statusCode(200).header("X-Total-Count", "1").body("[0].refundDue", equalTo("150000.00"));
    }
}

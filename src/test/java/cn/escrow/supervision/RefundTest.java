package cn.escrow.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Refunds: capped at what the account received for the contract, from free money first, key money only by an approved
 * refund application (four eyes) that lowers K, and a reversed refund due again. One story, K 1,000,000.00.
 */
@QuarkusTest
class RefundTest {

    @Test
    void shouldTakeKeyMoneyForARefundOnlyByAnApprovedApplication() {
        ReleaseFixture f = new ReleaseFixture();
        f.keyAmount("1000000.00");
        String contract = Api.contract(f.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
        f.money("CREDIT", "300000.00", "DOWN_PAYMENT", ",\"contractNo\":\"" + contract + "\"");
        f.money("CREDIT", "750000.00", "DEPOSIT", "");
        assertThat(f.position().getString("freeAmount")).isEqualTo("50000.00");

        // The refund due is capped at what the account received for the contract (300,000.00), not the price.
        String cancel = "/api/v1/contracts/" + contract + "/cancellation";
        Api.supervisor().body(Map.of("reason", "买受人解除合同", "refundAmount", "300000.01")).post(cancel).then().statusCode(400)
                .body("type", equalTo("/problems/validation-failed")).body("violations.field", hasItem("refundAmount"));
        String applications = "/api/v1/contracts/" + contract + "/refund-applications";
        Api.as(f.enterpriseUser).body(Map.of("keyAmount", "1.00", "reason", "退款")).post(applications).then().statusCode(409);
        Api.supervisor().body(Map.of("reason", "买受人解除合同", "refundAmount", "300000.00")).post(cancel).then().statusCode(200)
                .body("refundDue", equalTo("300000.00"));

        // 100,000.00 refunded with 50,000.00 free: 50,000.00 of key money taken without an application.
        f.money("DEBIT", "100000.00", "REFUND", ",\"contractNo\":\"" + contract + "\"");
        assertThat(contract(contract).getString("refunded")).isEqualTo("100000.00");
        assertThat(f.openAlertKinds()).containsOnlyOnce("REFUND_TOOK_KEY_MONEY");
        assertThat(f.position().getString("topUpDue")).isEqualTo("50000.00");

        // Four eyes: the applicant cannot decide; one application at a time; never more than the refund still due.
        String clerk = Api.user("SUPERVISOR", null);
        Api.as(clerk).body(Map.of("keyAmount", "200000.01", "reason", "退款")).post(applications).then().statusCode(400)
                .body("violations.field", hasItem("keyAmount"));
        long first = Api.as(clerk).body(Map.of("keyAmount", "150000.00", "reason", "非重点资金不足")).post(applications)
                .then().statusCode(201).body("status", equalTo("APPLIED")).extract().jsonPath().getLong("id");
        Api.as(clerk).body(Map.of("reason", "同意")).post("/api/v1/refund-applications/" + first + "/approval").then().statusCode(403);
        Api.as(f.enterpriseUser).body(Map.of("reason", "同意")).post("/api/v1/refund-applications/" + first + "/approval")
                .then().statusCode(403);
        Api.as(f.enterpriseUser).body(Map.of("keyAmount", "1.00", "reason", "退款")).post(applications).then().statusCode(409);
        Api.supervisor().body(Map.of("reason", "金额不符")).post("/api/v1/refund-applications/" + first + "/rejection")
                .then().statusCode(200).body("status", equalTo("REJECTED"));
        assertThat(f.position().getString("keyAmount")).isEqualTo("1000000.00");

        long second = Api.as(f.enterpriseUser).body(Map.of("keyAmount", "200000.00", "reason", "退还购房款"))
                .post(applications).then().statusCode(201).extract().jsonPath().getLong("id");
        Api.supervisor().body(Map.of("reason", "同意动用")).post("/api/v1/refund-applications/" + second + "/approval")
                .then().statusCode(200).body("status", equalTo("APPROVED"));
        Api.supervisor().body(Map.of("reason", "again")).post("/api/v1/refund-applications/" + second + "/approval")
                .then().statusCode(409);
        // What the approved application freed counts against the refund: no second application for the same money.
        Api.as(clerk).body(Map.of("keyAmount", "0.01", "reason", "再次退款")).post(applications).then().statusCode(400)
                .body("violations.field", hasItem("keyAmount"));
        JsonPath p = f.position();
        assertThat(p.getString("keyAmount")).isEqualTo("800000.00");
        assertThat(p.getString("balance")).isEqualTo("950000.00");
        assertThat(p.getString("freeAmount")).isEqualTo("150000.00");
        assertThat(p.getString("topUpDue")).isEqualTo("0.00");
        assertThat(Api.supervisor().get("/api/v1/projects/" + f.projectId() + "/key-amount-changes").then().extract()
                .jsonPath().getString("[0].reason")).contains("refund application " + second);

        // Now the rest comes from free money: no new alert.
        String refund = f.money("DEBIT", "150000.00", "REFUND", ",\"contractNo\":\"" + contract + "\"");
        assertThat(contract(contract).getString("refunded")).isEqualTo("250000.00");
        assertThat(f.openAlertKinds()).containsOnlyOnce("REFUND_TOOK_KEY_MONEY");

        // The bank reverses that refund (退汇): it is due again.
        f.reverse(refund, "150000.00", "REFUND");
        JsonPath c = contract(contract);
        assertThat(c.getString("refunded")).isEqualTo("100000.00");
        assertThat(c.getString("refundDue")).isEqualTo("300000.00");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'REFUND_REVERSED' AND subject = ?",
                "contract:" + contract)).isEqualTo(1);
        assertThat(f.position().getString("freeAmount")).isEqualTo("150000.00");

        // Parties only: another enterprise's user gets 404.
        String stranger = Api.user("ENTERPRISE", Api.enterprise());
        Api.as(stranger).get(applications).then().statusCode(404);
        Api.as(stranger).get("/api/v1/refund-applications/" + second).then().statusCode(404);
        Api.as(f.enterpriseUser).get(applications).then().statusCode(200).body("size()", equalTo(2));
    }

    private static JsonPath contract(String contractNo) {
        return Api.supervisor().get("/api/v1/contracts/" + contractNo).then().statusCode(200).extract().jsonPath();
    }
}

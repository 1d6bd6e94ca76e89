package cn.escrow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import cn.escrow.support.Api;
import cn.escrow.support.NoLeaks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ContractApiTest {

    private static final String RESIDENT_ID_CHECKS = "10X98765432";

    /** A valid contract body; tests replace single fields. */
    private static Map<String, Object> body(long projectId) {
        Map<String, Object> body = new HashMap<>();
        body.put("projectId", projectId);
        body.put("contractNo", "HT" + Api.next());
        body.put("unitNo", "3-1-" + Api.next());
        body.put("buyerName", "李四");
        body.put("buyerIdNo", Api.residentId());
        body.put("totalPrice", "1000000.00");
        body.put("downPayment", "300000.00");
        body.put("loanAmount", "700000.00");
        body.put("loanType", "COMMERCIAL");
        return body;
    }

    private static Response file(Map<String, Object> body) {
        return Api.supervisor().body(body).post("/api/v1/contracts");
    }

    private static Response fileRaw(String json) {
        return Api.supervisor().body(json).post("/api/v1/contracts");
    }

    static String masked(String idNo) {
        return idNo.substring(0, 6) + "*".repeat(idNo.length() - 10) + idNo.substring(idNo.length() - 4);
    }

    private static void assertValidationFailed(Response r, String field) {
        r.then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation-failed"))
                .body("violations.field", hasItem(field));
        NoLeaks.assertProblemWithoutLeaks(r);
    }

    private static void assertNotFiled(String contractNo) {
        Api.supervisor().get("/api/v1/contracts/" + contractNo).then().statusCode(404)
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void shouldFileContractWithMaskedBuyerId() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> body = body(f.projectId());
        String idNo = (String) body.get("buyerIdNo");
        String contractNo = (String) body.get("contractNo");
        Response r = file(body);
        r.then().statusCode(201)
                .contentType("application/json")
                .body("id", notNullValue())
                .body("contractNo", equalTo(contractNo))
                .body("projectId", equalTo((int) f.projectId()))
                .body("unitNo", equalTo(body.get("unitNo")))
                .body("buyerName", equalTo("李四"))
                .body("buyerIdNo", equalTo(masked(idNo)))
                .body("totalPrice", equalTo("1000000.00"))
                .body("downPayment", equalTo("300000.00"))
                .body("loanAmount", equalTo("700000.00"))
                .body("loanType", equalTo("COMMERCIAL"))
                .body("status", equalTo("FILED"));
        assertThat(masked(idNo)).hasSize(18).startsWith(idNo.substring(0, 6)).contains("********")
                .endsWith(idNo.substring(14));
        assertThat(r.asString()).doesNotContain(idNo);

        Response got = Api.supervisor().get("/api/v1/contracts/" + contractNo);
        got.then().statusCode(200)
                .body("contractNo", equalTo(contractNo))
                .body("projectId", equalTo((int) f.projectId()))
                .body("buyerIdNo", equalTo(masked(idNo)))
                .body("totalPrice", equalTo("1000000.00"))
                .body("status", equalTo("FILED"));
        assertThat(got.asString()).doesNotContain(idNo);
    }

    @Test
    void shouldMaskKnownResidentIdAsSpecified() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> body = body(f.projectId());
        body.put("buyerIdNo", "11010519491231002X");
        file(body).then().statusCode(201).body("buyerIdNo", equalTo("110105********002X"));
    }

    @Test
    void shouldFileCashPurchaseWithoutLoan() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> body = body(f.projectId());
        body.put("downPayment", "1000000.00");
        body.put("loanAmount", "0");
        body.put("loanType", "NONE");
        file(body).then().statusCode(201)
                .body("loanAmount", equalTo("0.00"))
                .body("loanType", equalTo("NONE"));
    }

    @Test
    void shouldRefuseWhenDownPaymentAndLoanDoNotAddUp() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> body = body(f.projectId());
        body.put("loanAmount", "699999.99");
        Response r = file(body);
        r.then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation-failed"));
        NoLeaks.assertProblemWithoutLeaks(r);
        assertNotFiled((String) body.get("contractNo"));
    }

    @Test
    void shouldRequireLoanTypeNoneExactlyWhenThereIsNoLoan() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> noneWithLoan = body(f.projectId());
        noneWithLoan.put("loanType", "NONE");
        Response r1 = file(noneWithLoan);
        r1.then().statusCode(400).body("type", equalTo("/problems/validation-failed"));
        NoLeaks.assertProblemWithoutLeaks(r1);
        assertNotFiled((String) noneWithLoan.get("contractNo"));

        Map<String, Object> loanWithoutAmount = body(f.projectId());
        loanWithoutAmount.put("downPayment", "1000000.00");
        loanWithoutAmount.put("loanAmount", "0.00");
        loanWithoutAmount.put("loanType", "COMMERCIAL");
        Response r2 = file(loanWithoutAmount);
        r2.then().statusCode(400).body("type", equalTo("/problems/validation-failed"));
        NoLeaks.assertProblemWithoutLeaks(r2);
        assertNotFiled((String) loanWithoutAmount.get("contractNo"));
    }

    @Test
    void shouldRefuseResidentIdWithWrongCheckCharacter() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> body = body(f.projectId());
        String good = (String) body.get("buyerIdNo");
        char wrong = RESIDENT_ID_CHECKS.charAt((RESIDENT_ID_CHECKS.indexOf(good.charAt(17)) + 1) % 11);
        String bad = good.substring(0, 17) + wrong;
        body.put("buyerIdNo", bad);
        Response r = file(body);
        assertValidationFailed(r, "buyerIdNo");
        assertThat(r.asString()).doesNotContain(bad);
        assertNotFiled((String) body.get("contractNo"));

        // A known-bad ID: the right check character of 11010519491231002 is X.
        body.put("buyerIdNo", "110105194912310021");
        assertValidationFailed(file(body), "buyerIdNo");
    }

    @Test
    void shouldAcceptNonResidentIdDocuments() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> body = body(f.projectId());
        body.put("buyerIdNo", "E12345678");
        Response r = file(body);
        r.then().statusCode(201);
        assertThat(r.jsonPath().getString("buyerIdNo")).hasSize(9).isNotEqualTo("E12345678");
    }

    @Test
    void shouldReadMoneyFromJsonNumbersExactly() {
        Api.Fixture f = Api.project("ICBC");
        String contractNo = "HT" + Api.next();
        String json = "{\"projectId\": " + f.projectId() + ", \"contractNo\": \"" + contractNo + "\", \"unitNo\": \"8-808\","
                + " \"buyerName\": \"王五\", \"buyerIdNo\": \"" + Api.residentId() + "\","
                + " \"totalPrice\": 1000000.10, \"downPayment\": 300000.05, \"loanAmount\": 700000.05,"
                + " \"loanType\": \"PROVIDENT_FUND\"}";
        Response r = fileRaw(json);
        r.then().statusCode(201)
                .body("totalPrice", equalTo("1000000.10"))
                .body("downPayment", equalTo("300000.05"))
                .body("loanAmount", equalTo("700000.05"));
        assertThat(r.asString()).contains("\"totalPrice\":\"1000000.10\"");
        Api.supervisor().get("/api/v1/contracts/" + contractNo).then().statusCode(200)
                .body("totalPrice", equalTo("1000000.10"))
                .body("downPayment", equalTo("300000.05"))
                .body("loanAmount", equalTo("700000.05"));
    }

    @Test
    void shouldNeverPassMoneyThroughFloatingPoint() {
        Api.Fixture f = Api.project("ICBC");
        // As doubles 0.1 + 0.2 != 0.3, and new BigDecimal(0.1) has 55 decimals: either would be refused.
        String json = "{\"projectId\": " + f.projectId() + ", \"contractNo\": \"HT" + Api.next() + "\", \"unitNo\": \"车位-1\","
                + " \"buyerName\": \"赵六\", \"buyerIdNo\": \"" + Api.residentId() + "\","
                + " \"totalPrice\": 0.3, \"downPayment\": 0.1, \"loanAmount\": 0.2, \"loanType\": \"COMMERCIAL\"}";
        fileRaw(json).then().statusCode(201)
                .body("totalPrice", equalTo("0.30"))
                .body("downPayment", equalTo("0.10"))
                .body("loanAmount", equalTo("0.20"));

        // The largest amount has 14 significant digits; it must come back unchanged.
        String largest = "{\"projectId\": " + f.projectId() + ", \"contractNo\": \"HT" + Api.next() + "\", \"unitNo\": \"整栋\","
                + " \"buyerName\": \"赵六\", \"buyerIdNo\": \"" + Api.residentId() + "\","
                + " \"totalPrice\": 999999999999.99, \"downPayment\": 999999999999.99, \"loanAmount\": 0, \"loanType\": \"NONE\"}";
        fileRaw(largest).then().statusCode(201)
                .body("totalPrice", equalTo("999999999999.99"))
                .body("loanAmount", equalTo("0.00"));
    }

    @Test
    void shouldRefuseMoneyWithThreeDecimals() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> asString = body(f.projectId());
        asString.put("totalPrice", "1000000.001");
        assertValidationFailed(file(asString), "totalPrice");

        String asNumber = "{\"projectId\": " + f.projectId() + ", \"contractNo\": \"HT" + Api.next() + "\", \"unitNo\": \"1\","
                + " \"buyerName\": \"王五\", \"buyerIdNo\": \"" + Api.residentId() + "\","
                + " \"totalPrice\": 1000000.001, \"downPayment\": 300000.00, \"loanAmount\": 700000.00, \"loanType\": \"COMMERCIAL\"}";
        assertValidationFailed(fileRaw(asNumber), "totalPrice");
    }

    @Test
    void shouldRefuseExponentNotation() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> asString = body(f.projectId());
        asString.put("totalPrice", "1e6");
        asString.put("downPayment", "300000.00");
        asString.put("loanAmount", "700000.00");
        assertValidationFailed(file(asString), "totalPrice");

        String asNumber = "{\"projectId\": " + f.projectId() + ", \"contractNo\": \"HT" + Api.next() + "\", \"unitNo\": \"1\","
                + " \"buyerName\": \"王五\", \"buyerIdNo\": \"" + Api.residentId() + "\","
                + " \"totalPrice\": 1e6, \"downPayment\": 300000.00, \"loanAmount\": 700000.00, \"loanType\": \"COMMERCIAL\"}";
        Response r = fileRaw(asNumber);
        r.then().statusCode(400).body("type", equalTo("/problems/validation-failed"));
        NoLeaks.assertProblemWithoutLeaks(r);
        assertNotFiled((String) asString.get("contractNo"));
    }

    @Test
    void shouldRefuseNegativeAndZeroAmounts() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> negative = body(f.projectId());
        negative.put("totalPrice", "-1000000.00");
        negative.put("downPayment", "-1700000.00");
        assertValidationFailed(file(negative), "totalPrice");

        Map<String, Object> negativeDown = body(f.projectId());
        negativeDown.put("downPayment", "-300000.00");
        negativeDown.put("loanAmount", "1300000.00");
        assertValidationFailed(file(negativeDown), "downPayment");

        Map<String, Object> zero = body(f.projectId());
        zero.put("totalPrice", "0.00");
        zero.put("downPayment", "0.00");
        zero.put("loanAmount", "0.00");
        zero.put("loanType", "NONE");
        assertValidationFailed(file(zero), "totalPrice");

        Map<String, Object> tooLarge = body(f.projectId());
        tooLarge.put("totalPrice", "1000000000000.00");
        tooLarge.put("downPayment", "300000000000.00");
        tooLarge.put("loanAmount", "700000000000.00");
        assertValidationFailed(file(tooLarge), "totalPrice");
    }

    @Test
    void shouldRefuseDuplicateContractNo() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> body = body(f.projectId());
        file(body).then().statusCode(201);
        Map<String, Object> again = body(f.projectId());
        again.put("contractNo", body.get("contractNo"));
        Response r = file(again);
        r.then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/conflict"));
        NoLeaks.assertProblemWithoutLeaks(r);
        Api.supervisor().get("/api/v1/contracts/" + body.get("contractNo")).then().statusCode(200)
                .body("unitNo", equalTo(body.get("unitNo")));
    }

    @Test
    void shouldRefuseUnknownProject() {
        Map<String, Object> body = body(987_654_321_012L);
        Response r = file(body);
        r.then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unknown-reference"));
        NoLeaks.assertProblemWithoutLeaks(r);
        assertNotFiled((String) body.get("contractNo"));
    }

    @Test
    void shouldAnswerUnknownContractWith404() {
        Api.supervisor().get("/api/v1/contracts/HT-no-such-" + Api.next()).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void shouldListContractsOfOneProject() {
        Api.Fixture f = Api.project("ICBC");
        Api.Fixture other = Api.project("ICBC");
        String c1 = Api.contract(f.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
        Api.contract(other.projectId(), "500000.00", "500000.00", "0.00", "NONE");
        String c2 = Api.contract(f.projectId(), "800000.00", "200000.00", "600000.00", "PROVIDENT_FUND");

        Response r = Api.supervisor().queryParam("projectId", f.projectId()).get("/api/v1/contracts");
        r.then().statusCode(200).header("X-Total-Count", "2");
        assertThat(r.jsonPath().getList("contractNo", String.class)).containsExactly(c1, c2);
        assertThat(r.jsonPath().getList("projectId", Long.class)).containsOnly(f.projectId());
        assertThat(r.jsonPath().getList("totalPrice", String.class)).containsExactly("1000000.00", "800000.00");
        assertThat(r.jsonPath().getList("buyerIdNo", String.class)).allSatisfy(id -> assertThat(id).contains("********"));

        Response page = Api.supervisor().queryParam("projectId", f.projectId()).queryParam("size", 1).queryParam("page", 1)
                .get("/api/v1/contracts");
        page.then().statusCode(200).header("X-Total-Count", "2");
        assertThat(page.jsonPath().getList("contractNo", String.class)).isEqualTo(List.of(c2));
    }

    @Test
    void shouldLetOnlySupervisorsAndAdminsFileContracts() {
        Api.Fixture f = Api.project("ICBC");
        Map<String, Object> body = body(f.projectId());
        Api.as(Api.user("AUDITOR", null)).body(body).post("/api/v1/contracts").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        Api.as(Api.user("ENTERPRISE", f.enterpriseId())).body(body).post("/api/v1/contracts").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        io.restassured.RestAssured.given().contentType("application/json").body(body).post("/api/v1/contracts")
                .then().statusCode(401).body("type", equalTo("/problems/unauthenticated"));
        assertNotFiled((String) body.get("contractNo"));
    }
}

package cn.escrow.buyers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The buyers' self-check with the default limits: exact figures, one 404 for every miss, limits per contract and address. */
@QuarkusTest
class BuyerLookupTest {

    @BeforeEach
    void freshCounters() {
        // Every request of the tests comes from one address: start each test with a clean slate.
        Db.update("DELETE FROM buyer_lookup_limit");
        Db.update("DELETE FROM buyer_lookup_backoff");
    }

    @Test
    void shouldShowTheBuyerExactlyTheirOwnPaymentsLoansAndTheProjectBalance() {
        BuyerFixture b = new BuyerFixture();
        String otherBuyer = b.contract(Api.residentId(), "9-" + Api.next(), "500000.00", "500000.00", "0", "NONE");
        b.transaction("CREDIT", "300000.00", "DOWN_PAYMENT", ",\"contractNo\":\"" + b.contractNo + "\"");
        String loanSerial = "LD-" + Api.next();
        b.bank.post("/api/v1/bank/loan-disbursements", """
                {"serialNo":"%s","contractNo":"%s","accountNo":"%s","amount":"700000.00","loanType":"COMMERCIAL",
                 "disbursedAt":"2026-11-01T10:00:00+08:00"}""".formatted(loanSerial, b.contractNo, b.fx.accountNo()))
                .then().statusCode(201);
        b.transaction("CREDIT", "699999.99", "LOAN", ",\"contractNo\":\"" + b.contractNo + "\",\"disbursementSerialNo\":\"" + loanSerial + "\"");
        // A credit booked by mistake and reversed: not a payment.
        String wrong = b.transaction("CREDIT", "100.00", "DOWN_PAYMENT", ",\"contractNo\":\"" + b.contractNo + "\"");
        b.transaction("DEBIT", "100.00", "OTHER", ",\"reversesSerialNo\":\"" + wrong + "\"");
        // Another buyer's money and money naming no contract: in the balance, not in this buyer's payments.
        b.transaction("CREDIT", "5000.00", "DOWN_PAYMENT", ",\"contractNo\":\"" + otherBuyer + "\"");
        b.transaction("CREDIT", "12.34", "INTEREST", "");

        Response response = BuyerFixture.lookUp(b.contractNo, b.last6().toLowerCase());
        response.then().statusCode(200).contentType(ContentType.JSON);
        JsonPath view = response.jsonPath();
        assertThat(view.getMap("$").keySet()).containsExactlyInAnyOrder("contractNo", "projectName", "unitNo", "totalPrice", "paid",
                "payments", "loanDisbursements", "projectSupervisedBalance", "projectSupervised", "projectSupervisionState",
                "projectGuaranteed");
        assertThat(view.getBoolean("projectSupervised")).isTrue();
        assertThat(view.getString("projectSupervisionState")).isEqualTo("SUPERVISED");
        assertThat(view.getString("projectGuaranteed")).isEqualTo("0.00");
        assertThat(view.getString("contractNo")).isEqualTo(b.contractNo);
        assertThat(view.getString("projectName")).isEqualTo(b.fx.projectName());
        assertThat(view.getString("unitNo")).isEqualTo(b.unitNo);
        assertThat(view.getString("totalPrice")).isEqualTo("1000000.00");
        assertThat(view.getString("paid")).isEqualTo("999999.99");
        assertThat(view.getList("payments.amount")).containsExactly("300000.00", "699999.99");
        assertThat(view.getList("payments.purpose")).containsExactly("DOWN_PAYMENT", "LOAN");
        assertThat(view.getList("payments.bookedAt")).containsOnly("2026-11-02T09:30:00+08:00");
        assertThat(view.getList("loanDisbursements")).hasSize(1);
        assertThat(view.getString("loanDisbursements[0].amount")).isEqualTo("700000.00");
        assertThat(view.getString("loanDisbursements[0].status")).isEqualTo("AWAITING_FUNDS");
        assertThat(view.getMap("loanDisbursements[0]").keySet()).containsExactlyInAnyOrder("amount", "status");
        assertThat(view.getString("projectSupervisedBalance")).isEqualTo("1005012.33");
        String body = response.asString();
        assertThat(body).doesNotContain(b.idNo).doesNotContain(b.idNo.substring(0, 6)).doesNotContain("李四")
                .doesNotContain(otherBuyer).doesNotContain("5000.00").doesNotContain(b.fx.accountNo());

        // The last cent arrives: the loan is settled.
        b.transaction("CREDIT", "0.01", "LOAN", ",\"contractNo\":\"" + b.contractNo + "\",\"disbursementSerialNo\":\"" + loanSerial + "\"");
        BuyerFixture.lookUp(b.contractNo, b.last6()).then().statusCode(200).body("paid", equalTo("1000000.00"))
                .body("loanDisbursements[0].status", equalTo("FUNDS_ARRIVED"));
        // The look-up is audited, without the factor.
        JsonPath audit = Api.supervisor().get("/api/v1/audit-events?projectId=" + b.fx.projectId() + "&action=BUYER_LOOKUP")
                .then().statusCode(200).header("X-Total-Count", "2").extract().jsonPath();
        assertThat(audit.getString("[0].subject")).isEqualTo("contract:" + b.contractNo);
        assertThat(audit.getString("$").toString()).doesNotContain(b.last6());
    }

    @Test
    void shouldAnswerAWrongFactorExactlyAsAnUnknownContract() {
        BuyerFixture b = new BuyerFixture();
        String wrongDigits = b.last6().equals("00000X") ? "11111X" : "00000X";
        Response wrong = BuyerFixture.lookUp(b.contractNo, wrongDigits);
        Response unknown = BuyerFixture.lookUp("HT-NO-SUCH-" + Api.next(), b.last6());
        Response otherContractsDigits = BuyerFixture.lookUp(b.contractNo,
                Api.residentId().substring(12));
        for (Response r : List.of(wrong, unknown, otherContractsDigits)) {
            r.then().statusCode(404).contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
        }
        assertThat(wrong.asString()).isEqualTo(unknown.asString());
        assertThat(wrong.getHeaders().asList().stream().map(h -> h.getName()).toList())
                .isEqualTo(unknown.getHeaders().asList().stream().map(h -> h.getName()).toList());
        assertThat(wrong.asString()).doesNotContain(b.contractNo).doesNotContain(wrongDigits);
    }

    @Test
    void shouldValidateTheRequestWithoutSayingAnythingAboutContracts() {
        BuyerFixture.lookUp("HT1", "12345").then().statusCode(400).body("violations.field", hasItem("idNoLast6"));
        BuyerFixture.lookUp("HT1", "1234567").then().statusCode(400).body("violations.field", hasItem("idNoLast6"));
        BuyerFixture.lookUp("", "123456").then().statusCode(400).body("violations.field", hasItem("contractNo"));
        given().contentType(ContentType.JSON).body(Map.of("contractNo", "HT1")).post("/api/v1/buyer-lookups").then()
                .statusCode(400).body("violations.field", hasItem("idNoLast6"));
        given().contentType(ContentType.JSON).body("{\"contractNo\":\"HT1\",\"idNoLast6\":\"123456\",\"buyerName\":\"x\"}")
                .post("/api/v1/buyer-lookups").then().statusCode(400);
        given().contentType(ContentType.JSON).body("{").post("/api/v1/buyer-lookups").then().statusCode(400)
                .body("type", equalTo("/problems/malformed-request"));
        given().contentType(ContentType.TEXT).body("HT1").post("/api/v1/buyer-lookups").then().statusCode(415);
        given().get("/api/v1/buyer-lookups").then().statusCode(405);
    }

    @Test
    void shouldSlowGuessesOnAContractDownWithoutLockingTheBuyerOut() {
        BuyerFixture b = new BuyerFixture();
        BuyerFixture.lookUp(b.contractNo, b.last6()).then().statusCode(200); // a success is no wrong guess
        for (int i = 0; i < 4; i++) { // 3 free wrong guesses, and a 4th that makes the next one wait 2 s
            BuyerFixture.lookUp(b.contractNo, wrong(b, i)).then().statusCode(404);
        }
        Response slowed = BuyerFixture.lookUp(b.contractNo, b.last6());
        slowed.then().statusCode(429).contentType("application/problem+json").body("type", equalTo("/problems/too-many-requests"))
                .body("status", equalTo(429));
        assertThat(Long.parseLong(slowed.header("Retry-After"))).isBetween(1L, 2L);

        // Two seconds later the buyer gets in; the right answer takes nothing back but its own count.
        waitedOut(b.contractNo);
        BuyerFixture.lookUp(b.contractNo, b.last6()).then().statusCode(200).body("contractNo", equalTo(b.contractNo));
        // The next wrong guess doubles the wait.
        BuyerFixture.lookUp(b.contractNo, wrong(b, 5)).then().statusCode(404);
        assertThat(Long.parseLong(BuyerFixture.lookUp(b.contractNo, b.last6()).then().statusCode(429).extract().header("Retry-After")))
                .isBetween(3L, 4L);

        // However long someone has guessed, the wait stays at most 15 minutes (the buyer's worst case).
        Db.update("UPDATE buyer_lookup_backoff SET failures = 60, next_allowed_at = now() - interval '1 second' WHERE contract_no = ?",
                b.contractNo);
        BuyerFixture.lookUp(b.contractNo, wrong(b, 6)).then().statusCode(404);
        assertThat(Long.parseLong(BuyerFixture.lookUp(b.contractNo, b.last6()).then().statusCode(429).extract().header("Retry-After")))
                .isBetween(890L, 900L);
        // A day without wrong guesses and they are forgotten.
        Db.update("UPDATE buyer_lookup_backoff SET last_failure_at = now() - interval '25 hours' WHERE contract_no = ?", b.contractNo);
        BuyerFixture.lookUp(b.contractNo, b.last6()).then().statusCode(200);

        // Unknown contract numbers are slowed down just the same, so a 429 reveals nothing either.
        String unknown = "HT-NO-SUCH-" + Api.next();
        for (int i = 0; i < 4; i++) {
            BuyerFixture.lookUp(unknown, String.format("%06d", i)).then().statusCode(404);
        }
        BuyerFixture.lookUp(unknown, "000000").then().statusCode(429);
        // Other contracts are not affected.
        BuyerFixture other = new BuyerFixture();
        BuyerFixture.lookUp(other.contractNo, other.last6()).then().statusCode(200);
    }

    private static String wrong(BuyerFixture b, int i) {
        String guess = String.format("%06d", i);
        return guess.equalsIgnoreCase(b.last6()) ? String.format("%06d", i + 100) : guess;
    }

    /** The wait has passed (instead of sleeping through it). */
    private static void waitedOut(String contractNo) {
        Db.update("UPDATE buyer_lookup_backoff SET next_allowed_at = now() - interval '1 second' WHERE contract_no = ?", contractNo);
    }

    @Test
    void shouldLimitRequestsPerAddressIgnoringForwardedFor() {
        BuyerFixture b = new BuyerFixture();
        for (int i = 0; i < 30; i++) {
            BuyerFixture.lookUp(b.contractNo, b.last6()).then().statusCode(200);
        }
        Response limited = BuyerFixture.lookUp(b.contractNo, b.last6());
        limited.then().statusCode(429).body("type", equalTo("/problems/too-many-requests"));
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
        given().contentType(ContentType.JSON).header("X-Forwarded-For", "203.0.113." + (Api.next() % 250))
                .header("Forwarded", "for=198.51.100.7").body(Map.of("contractNo", b.contractNo, "idNoLast6", b.last6()))
                .post("/api/v1/buyer-lookups").then().statusCode(429);
        // Bad requests count too.
        BuyerFixture.lookUp(b.contractNo, "bad").then().statusCode(429);
        assertThat(Db.count("SELECT count(*) FROM buyer_lookup_limit WHERE scope = 'ADDRESS'")).isEqualTo(1);
    }
}

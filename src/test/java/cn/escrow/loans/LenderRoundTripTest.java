package cn.escrow.loans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Loan notices from a lender that is not the supervising bank, and from a provident fund centre, to their money and back. */
@QuarkusTest
class LenderRoundTripTest {

    @Inject
    MeterRegistry registry;

    @Test
    void shouldPairANoticeOfOneBankWithTheCreditReportedByAnother() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("700000.00", "COMMERCIAL");
        String serial = "LN-" + Api.next();
        String body = LoanFixture.notice(serial, contractNo, f.fx.accountNo(), "700000.00", "COMMERCIAL", LoanFixture.recently());
        f.lender.post(LoanFixture.NOTICES, body).then().statusCode(201)
                .body("lenderCode", equalTo(f.lenderCode)).body("bankCode", equalTo(f.lenderCode))
                .body("status", equalTo("AWAITING_FUNDS")).body("matchedAmount", equalTo("0.00"))
                .body("lateArrival", equalTo(false)).body("withdrawnAt", nullValue());
        // The idempotency key is (lender, serial): a repeat answers 200, other content 409.
        f.lender.post(LoanFixture.NOTICES, body).then().statusCode(200).body("lenderCode", equalTo(f.lenderCode));
        f.lender.post(LoanFixture.NOTICES, body.replace("700000.00", "600000.00")).then().statusCode(409)
                .body("type", equalTo("/problems/idempotency-conflict"));

        // The lender reads its notice; nobody else can.
        f.lender.get(LoanFixture.NOTICES + "/" + serial).then().statusCode(200)
                .body("serialNo", equalTo(serial)).body("status", equalTo("AWAITING_FUNDS"));
        f.supervising.get(LoanFixture.NOTICES + "/" + serial).then().statusCode(404)
                .body("type", equalTo("/problems/not-found")).body("detail", equalTo("Loan notice " + serial + " not found"));
        f.fundCentre.get(LoanFixture.NOTICES + "/" + serial).then().statusCode(404);
        SignedClient.signingSystem().get(LoanFixture.NOTICES + "/" + serial).then().statusCode(403);

        // The supervising bank reports the credit, naming the lender's notice.
        String booked = LoanFixture.zoned(OffsetDateTime.now().minusMinutes(5).withNano(0));
        f.credit("700000.00", booked, ",\"disbursementSerialNo\":\"" + serial + "\",\"lenderCode\":\"" + f.lenderCode + "\"")
                .then().statusCode(201)
                .body("lenderCode", equalTo(f.lenderCode))
                .body("matchedDisbursement.serialNo", equalTo(serial))
                .body("matchedDisbursement.lenderCode", equalTo(f.lenderCode))
                .body("matchedDisbursement.status", equalTo("FUNDS_ARRIVED"));
        JsonPath seen = f.lender.get(LoanFixture.NOTICES + "/" + serial).then().statusCode(200).extract().jsonPath();
        assertThat(seen.getString("status")).isEqualTo("FUNDS_ARRIVED");
        assertThat(seen.getString("matchedAmount")).isEqualTo("700000.00");
        assertThat(seen.getBoolean("lateArrival")).isFalse();
        assertThat(OffsetDateTime.parse(seen.getString("fundsArrivedAt")).toInstant()).isEqualTo(OffsetDateTime.parse(booked).toInstant());

        // Supervisors see the lender in the list and can filter by it.
        Api.supervisor().get("/api/v1/loan-disbursements?projectId=" + f.fx.projectId() + "&lenderCode=" + f.lenderCode)
                .then().statusCode(200).header("X-Total-Count", "1").body("[0].lenderCode", equalTo(f.lenderCode))
                .body("[0].lateArrival", equalTo(false)).body("[0].matchedAmount", equalTo("700000.00"));
        assertThat(timerCount("escrow.loan.notice.lag", f.lenderCode)).isEqualTo(1);
        assertThat(timerCount("escrow.loan.time.to.arrival", f.lenderCode)).isEqualTo(1);
    }

    @Test
    void shouldLetAFundCentreLendOnlyProvidentFundLoans() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("500000.00", "COMBINED");
        f.push(f.fundCentre, "GJ-" + Api.next(), contractNo, "200000.00", "COMMERCIAL").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        String serial = "GJ-" + Api.next();
        f.push(f.fundCentre, serial, contractNo, "200000.00", "PROVIDENT_FUND").then().statusCode(201)
                .body("lenderCode", equalTo(f.fundCentreCode)).body("loanType", equalTo("PROVIDENT_FUND"));
        String commercial = "LN-" + Api.next();
        f.push(f.lender, commercial, contractNo, "300000.00", "COMMERCIAL").then().statusCode(201);
        // A fund centre pushes no account transactions.
        f.fundCentre.post(LoanFixture.TRANSACTIONS, """
                {"serialNo":"T-%d","accountNo":"%s","direction":"CREDIT","amount":"1.00","purpose":"DEPOSIT",
                 "bookedAt":"2026-11-02T09:30:00+08:00"}""".formatted(Api.next(), f.fx.accountNo())).then().statusCode(403);

        // A loan credit without a serial settles the oldest unsettled notice of the contract, whoever the lender.
        String booked = LoanFixture.zoned(OffsetDateTime.now().minusMinutes(5).withNano(0));
        f.credit("200000.00", booked, ",\"contractNo\":\"" + contractNo + "\"").then().statusCode(201)
                .body("matchedDisbursement.serialNo", equalTo(serial))
                .body("matchedDisbursement.lenderCode", equalTo(f.fundCentreCode))
                .body("matchedDisbursement.status", equalTo("FUNDS_ARRIVED"));
        f.credit("300000.00", booked, ",\"contractNo\":\"" + contractNo + "\"").then().statusCode(201)
                .body("matchedDisbursement.serialNo", equalTo(commercial))
                .body("matchedDisbursement.lenderCode", equalTo(f.lenderCode));
        f.fundCentre.get(LoanFixture.NOTICES + "/" + serial).then().statusCode(200)
                .body("status", equalTo("FUNDS_ARRIVED")).body("matchedAmount", equalTo("200000.00"));
        f.lender.get(LoanFixture.NOTICES + "/" + serial).then().statusCode(404);
    }

    @Test
    void shouldMatchEarlyMoneyNamedByLenderAndSerial() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("400000.00", "PROVIDENT_FUND");
        String serial = "GJ-" + Api.next();
        String booked = LoanFixture.zoned(OffsetDateTime.now().minusHours(2).withNano(0));
        // The same serial named for the supervising bank (no lenderCode) is not the fund centre's notice.
        f.credit("1.00", booked, ",\"disbursementSerialNo\":\"" + serial + "\"").then().statusCode(201)
                .body("lenderCode", equalTo(f.supervisingCode)).body("matchedDisbursement", nullValue());
        f.credit("399999.99", booked, ",\"disbursementSerialNo\":\"" + serial + "\",\"lenderCode\":\"" + f.fundCentreCode + "\"")
                .then().statusCode(201).body("matchedDisbursement", nullValue());
        f.push(f.fundCentre, serial, contractNo, "400000.00", "PROVIDENT_FUND").then().statusCode(201)
                .body("status", equalTo("AWAITING_FUNDS")).body("matchedAmount", equalTo("399999.99"));
        // A lender code needs a serial.
        f.credit("0.01", booked, ",\"contractNo\":\"" + contractNo + "\",\"lenderCode\":\"" + f.fundCentreCode + "\"")
                .then().statusCode(400).body("violations.field", hasItem("lenderCode"));
        f.credit("0.01", booked, ",\"disbursementSerialNo\":\"" + serial + "\",\"lenderCode\":\"" + f.fundCentreCode + "\"")
                .then().statusCode(201).body("matchedDisbursement.status", equalTo("FUNDS_ARRIVED"));
    }

    @Test
    void shouldNotCountEarlyMoneyThatWasReversedBeforeTheNoticeCame() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("500000.00", "COMMERCIAL");
        String booked = LoanFixture.zoned(OffsetDateTime.now().minusHours(2).withNano(0));
        String credit = f.credit("500000.00", booked, ",\"contractNo\":\"" + contractNo + "\"").then().statusCode(201)
                .body("matchedDisbursement", nullValue()).extract().path("serialNo");
        // The bank takes the credit back (a reversal) before any notice names it: the money is not in the account.
        f.supervising.post(LoanFixture.TRANSACTIONS, """
                {"serialNo":"R-%d","accountNo":"%s","direction":"DEBIT","amount":"500000.00","purpose":"LOAN","bookedAt":"%s",\
                "reversesSerialNo":"%s"}""".formatted(Api.next(), f.fx.accountNo(), booked, credit))
                .then().statusCode(201).body("balanceAfter", equalTo("0.00"));
        // The notice that comes now finds no early money: it awaits its funds, and the 30-day rule runs for it.
        f.push(f.lender, "LN-" + Api.next(), contractNo, "500000.00", "COMMERCIAL").then().statusCode(201)
                .body("status", equalTo("AWAITING_FUNDS")).body("matchedAmount", equalTo("0.00"));
    }

    @Test
    void shouldRegisterFundCentresWithTheirOwnInstitutionCode() {
        String code = "GJJ" + (Api.next() % 100000);
        Api.admin().body(Map.of("clientId", "gjj-" + Api.next(), "name", "住房公积金管理中心", "kind", "PROVIDENT_FUND_CENTER"))
                .post("/api/v1/clients").then().statusCode(400).body("violations.field", hasItem("bankCode"));
        Api.admin().body(Map.of("clientId", "gjj-" + Api.next(), "name", "住房公积金管理中心", "kind", "PROVIDENT_FUND_CENTER",
                        "bankCode", code))
                .post("/api/v1/clients").then().statusCode(201).body("kind", equalTo("PROVIDENT_FUND_CENTER"))
                .body("bankCode", equalTo(code));
        // A bank may not take a fund centre's code (it would read and revoke the centre's notices), nor the reverse.
        Api.admin().body(Map.of("clientId", "bank-" + Api.next(), "name", "某银行", "kind", "BANK", "bankCode", code))
                .post("/api/v1/clients").then().statusCode(409).body("type", equalTo("/problems/conflict"));
        Api.admin().body(Map.of("clientId", "signing-" + Api.next(), "name", "网签", "kind", "SIGNING_SYSTEM", "bankCode", code))
                .post("/api/v1/clients").then().statusCode(400);
        assertThat(Db.count("SELECT count(*) FROM machine_client WHERE bank_code = ?", code)).isEqualTo(1);
    }

    private long timerCount(String name, String lender) {
        Timer timer = registry.find(name).tag("lender", lender).timer();
        return timer == null ? 0 : timer.count();
    }
}

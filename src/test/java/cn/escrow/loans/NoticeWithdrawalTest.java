package cn.escrow.loans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The three ways a notice ends WITHDRAWN, the money rule, repeats, and signing coming back in the same transaction. */
@QuarkusTest
class NoticeWithdrawalTest {

    static final String REASON = "{\"reason\":\"借款人放弃贷款\"}";

    /** A notice of the lender, 32 days old and marked overdue by the sweep: the project's signing is off. */
    static String overdueNotice(LoanFixture f, String contractNo) {
        String serial = f.lenderNoticeDaysAgo(contractNo, 32);
        LoanFixture.sweep();
        assertThat(f.status().getBoolean("enabled")).isFalse();
        return serial;
    }

    long id(LoanFixture f, String serial) {
        return f.lender.get(LoanFixture.NOTICES + "/" + serial).then().statusCode(200).extract().jsonPath().getLong("id");
    }

    @Test
    void shouldLetTheLenderRevokeItsNoticeAndGiveSigningBack() {
        LoanFixture f = new LoanFixture();
        String serial = overdueNotice(f, f.contract("700000.00", "COMMERCIAL"));
        // Another lender's serial is unknown to it, and a revocation needs a reason.
        f.supervising.post(LoanFixture.NOTICES + "/" + serial + "/revocation", REASON).then().statusCode(404)
                .body("type", equalTo("/problems/not-found"));
        f.lender.post(LoanFixture.NOTICES + "/" + serial + "/revocation", "{}").then().statusCode(400)
                .body("violations.field", hasItem("reason"));

        JsonPath revoked = f.lender.post(LoanFixture.NOTICES + "/" + serial + "/revocation", REASON).then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("withdrawalReason", equalTo("借款人放弃贷款"))
                .body("withdrawnAt", notNullValue()).body("overdueAt", notNullValue()).body("lateArrival", equalTo(false))
                .extract().jsonPath();
        JsonPath status = f.status();
        assertThat(status.getBoolean("enabled")).isTrue();
        assertThat(status.getList("reasons")).isEmpty();
        assertThat(f.audits("SIGNING_ENABLED")).isEqualTo(1);
        assertThat(Db.count("""
                SELECT count(*) FROM audit_event WHERE action = 'LOAN_DISBURSEMENT_WITHDRAWN' AND subject = ?
                  AND actor = ? AND details->>'reason' = '借款人放弃贷款' AND details->>'cause' = 'REVOKED_BY_LENDER'""",
                "disbursement:" + serial, "client:" + f.lender.clientId)).isEqualTo(1);

        // A repeat answers 200 and changes nothing, whoever repeats it.
        f.lender.post(LoanFixture.NOTICES + "/" + serial + "/revocation", "{\"reason\":\"再次撤回\"}").then().statusCode(200)
                .body("withdrawalReason", equalTo("借款人放弃贷款")).body("withdrawnAt", equalTo(revoked.getString("withdrawnAt")));
        Api.supervisor().body(Map.of("reason", "重复")).post("/api/v1/loan-disbursements/" + id(f, serial) + "/withdrawal")
                .then().statusCode(200).body("status", equalTo("WITHDRAWN"));
        assertThat(f.audits("LOAN_DISBURSEMENT_WITHDRAWN")).isEqualTo(1);
        // A withdrawn notice never becomes overdue again.
        LoanFixture.sweep();
        assertThat(f.status().getBoolean("enabled")).isTrue();
    }

    @Test
    void shouldLetASupervisorWithdrawButNotANoticeWithMoneyMatched() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("700000.00", "COMMERCIAL");
        String serial = overdueNotice(f, contractNo);
        long id = id(f, serial);
        String path = "/api/v1/loan-disbursements/" + id + "/withdrawal";
        Api.as(Api.user("AUDITOR", null)).body(Map.of("reason", "x")).post(path).then().statusCode(403);
        Api.as(Api.user("ENTERPRISE", f.fx.enterpriseId())).body(Map.of("reason", "x")).post(path).then().statusCode(403);
        Api.supervisor().body(Map.of("reason", "x")).post("/api/v1/loan-disbursements/999999999/withdrawal").then().statusCode(404);

        // Part of the money came: the notice can no longer be withdrawn, and signing stays off.
        String booked = LoanFixture.zoned(OffsetDateTime.now().minusMinutes(5).withNano(0));
        f.credit("100.00", booked, f.naming(serial))
                .then().statusCode(201);
        Api.supervisor().body(Map.of("reason", "贷款未批")).post(path).then().statusCode(409)
                .body("type", equalTo("/problems/conflict"));
        f.lender.post(LoanFixture.NOTICES + "/" + serial + "/revocation", REASON).then().statusCode(409);
        assertThat(f.status().getBoolean("enabled")).isFalse();

        // Once the credit is reversed, it can; a manual lock then keeps signing off.
        String credit = latestCreditSerial(f);
        f.supervising.post(LoanFixture.TRANSACTIONS, """
                {"serialNo":"T-%d","accountNo":"%s","direction":"DEBIT","amount":"100.00","purpose":"LOAN",
                 "bookedAt":"%s","reversesSerialNo":"%s"}""".formatted(Api.next(), f.fx.accountNo(), booked, credit))
                .then().statusCode(201);
        long lock = Api.supervisor().body(Map.of("reason", "抽查未结束")).post("/api/v1/projects/" + f.fx.projectId() + "/signing-locks")
                .then().statusCode(201).extract().jsonPath().getLong("lockId");
        Api.supervisor().body(Map.of("reason", "贷款未批")).post(path).then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("matchedAmount", equalTo("0.00"));
        assertThat(f.status().getList("reasons.kind")).containsExactly("MANUAL");
        Api.supervisor().delete("/api/v1/projects/" + f.fx.projectId() + "/signing-locks/" + lock).then().statusCode(204);
        assertThat(f.status().getBoolean("enabled")).isTrue();
        assertThat(Db.count("""
                SELECT count(*) FROM audit_event WHERE action = 'LOAN_DISBURSEMENT_WITHDRAWN' AND project_id = ?
                  AND details->>'reason' = '贷款未批' AND details->>'cause' = 'WITHDRAWN_BY_SUPERVISOR'
                  AND details->>'previousStatus' = 'OVERDUE'""", f.fx.projectId())).isEqualTo(1);
    }

    @Test
    void shouldWithdrawTheNoticesOfACancelledContractAtOnce() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("700000.00", "COMBINED");
        String overdue = overdueNotice(f, contractNo);
        Api.supervisor().body(Map.of("reason", "买受人解除合同", "refundAmount", "0.00"))
                .post("/api/v1/contracts/" + contractNo + "/cancellation").then().statusCode(200).body("status", equalTo("CANCELLED"));
        f.lender.get(LoanFixture.NOTICES + "/" + overdue).then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("withdrawalReason", equalTo("买受人解除合同"));
        assertThat(f.status().getBoolean("enabled")).isTrue();
        assertThat(Db.count("""
                SELECT count(*) FROM audit_event WHERE action = 'CONTRACT_CANCELLED' AND subject = ?
                  AND details->'loanNoticesWithdrawn' @> jsonb_build_array(?::text)""", "contract:" + contractNo, overdue))
                .isEqualTo(1);
        assertThat(f.audits("LOAN_DISBURSEMENT_WITHDRAWN")).isEqualTo(1);
    }

    @Test
    void shouldKeepANoticeWithMoneyWhenItsContractIsCancelled() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("500000.00", "COMBINED");
        String paid = "GJ-" + Api.next();
        f.push(f.fundCentre, paid, contractNo, "200000.00", "PROVIDENT_FUND").then().statusCode(201);
        String unpaid = "LN-" + Api.next();
        f.push(f.lender, unpaid, contractNo, "300000.00", "COMMERCIAL").then().statusCode(201);
        f.credit("200000.00", LoanFixture.zoned(OffsetDateTime.now().minusMinutes(5).withNano(0)),
                ",\"disbursementSerialNo\":\"" + paid + "\",\"lenderCode\":\"" + f.fundCentreCode + "\"").then().statusCode(201);
        Api.supervisor().body(Map.of("reason", "买受人解除合同", "refundAmount", "200000.00"))
                .post("/api/v1/contracts/" + contractNo + "/cancellation").then().statusCode(200);
        f.fundCentre.get(LoanFixture.NOTICES + "/" + paid).then().body("status", equalTo("FUNDS_ARRIVED"));
        f.lender.get(LoanFixture.NOTICES + "/" + unpaid).then().body("status", equalTo("WITHDRAWN"));
    }

    @Test
    void shouldWithdrawAPartlyPaidNoticeOfACancelledContractSoThatItNeverLocksSigningForEver() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("700000.00", "COMMERCIAL");
        String overdue = overdueNotice(f, contractNo);
        f.credit("100000.00", LoanFixture.zoned(OffsetDateTime.now().minusMinutes(5).withNano(0)),
                ",\"disbursementSerialNo\":\"" + overdue + "\",\"lenderCode\":\"" + f.lenderCode + "\"").then().statusCode(201);
        assertThat(f.status().getBoolean("enabled")).isFalse();
        // Partly paid: neither lender nor supervisor may withdraw it (money is matched) ...
        f.lender.post(LoanFixture.NOTICES + "/" + overdue + "/revocation", "{\"reason\":\"贷款取消\"}").then().statusCode(409);
        // ... but the cancelled contract will never get the rest, so its cancellation ends the notice, money kept.
        Api.supervisor().body(Map.of("reason", "买受人解除合同", "refundAmount", "0.00"))
                .post("/api/v1/contracts/" + contractNo + "/cancellation").then().statusCode(200);
        f.lender.get(LoanFixture.NOTICES + "/" + overdue).then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("matchedAmount", equalTo("100000.00"));
        assertThat(f.status().getBoolean("enabled")).isTrue();
        LoanFixture.sweep();
        assertThat(f.status().getBoolean("enabled")).isTrue();
    }

    private static String latestCreditSerial(LoanFixture f) {
        return Api.supervisor().get("/api/v1/accounts/" + f.fx.accountNo() + "/transactions?purpose=LOAN").then().statusCode(200)
                .extract().jsonPath().getString("[0].serialNo");
    }
}

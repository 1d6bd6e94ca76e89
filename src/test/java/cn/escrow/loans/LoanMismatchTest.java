package cn.escrow.loans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** 422 loan-mismatch: each cause, and two notices racing for the last of a contract's loan amount. */
@QuarkusTest
class LoanMismatchTest {

    static void mismatch(Response response, String rule) {
        response.then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("/problems/loan-mismatch")).body("rule", equalTo(rule));
    }

    long notices(LoanFixture f) {
        return Db.count("SELECT count(*) FROM loan_disbursement WHERE project_id = ?", f.fx.projectId());
    }

    @Test
    void shouldRefuseANoticeForACancelledContract() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("700000.00", "COMMERCIAL");
        Api.supervisor().body(Map.of("reason", "买受人解除合同", "refundAmount", "0.00"))
                .post("/api/v1/contracts/" + contractNo + "/cancellation").then().statusCode(200);
        mismatch(f.push(f.lender, "LN-" + Api.next(), contractNo, "700000.00", "COMMERCIAL"), "CONTRACT_CANCELLED");
        assertThat(notices(f)).isZero();
    }

    @Test
    void shouldRefuseALoanTypeThatDoesNotFitTheContract() {
        LoanFixture f = new LoanFixture();
        String commercial = f.contract("500000.00", "COMMERCIAL");
        String fund = f.contract("500000.00", "PROVIDENT_FUND");
        String combined = f.contract("500000.00", "COMBINED");
        String none = Api.contract(f.fx.projectId(), "300000.00", "300000.00", "0.00", "NONE");
        mismatch(f.push(f.lender, "LN-" + Api.next(), commercial, "1.00", "PROVIDENT_FUND"), "LOAN_TYPE");
        mismatch(f.push(f.fundCentre, "GJ-" + Api.next(), commercial, "1.00", "PROVIDENT_FUND"), "LOAN_TYPE");
        mismatch(f.push(f.lender, "LN-" + Api.next(), fund, "1.00", "COMMERCIAL"), "LOAN_TYPE");
        mismatch(f.push(f.lender, "LN-" + Api.next(), none, "1.00", "COMMERCIAL"), "LOAN_TYPE");
        mismatch(f.push(f.fundCentre, "GJ-" + Api.next(), none, "1.00", "PROVIDENT_FUND"), "LOAN_TYPE");
        assertThat(notices(f)).isZero();
        f.push(f.lender, "LN-" + Api.next(), commercial, "1.00", "COMMERCIAL").then().statusCode(201);
        f.push(f.fundCentre, "GJ-" + Api.next(), fund, "1.00", "PROVIDENT_FUND").then().statusCode(201);
        f.push(f.lender, "LN-" + Api.next(), combined, "1.00", "COMMERCIAL").then().statusCode(201);
        f.push(f.fundCentre, "GJ-" + Api.next(), combined, "1.00", "PROVIDENT_FUND").then().statusCode(201);
        assertThat(notices(f)).isEqualTo(4);
    }

    @Test
    void shouldRefuseNoticesBeyondTheContractsLoanAmountLeavingOutWithdrawnOnes() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("500000.00", "COMBINED");
        f.push(f.fundCentre, "GJ-" + Api.next(), contractNo, "200000.00", "PROVIDENT_FUND").then().statusCode(201);
        String first = "LN-" + Api.next();
        f.push(f.lender, first, contractNo, "300000.00", "COMMERCIAL").then().statusCode(201);
        Response over = f.push(f.supervising, "SB-" + Api.next(), contractNo, "0.01", "COMMERCIAL");
        mismatch(over, "LOAN_AMOUNT_EXCEEDED");
        // The detail names the rule, not the contract's loan amount nor what other lenders announced.
        assertThat(over.jsonPath().getString("detail")).doesNotContain("500000.00").doesNotContain("200000.00")
                .doesNotContain("300000.00");
        // The lender re-issues its loan: the withdrawn notice no longer counts.
        f.lender.post(LoanFixture.NOTICES + "/" + first + "/revocation", "{\"reason\":\"贷款重新发放\"}").then().statusCode(200);
        f.push(f.lender, "LN-" + Api.next(), contractNo, "300000.00", "COMMERCIAL").then().statusCode(201);
        mismatch(f.push(f.lender, "LN-" + Api.next(), contractNo, "0.01", "COMMERCIAL"), "LOAN_AMOUNT_EXCEEDED");
        assertThat(notices(f)).isEqualTo(3);
    }

    /**
     * Eight lenders push at once for the last 300,000.00 of a contract's loan: the account lock orders them, and each
     * insert checks the sum in a statement that starts after the lock, so exactly one passes.
     */
    @Test
    void shouldLetOnlyOneOfConcurrentNoticesTakeTheLastOfTheLoanAmount() throws Exception {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("700000.00", "COMMERCIAL");
        f.push(f.lender, "LN-" + Api.next(), contractNo, "400000.00", "COMMERCIAL").then().statusCode(201);
        int n = 8;
        List<SignedClient> lenders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lenders.add(SignedClient.bank("RC" + (Api.next() % 100000)));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Response>> answers = new ArrayList<>();
            for (SignedClient lender : lenders) {
                answers.add(pool.submit((Callable<Response>) () -> {
                    start.await();
                    return f.push(lender, "RACE-" + Api.next(), contractNo, "300000.00", "COMMERCIAL");
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Response> answer : answers) {
                Response r = answer.get();
                if (r.statusCode() == 201) {
                    created++;
                } else {
                    mismatch(r, "LOAN_AMOUNT_EXCEEDED");
                }
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        String sum = Api.supervisor().get("/api/v1/loan-disbursements?projectId=" + f.fx.projectId()).then().statusCode(200)
                .header("X-Total-Count", "2").extract().jsonPath().getList("amount", String.class).stream()
                .map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add).toPlainString();
        assertThat(sum).isEqualTo("700000.00");
    }
}

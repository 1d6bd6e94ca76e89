package cn.escrow.signing;

import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.restassured.path.json.JsonPath;
import java.util.List;

/** A project with a loan contract and a bank, and the moves the 30-day-rule tests need. */
final class SigningFixture {

    final Api.Fixture fx;
    final SignedClient bank;

    SigningFixture() {
        String bankCode = "G" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
    }

    String loanContract() {
        return Api.contract(fx.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
    }

    /** Pushes a disbursement for a new loan contract and returns its serial. */
    String disburse(String amount) {
        String contractNo = loanContract();
        String serial = "D-" + Api.next();
        bank.post("/api/v1/bank/loan-disbursements", """
                {"serialNo":"%s","contractNo":"%s","accountNo":"%s","amount":"%s","loanType":"COMMERCIAL",
                 "disbursedAt":"2026-11-01T10:00:00+08:00"}""".formatted(serial, contractNo, fx.accountNo(), amount))
                .then().statusCode(201);
        return serial;
    }

    /** Moves a disbursement's push back by {@code days}, as if the bank had pushed it that many days ago. */
    void pushedDaysAgo(String serial, int days) {
        int moved = Db.update("""
                UPDATE loan_disbursement SET received_at = received_at - make_interval(days => ?),
                    due_at = due_at - make_interval(days => ?)
                WHERE serial_no = ? AND project_id = ?""", days, days, serial, fx.projectId());
        if (moved != 1) {
            throw new IllegalStateException("no disbursement " + serial);
        }
    }

    JsonPath credit(String serial, String amount) {
        return bank.post("/api/v1/bank/account-transactions", """
                {"serialNo":"T-%d","accountNo":"%s","direction":"CREDIT","amount":"%s","purpose":"LOAN",
                 "bookedAt":"2026-11-02T09:30:00+08:00","disbursementSerialNo":"%s"}""".formatted(Api.next(), fx.accountNo(), amount, serial))
                .then().statusCode(201).extract().jsonPath();
    }

    static JsonPath sweep() {
        return Api.supervisor().post("/api/v1/overdue-sweeps").then().statusCode(200).extract().jsonPath();
    }

    JsonPath status() {
        return Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/signing-status").then().statusCode(200)
                .body("projectId", equalTo((int) fx.projectId())).extract().jsonPath();
    }

    boolean enabled() {
        return status().getBoolean("enabled");
    }

    List<String> reasonKinds() {
        return status().getList("reasons.kind");
    }

    String disbursementStatus(String serial) {
        return Api.supervisor().get("/api/v1/loan-disbursements?projectId=" + fx.projectId() + "&size=200").then().statusCode(200)
                .extract().jsonPath().getString("find { it.serialNo == '" + serial + "' }.status");
    }
}

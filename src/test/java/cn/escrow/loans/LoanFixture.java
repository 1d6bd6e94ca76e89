package cn.escrow.loans;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A county as issue 13 tells it: a project whose supervised account is at one bank (the supervising bank),
 * a mortgage lender that is another bank, and a housing provident fund centre; with the moves the tests need.
 */
final class LoanFixture {

    static final String NOTICES = "/api/v1/bank/loan-disbursements";
    static final String TRANSACTIONS = "/api/v1/bank/account-transactions";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    final Api.Fixture fx;
    /** Holds the supervised account and reports its credits. */
    final SignedClient supervising;
    final String supervisingCode;
    /** Lends commercial mortgages; not the supervising bank. */
    final SignedClient lender;
    final String lenderCode;
    /** Lends provident fund loans. */
    final SignedClient fundCentre;
    final String fundCentreCode;

    LoanFixture() {
        long n = Api.next() % 100000;
        supervisingCode = "SB" + n;
        lenderCode = "LB" + n;
        fundCentreCode = "GJJ" + n;
        fx = Api.project(supervisingCode);
        supervising = SignedClient.bank(supervisingCode);
        lender = SignedClient.bank(lenderCode);
        fundCentre = SignedClient.fundCentre(fundCentreCode);
    }

    String contract(String loanAmount, String loanType) {
        String total = new java.math.BigDecimal(loanAmount).add(new java.math.BigDecimal("300000.00")).toPlainString();
        return Api.contract(fx.projectId(), total, "300000.00", loanAmount, loanType);
    }

    static String notice(String serial, String contractNo, String accountNo, String amount, String loanType, String disbursedAt) {
        return """
                {"serialNo":"%s","contractNo":"%s","accountNo":"%s","amount":"%s","loanType":"%s","disbursedAt":"%s"}"""
                .formatted(serial, contractNo, accountNo, amount, loanType, disbursedAt);
    }

    /** Disbursed an hour ago: no late-notice alert. */
    static String recently() {
        return OffsetDateTime.now(SHANGHAI).minusHours(1).withNano(0).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    Response push(SignedClient by, String serial, String contractNo, String amount, String loanType) {
        return by.post(NOTICES, notice(serial, contractNo, fx.accountNo(), amount, loanType, recently()));
    }

    /** A loan credit reported by the supervising bank; {@code extra} adds fields (contractNo, disbursementSerialNo, lenderCode). */
    Response credit(String amount, String bookedAt, String extra) {
        return supervising.post(TRANSACTIONS, """
                {"serialNo":"T-%d","accountNo":"%s","direction":"CREDIT","amount":"%s","purpose":"LOAN","bookedAt":"%s"%s}"""
                .formatted(Api.next(), fx.accountNo(), amount, bookedAt, extra));
    }

    /** Lender A's notice of 700,000.00 for the contract, as if pushed {@code days} ago; its serial. */
    String lenderNoticeDaysAgo(String contractNo, int days) {
        String serial = "LN-" + Api.next();
        push(lender, serial, contractNo, "700000.00", "COMMERCIAL").then().statusCode(201);
        pushedDaysAgo(lenderCode, serial, days);
        return serial;
    }

    /** The fields by which a loan credit names lender A's notice. */
    String naming(String serial) {
        return ",\"disbursementSerialNo\":\"" + serial + "\",\"lenderCode\":\"" + lenderCode + "\"";
    }

    /** Moves a notice's push back by {@code days}, as if its lender had pushed it that many days ago. */
    void pushedDaysAgo(String lenderCode, String serial, int days) {
        int moved = Db.update("""
                UPDATE loan_disbursement SET received_at = received_at - make_interval(days => ?),
                    due_at = due_at - make_interval(days => ?), disbursed_at = disbursed_at - make_interval(days => ?)
                WHERE bank_code = ? AND serial_no = ?""", days, days, days, lenderCode, serial);
        if (moved != 1) {
            throw new IllegalStateException("no notice " + lenderCode + "/" + serial);
        }
    }

    /** The notice's dueAt as the service shows it to its lender. */
    OffsetDateTime dueAt(SignedClient by, String serial) {
        return OffsetDateTime.parse(by.get(NOTICES + "/" + serial).then().statusCode(200).extract().jsonPath().getString("dueAt"));
    }

    static JsonPath sweep() {
        return Api.supervisor().post("/api/v1/overdue-sweeps").then().statusCode(200).extract().jsonPath();
    }

    JsonPath status() {
        return Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/signing-status").then().statusCode(200)
                .extract().jsonPath();
    }

    JsonPath alerts(String kind) {
        return Api.supervisor().queryParam("projectId", fx.projectId()).queryParam("kind", kind).get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath();
    }

    long audits(String action) {
        return Db.count("SELECT count(*) FROM audit_event WHERE project_id = ? AND action = ?", fx.projectId(), action);
    }

    static String zoned(OffsetDateTime t) {
        return t.atZoneSameInstant(SHANGHAI).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}

package cn.escrow.collection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.Race;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Money in before filing over HTTP: payment notices and their rules, the bank's check of a number, credits naming it, the
 * collection figures, the unattributed queue and its attribution race, the PENDING_FUNDS rule and the down-payment alert.
 */
@QuarkusTest
class PaymentNoticeFlowTest {

    private static final String DUE = LocalDate.now().plusDays(30).toString();

    @Inject
    DownPaymentRule rule;

    @Inject
    DownPaymentSweepService sweep;

    /** A project at its own bank, with a contract of 1,000,000.00 (300,000.00 down, 700,000.00 loan). */
    private record Setup(Api.Fixture f, SignedClient bank, String contractNo, String buyerIdNo, String enterpriseUser) {
        static Setup of() {
            String code = "N" + (Api.next() % 100000);
            Api.Fixture f = Api.project(code);
            String contractNo = "HT" + Api.next();
            String idNo = Api.residentId();
            Api.supervisor().body(Map.of("projectId", f.projectId(), "contractNo", contractNo, "unitNo", "1-" + Api.next(),
                            "buyerName", "张三", "buyerIdNo", idNo, "totalPrice", "1000000.00", "downPayment", "300000.00",
                            "loanAmount", "700000.00", "loanType", "COMMERCIAL"))
                    .post("/api/v1/contracts").then().statusCode(201);
            return new Setup(f, SignedClient.bank(code), contractNo, idNo, Api.user("ENTERPRISE", f.enterpriseId()));
        }

        Response issue(String kind, String amount) {
            return Api.as(enterpriseUser).body(Map.of("kind", kind, "amount", amount, "dueDate", DUE))
                    .post("/api/v1/contracts/" + contractNo + "/payment-notices");
        }

        Response credit(String serial, String account, String amount, String purpose, String extra) {
            return bank.post("/api/v1/bank/account-transactions", """
                    {"serialNo":"%s","accountNo":"%s","direction":"CREDIT","amount":"%s","purpose":"%s",
                     "bookedAt":"2026-11-02T09:30:00+08:00"%s}""".formatted(serial, account, amount, purpose, extra));
        }

        Response credit(String amount, String extra) {
            return credit("PN-" + Api.next(), f.accountNo(), amount, "DOWN_PAYMENT", extra);
        }

        String balance() {
            return Api.supervisor().get("/api/v1/projects/" + f.projectId() + "/account").then().statusCode(200)
                    .extract().jsonPath().getString("balance");
        }

        JsonPath collection() {
            return Api.supervisor().get("/api/v1/contracts/" + contractNo + "/collection").then().statusCode(200).extract().jsonPath();
        }

        String contractStatus(String no) {
            return Api.supervisor().get("/api/v1/contracts/" + no).then().statusCode(200).extract().jsonPath().getString("status");
        }
    }

    private static String notice(String no) {
        return ",\"paymentNoticeNo\":\"" + no + "\"";
    }

    private static void refused(Response r, String rule) {
        r.then().statusCode(422).body("type", equalTo("/problems/payment-notice-mismatch")).body("rule", equalTo(rule));
    }

    @Test
    void shouldIssueANoticeTheBankVerifiesAndCreditsNamingItSettle() {
        Setup s = Setup.of();
        s.issue("DOWN_PAYMENT", "300000.01").then().statusCode(400).body("type", equalTo("/problems/validation-failed"));
        String no = s.issue("DOWN_PAYMENT", "300000.00").then().statusCode(201).body("status", equalTo("ISSUED"))
                .body("noticeNo", matchesPattern("^JK[0-9]{8}-[0-9]{6,}$")).body("amountDue", equalTo("300000.00"))
                .body("accountNo", equalTo(s.f().accountNo())).extract().jsonPath().getString("noticeNo");
        s.issue("DOWN_PAYMENT", "0.01").then().statusCode(400); // the open notice already asks for the whole down payment

        // Scope: another enterprise and another county see nothing; the bank of another account neither.
        Setup other = Setup.of();
        Api.as(other.enterpriseUser()).get("/api/v1/payment-notices/" + no).then().statusCode(404);
        Api.as(Api.userIn("SUPERVISOR", "361021")).get("/api/v1/payment-notices/" + no).then().statusCode(404);
        Api.as(s.enterpriseUser()).get("/api/v1/payment-notices/" + no).then().statusCode(200);
        s.bank().get("/api/v1/bank/payment-notices/" + no).then().statusCode(200).body("accountNo", equalTo(s.f().accountNo()))
                .body("amount", equalTo("300000.00")).body("amountDue", equalTo("300000.00")).body("status", equalTo("ISSUED"));
        other.bank().get("/api/v1/bank/payment-notices/" + no).then().statusCode(404);
        s.bank().get("/api/v1/bank/payment-notices/JK20990101-999999").then().statusCode(404);

        // Wrong credits are refused and book nothing: not buyer money, another account of the same bank, another contract.
        refused(s.credit("PN-" + Api.next(), s.f().accountNo(), "1000.00", "OTHER", notice(no)), "NOT_BUYER_MONEY");
        Api.Fixture sameBank = Api.project(s.f().bankCode());
        refused(s.credit("PN-" + Api.next(), sameBank.accountNo(), "1000.00", "DOWN_PAYMENT", notice(no)), "NOT_THIS_ACCOUNT");
        String second = Api.contract(s.f().projectId(), "500000.00", "500000.00", "0.00", "NONE");
        refused(s.credit("1000.00", notice(no) + ",\"contractNo\":\"" + second + "\""), "OTHER_CONTRACT");
        assertThat(s.balance()).isEqualTo("0.00");

        // The right credits settle it; the repeat is idempotent and the notice number is part of the content.
        String serial = "PN-" + Api.next();
        s.credit(serial, s.f().accountNo(), "100000.00", "DOWN_PAYMENT", notice(no)).then().statusCode(201)
                .body("paymentNoticeNo", equalTo(no));
        s.credit(serial, s.f().accountNo(), "100000.00", "DOWN_PAYMENT", notice(no)).then().statusCode(200);
        s.credit(serial, s.f().accountNo(), "100000.00", "DOWN_PAYMENT", "").then().statusCode(409)
                .body("type", equalTo("/problems/idempotency-conflict"));
        s.bank().get("/api/v1/bank/payment-notices/" + no).then().statusCode(200).body("amountDue", equalTo("200000.00"))
                .body("status", equalTo("ISSUED"));
        s.credit("200000.00", notice(no)).then().statusCode(201);
        Api.supervisor().get("/api/v1/payment-notices/" + no).then().statusCode(200).body("status", equalTo("PAID"))
                .body("paidAmount", equalTo("300000.00")).body("amountDue", equalTo("0.00")).body("paidAt", notNullValue());
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'PAYMENT_NOTICE_PAID' AND subject = ?",
                "payment-notice:" + no)).isEqualTo(1);
        Api.as(s.enterpriseUser()).body(Map.of("reason", "作废")).post("/api/v1/payment-notices/" + no + "/cancellation")
                .then().statusCode(409);
        assertThat(s.balance()).isEqualTo("300000.00");

        // A cancelled notice: the bank sees why, a credit naming it is refused.
        String full = s.issue("FULL_PAYMENT", "100.00").then().statusCode(201).extract().jsonPath().getString("noticeNo");
        Api.supervisor().body(Map.of("reason", "购房人改为贷款")).post("/api/v1/payment-notices/" + full + "/cancellation")
                .then().statusCode(200).body("status", equalTo("CANCELLED")).body("amountDue", equalTo("0.00"));
        s.bank().get("/api/v1/bank/payment-notices/" + full).then().statusCode(200).body("status", equalTo("CANCELLED"));
        refused(s.credit("100.00", notice(full)), "NOTICE_CANCELLED");

        // Collection: the contract's notice is fully collected; the cancelled one is not due.
        JsonPath c = s.collection();
        assertThat(c.getString("due")).isEqualTo("300000.00");
        assertThat(c.getString("collected")).isEqualTo("300000.00");
        assertThat(c.getString("ratioPercent")).isEqualTo("100.00");
        JsonPath p = Api.supervisor().get("/api/v1/projects/" + s.f().projectId() + "/collection").then().statusCode(200)
                .extract().jsonPath();
        // The second contract has no notice: its down payment (its whole price, no loan) is due.
        assertThat(p.getString("due")).isEqualTo("800000.00");
        assertThat(p.getString("collected")).isEqualTo("300000.00");
        assertThat(p.getString("ratioPercent")).isEqualTo("37.50");
        assertThat(p.getList("contracts.contractNo")).containsExactlyInAnyOrder(s.contractNo(), second);
        Api.supervisor().get("/api/v1/projects/" + s.f().projectId() + "/payment-notices?status=CANCELLED").then().statusCode(200)
                .body("noticeNo", equalTo(List.of(full)));
        Api.as(other.enterpriseUser()).get("/api/v1/contracts/" + s.contractNo() + "/payment-notices").then().statusCode(404);
    }

    @Test
    void shouldQueueUnattributedCreditsAndAttributeEachOnceEvenInARace() {
        Setup s = Setup.of();
        String serial = "PN-" + Api.next();
        s.credit(serial, s.f().accountNo(), "50000.00", "DEPOSIT", "").then().statusCode(201);
        s.credit("20000.00", ",\"contractNo\":\"" + s.contractNo() + "\"").then().statusCode(201); // named: not queued
        List<Map<String, Object>> queue = Api.supervisor().get("/api/v1/projects/" + s.f().projectId() + "/unattributed-credits")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(queue).extracting(q -> q.get("serialNo")).containsExactly(serial);
        long id = ((Number) queue.get(0).get("transactionId")).longValue();
        assertThat(Api.supervisor().get("/api/v1/projects/" + s.f().projectId() + "/collection").then().statusCode(200)
                .extract().jsonPath().getString("unattributed")).isEqualTo("50000.00");

        Map<String, String> body = Map.of("contractNo", s.contractNo(), "reason", "购房人持回单核对，确认为定金");
        Api.as(s.enterpriseUser()).body(body).post("/api/v1/account-transactions/" + id + "/attribution").then().statusCode(403);
        Setup other = Setup.of();
        Api.supervisor().body(Map.of("contractNo", other.contractNo(), "reason", "核对"))
                .post("/api/v1/account-transactions/" + id + "/attribution").then().statusCode(422);

        String second = Api.user("SUPERVISOR", null);
        List<Response> answers = Race.of(
                () -> Api.supervisor().body(body).post("/api/v1/account-transactions/" + id + "/attribution"),
                () -> Api.as(second).body(body).post("/api/v1/account-transactions/" + id + "/attribution"));
        assertThat(answers).extracting(Response::statusCode).containsExactlyInAnyOrder(200, 409);
        assertThat(Db.count("SELECT count(*) FROM credit_attribution WHERE transaction_id = ?", id)).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'CREDIT_ATTRIBUTED' AND subject = ?",
                "transaction:" + serial)).isEqualTo(1);
        // The ledger row keeps what the bank said; the attribution counts toward the contract.
        assertThat(Db.strings("SELECT coalesce(contract_no, '-') FROM account_transaction WHERE id = ?", id)).containsExactly("-");
        Api.supervisor().get("/api/v1/projects/" + s.f().projectId() + "/unattributed-credits").then().statusCode(200)
                .body("size()", equalTo(0));
        assertThat(s.collection().getString("collected")).isEqualTo("70000.00");
        // The buyer sees the attributed money among the contract's payments.
        given().contentType(ContentType.JSON)
                .body(Map.of("contractNo", s.contractNo(), "idNoLast6", s.buyerIdNo().substring(s.buyerIdNo().length() - 6)))
                .post("/api/v1/buyer-lookups").then().statusCode(200).body("paid", equalTo("70000.00"));
        // And the refund on cancellation may return it (the cap is what the account received for the contract).
        Api.supervisor().body(Map.of("reason", "购房人退房", "refundAmount", "70000.01"))
                .post("/api/v1/contracts/" + s.contractNo() + "/cancellation").then().statusCode(400);
        Api.supervisor().body(Map.of("reason", "购房人退房", "refundAmount", "70000.00"))
                .post("/api/v1/contracts/" + s.contractNo() + "/cancellation").then().statusCode(200).body("refundDue", equalTo("70000.00"));
    }

    @Test
    void shouldFileAPendingContractOnceItsDownPaymentIsIn() {
        rule.set(true);
        try {
            Setup s = Setup.of();
            assertThat(s.contractStatus(s.contractNo())).isEqualTo("PENDING_FUNDS");
            String no = s.issue("DOWN_PAYMENT", "300000.00").then().statusCode(201).extract().jsonPath().getString("noticeNo");
            s.credit("100000.00", notice(no)).then().statusCode(201);
            assertThat(s.contractStatus(s.contractNo())).isEqualTo("PENDING_FUNDS");

            // The rest arrives unattributed; its attribution to the notice pays it and files the contract.
            String serial = "PN-" + Api.next();
            s.credit(serial, s.f().accountNo(), "200000.00", "DOWN_PAYMENT", "").then().statusCode(201);
            long id = Db.count("SELECT id FROM account_transaction WHERE serial_no = ?", serial);
            Api.supervisor().body(Map.of("contractNo", s.contractNo(), "paymentNoticeNo", no, "reason", "回单核对一致"))
                    .post("/api/v1/account-transactions/" + id + "/attribution").then().statusCode(200)
                    .body("paymentNoticeNo", equalTo(no));
            Api.supervisor().get("/api/v1/payment-notices/" + no).then().statusCode(200).body("status", equalTo("PAID"));
            assertThat(s.contractStatus(s.contractNo())).isEqualTo("FILED");
            assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'CONTRACT_FUNDED' AND subject = ?",
                    "contract:" + s.contractNo())).isEqualTo(1);

            // A plain credit naming a pending contract (the set-based path) files it too; a full-loan contract is filed at once.
            String plain = Api.contract(s.f().projectId(), "400000.00", "400000.00", "0.00", "NONE");
            assertThat(s.contractStatus(plain)).isEqualTo("PENDING_FUNDS");
            s.credit("399999.99", ",\"contractNo\":\"" + plain + "\"").then().statusCode(201);
            assertThat(s.contractStatus(plain)).isEqualTo("PENDING_FUNDS");
            s.credit("0.01", ",\"contractNo\":\"" + plain + "\"").then().statusCode(201);
            assertThat(s.contractStatus(plain)).isEqualTo("FILED");
        } finally {
            rule.set(false);
        }
        // Off (the default): filed at once, as in v1.
        Setup v1 = Setup.of();
        assertThat(v1.contractStatus(v1.contractNo())).isEqualTo("FILED");
    }

    @Test
    void shouldRaiseTheDownPaymentAlertOncePerUnpaidNotice() {
        Setup s = Setup.of();
        String unpaid = s.issue("DOWN_PAYMENT", "100000.00").then().statusCode(201).extract().jsonPath().getString("noticeNo");
        String paid = s.issue("DOWN_PAYMENT", "200000.00").then().statusCode(201).extract().jsonPath().getString("noticeNo");
        s.credit("200000.00", notice(paid)).then().statusCode(201);
        Instant now = Instant.now();
        sweep.sweep(now.plus(Duration.ofDays(14)));
        assertThat(alerts(s, unpaid)).isZero();
        sweep.sweep(now.plus(Duration.ofDays(16)));
        sweep.sweep(now.plus(Duration.ofDays(17)));
        assertThat(alerts(s, unpaid)).isEqualTo(1);
        assertThat(alerts(s, paid)).isZero();
        Api.supervisor().get("/api/v1/alerts?projectId=" + s.f().projectId()).then().statusCode(200)
                .body("find { it.kind == 'DOWN_PAYMENT_NOT_COLLECTED' }.subject", equalTo("payment-notice:" + unpaid));
    }

    private static long alerts(Setup s, String noticeNo) {
        return Db.count("SELECT count(*) FROM alert WHERE project_id = ? AND kind = 'DOWN_PAYMENT_NOT_COLLECTED' AND subject = ?",
                s.f().projectId(), "payment-notice:" + noticeNo);
    }
}

package cn.escrow.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.NoLeaks;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DailyBalanceTest {

    static final String BALANCES = "/api/v1/bank/daily-balances";
    static final String TRANSACTIONS = "/api/v1/bank/account-transactions";

    Api.Fixture fx;
    SignedClient bank;

    @BeforeEach
    void setUp() {
        String bankCode = "D" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
        // Around 2026-11-10 in the service zone (Asia/Shanghai): one entry the day before, three on the day
        // (the last one written in UTC), one just after it. The refund names no cancelled contract, so it
        // also raises an UNEXPLAINED_DEBIT alert (HIGH) for the alert filters to tell apart.
        push("CREDIT", "1000.00", "2026-11-09T23:59:59+08:00");
        push("CREDIT", "500000.00", "2026-11-10T00:00:00+08:00");
        push("DEBIT", "0.50", "2026-11-10T12:00:00+08:00");
        push("CREDIT", "20.00", "2026-11-10T15:59:59Z");
        push("CREDIT", "7.00", "2026-11-10T16:00:00Z");
    }

    void push(String direction, String amount, String bookedAt) {
        bank.post(TRANSACTIONS, """
                {"serialNo":"T-%d","accountNo":"%s","direction":"%s","amount":"%s","purpose":"%s",
                 "bookedAt":"%s"%s}""".formatted(Api.next(), fx.accountNo(), direction, amount,
                        direction.equals("CREDIT") ? "DOWN_PAYMENT" : "REFUND", bookedAt,
                        direction.equals("CREDIT") ? "" : ",\"counterpartyName\":\"张三\""))
                .then().statusCode(201);
    }

    String balance(String date, String closing, int count) {
        return """
                {"accountNo":"%s","date":"%s","closingBalance":"%s","entryCount":%d}""".formatted(fx.accountNo(), date, closing, count);
    }

    JsonPath alerts(Map<String, Object> filters) {
        return Api.supervisor().queryParam("projectId", fx.projectId()).queryParams(filters).get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldMatchWhenBankFiguresEqualOursWithoutAlert() {
        String push = balance("2026-11-10", "501019.50", 3);
        bank.post(BALANCES, push).then().statusCode(201)
                .body("accountNo", equalTo(fx.accountNo()))
                .body("date", equalTo("2026-11-10"))
                .body("closingBalance", equalTo("501019.50"))
                .body("entryCount", equalTo(3))
                .body("ownClosingBalance", equalTo("501019.50"))
                .body("ownEntryCount", equalTo(3))
                .body("matches", equalTo(true));
        assertThat(alerts(Map.of("kind", "BALANCE_MISMATCH")).getList("$")).isEmpty();

        // The day before: one entry; the day after: all five.
        bank.post(BALANCES, balance("2026-11-09", "1000.00", 1)).then().statusCode(201).body("matches", equalTo(true));
        bank.post(BALANCES, balance("2026-11-11", "501026.50", 1)).then().statusCode(201).body("matches", equalTo(true));
        // A day without entries, before the account saw any.
        bank.post(BALANCES, balance("2026-11-01", "0.00", 0)).then().statusCode(201)
                .body("ownClosingBalance", equalTo("0.00")).body("matches", equalTo(true));
        assertThat(alerts(Map.of("kind", "BALANCE_MISMATCH")).getList("$")).isEmpty();

        Api.as(Api.user("AUDITOR", null)).get("/api/v1/accounts/" + fx.accountNo() + "/daily-balances").then().statusCode(200)
                .header("X-Total-Count", "4")
                .body("[0].date", equalTo("2026-11-11"))
                .body("[3].date", equalTo("2026-11-01"));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'DAILY_BALANCE_PUSHED' AND project_id = ?",
                fx.projectId())).isEqualTo(4);
    }

    @Test
    void shouldReplayIdenticalFiguresAndKeepCorrectionsAsVersions() {
        String push = balance("2026-11-10", "501019.50", 3);
        bank.post(BALANCES, push).then().statusCode(201).body("version", equalTo(1)).body("current", equalTo(true));
        bank.post(BALANCES, push).then().statusCode(200).body("matches", equalTo(true));
        bank.post(BALANCES, push.replace("\"501019.50\"", "501019.5")).then().statusCode(200);

        // A different statement for the same day is the bank's correction: version 2, mismatching, alert raised.
        bank.post(BALANCES, balance("2026-11-10", "501019.51", 3)).then().statusCode(201)
                .body("version", equalTo(2)).body("matches", equalTo(false)).body("closingBalance", equalTo("501019.51"));
        assertThat(alerts(Map.of("kind", "BALANCE_MISMATCH", "open", "true")).getList("$")).hasSize(1);
        bank.post(BALANCES, balance("2026-11-10", "501019.51", 3)).then().statusCode(200).body("version", equalTo(2));
        // The bank's latest word counts: back to the first figures is version 3, which matches and closes the alert.
        bank.post(BALANCES, push).then().statusCode(201).body("version", equalTo(3)).body("matches", equalTo(true));
        JsonPath mismatch = alerts(Map.of("kind", "BALANCE_MISMATCH"));
        assertThat(mismatch.getList("status", String.class)).containsExactly("CLOSED");
        assertThat(mismatch.getString("[0].closeNote")).contains("version 3");

        String days = "/api/v1/accounts/" + fx.accountNo() + "/daily-balances";
        Api.supervisor().get(days).then().statusCode(200).header("X-Total-Count", "1").body("[0].version", equalTo(3));
        Api.as(Api.user("AUDITOR", null)).get(days + "/2026-11-10/versions").then().statusCode(200)
                .body("version", org.hamcrest.Matchers.contains(3, 2, 1))
                .body("current", org.hamcrest.Matchers.contains(true, false, false))
                .body("[1].closingBalance", equalTo("501019.51"));
        Api.supervisor().get(days + "/2026-11-11/versions").then().statusCode(404);
        Api.supervisor().get(days + "/2026-13-01/versions").then().statusCode(400);
        assertThat(Db.count("SELECT count(*) FROM daily_balance WHERE project_id = ?", fx.projectId())).isEqualTo(3);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'DAILY_BALANCE_CORRECTED' AND project_id = ?",
                fx.projectId())).isEqualTo(2);
        // Another bank may not even learn that the day was reported.
        SignedClient.bank("X" + (Api.next() % 100000)).post(BALANCES, push).then().statusCode(403);
    }

    @Test
    void shouldRecheckAReportedDayWhenALateEntryArrives() {
        // The bank's statements include an entry we have not received yet: two days mismatch.
        bank.post(BALANCES, balance("2026-11-10", "501119.50", 4)).then().statusCode(201).body("matches", equalTo(false));
        bank.post(BALANCES, balance("2026-11-11", "501126.50", 1)).then().statusCode(201).body("matches", equalTo(false));
        assertThat(alerts(Map.of("kind", "BALANCE_MISMATCH", "open", "true")).getList("$")).hasSize(2);

        // The late entry arrives: both days are re-checked, match, and their alerts close.
        push("CREDIT", "100.00", "2026-11-10T18:00:00+08:00");
        String days = "/api/v1/accounts/" + fx.accountNo() + "/daily-balances";
        Api.supervisor().get(days).then().statusCode(200)
                .body("matches", org.hamcrest.Matchers.everyItem(equalTo(true)))
                .body("[1].ownClosingBalance", equalTo("501119.50")).body("[1].ownEntryCount", equalTo(4))
                .body("[0].ownClosingBalance", equalTo("501126.50")).body("[0].ownEntryCount", equalTo(1))
                .body("[0].recheckedAt", org.hamcrest.Matchers.notNullValue());
        JsonPath closed = alerts(Map.of("kind", "BALANCE_MISMATCH"));
        assertThat(closed.getList("status", String.class)).containsOnly("CLOSED");
        assertThat(closed.getString("[0].closeNote")).contains("late entry");
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/supervision").then().body("releasesSuspended", equalTo(false));

        // An entry the bank's statement of a reported day does not have breaks the match: the alert is raised again.
        push("CREDIT", "1.00", "2026-11-11T09:00:00+08:00");
        assertThat(alerts(Map.of("kind", "BALANCE_MISMATCH", "open", "true")).getList("subject", String.class))
                .containsExactly("daily-balance:" + fx.accountNo() + ":2026-11-11");
        // Entries after the last reported day change nothing.
        push("CREDIT", "2.00", "2026-11-12T09:00:00+08:00");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'DAILY_BALANCE_RECHECKED' AND project_id = ?",
                fx.projectId())).isEqualTo(3);
    }

    @Test
    void shouldRaiseHighAlertOnMismatchUntilSupervisorClosesIt() {
        // The bank booked an entry we never received.
        bank.post(BALANCES, balance("2026-11-10", "501119.50", 4)).then().statusCode(201)
                .body("ownClosingBalance", equalTo("501019.50")).body("ownEntryCount", equalTo(3))
                .body("matches", equalTo(false));
        // A freeze gives the project a second, WARNING alert to filter against.
        bank.post("/api/v1/bank/judicial-actions", """
                {"serialNo":"J-%d","accountNo":"%s","action":"FREEZE","court":"昆明市五华区人民法院","documentNo":"(2026)云0102执保%d号",
                 "amount":"1000.00","actedAt":"2026-11-20T10:00:00+08:00"}""".formatted(Api.next(), fx.accountNo(), Api.next()))
                .then().statusCode(201);

        JsonPath mismatch = alerts(Map.of("kind", "BALANCE_MISMATCH"));
        assertThat(mismatch.getList("$")).hasSize(1);
        assertThat(mismatch.getString("[0].severity")).isEqualTo("HIGH");
        assertThat(mismatch.getString("[0].status")).isEqualTo("OPEN");
        assertThat(mismatch.getString("[0].detail")).contains("501119.50").contains("501019.50");
        long alertId = mismatch.getLong("[0].id");
        assertThat(alerts(Map.of()).getList("$")).hasSize(3);
        assertThat(alerts(Map.of("severity", "HIGH")).getList("kind", String.class))
                .containsExactlyInAnyOrder("BALANCE_MISMATCH", "UNEXPLAINED_DEBIT");
        assertThat(alerts(Map.of("severity", "WARNING")).getString("[0].kind")).isEqualTo("JUDICIAL_FREEZE");
        assertThat(alerts(Map.of("severity", "INFO")).getList("$")).isEmpty();
        assertThat(alerts(Map.of("open", "true")).getList("$")).hasSize(3);
        assertThat(alerts(Map.of("open", "false")).getList("$")).isEmpty();

        String ack = "/api/v1/alerts/" + alertId + "/acknowledgement";
        String close = "/api/v1/alerts/" + alertId + "/closure";
        Api.as(Api.user("AUDITOR", null)).body(Map.of("note", "看到了")).post(close).then().statusCode(403);
        Api.supervisor().body(Map.of()).post(ack).then().statusCode(400).body("violations.field", hasItem("note"));
        Api.supervisor().body(Map.of("note", "已通知银行核对流水")).post(ack).then().statusCode(204);
        JsonPath acknowledged = alerts(Map.of("kind", "BALANCE_MISMATCH"));
        assertThat(acknowledged.getString("[0].status")).isEqualTo("ACKNOWLEDGED");
        assertThat(acknowledged.getString("[0].acknowledgeNote")).isEqualTo("已通知银行核对流水");
        assertThat(alerts(Map.of("open", "true", "kind", "BALANCE_MISMATCH")).getList("$")).hasSize(1);

        Api.supervisor().body(Map.of("note", "银行补推漏记流水，以银行对账单为准")).post(close).then().statusCode(204);
        Api.supervisor().body(Map.of("note", "again")).post(close).then().statusCode(409).body("type", equalTo("/problems/conflict"));
        Api.supervisor().body(Map.of("note", "again")).post(ack).then().statusCode(409);
        Api.supervisor().body(Map.of("note", "x")).post("/api/v1/alerts/999999999/closure").then().statusCode(404);
        JsonPath closed = alerts(Map.of("open", "false"));
        assertThat(closed.getList("id", Long.class)).containsExactly(alertId);
        assertThat(closed.getString("[0].status")).isEqualTo("CLOSED");
        assertThat(closed.getString("[0].closeNote")).isEqualTo("银行补推漏记流水，以银行对账单为准");
        assertThat(alerts(Map.of("open", "true")).getList("kind", String.class))
                .containsExactly("JUDICIAL_FREEZE", "UNEXPLAINED_DEBIT");
        assertThat(alerts(Map.of("open", "false", "kind", "BALANCE_MISMATCH")).getList("$")).hasSize(1);
        assertThat(alerts(Map.of("open", "true", "kind", "BALANCE_MISMATCH")).getList("$")).isEmpty();
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action IN ('ALERT_ACKNOWLEDGED', 'ALERT_CLOSED') AND subject = ?",
                "alert:" + alertId)).isEqualTo(2);
        Api.supervisor().queryParam("kind", "NO_SUCH_KIND").get("/api/v1/alerts").then().statusCode(400);
        Api.supervisor().queryParam("open", "maybe").get("/api/v1/alerts").then().statusCode(400);
    }

    @Test
    void shouldValidateFiguresAndDates() {
        expectInvalid(balance("2026-11-10", "-0.01", 3), "closingBalance");
        expectInvalid(balance("2026-11-10", "1.001", 3), "closingBalance");
        expectInvalid(balance("2026-11-10", "1000000000000.00", 3), "closingBalance");
        expectInvalid(balance("2026-11-10", "1.00", -1), "entryCount");
        expectInvalid(balance("2026/11/10", "1.00", 1), "date");
        expectInvalid(balance("2026-02-30", "1.00", 1), "date");
        String tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
        expectInvalid(balance(tomorrow, "1.00", 1), "date");
        expectInvalid("{\"accountNo\":\"" + fx.accountNo() + "\",\"date\":\"2026-11-10\",\"entryCount\":1}", "closingBalance");
        expectInvalid(balance("2026-11-10", "1.00", 1).replace("}", ",\"currency\":\"USD\"}"), "currency");
        bank.post(BALANCES, balance("2026-11-10", "1.00", 1).replace("\"entryCount\":1", "\"entryCount\":1.5"))
                .then().statusCode(400);
        bank.post(BALANCES, balance("2026-11-10", "1.00", 1).replace("\"entryCount\":1", "\"entryCount\":\"1\""))
                .then().statusCode(400);
        bank.post(BALANCES, "not json").then().statusCode(400).body("type", equalTo("/problems/malformed-request"));

        bank.post(BALANCES, balance("2026-11-10", "1.00", 1).replace(fx.accountNo(), "999999" + Api.next())).then()
                .statusCode(422).body("type", equalTo("/problems/unknown-reference"));
        SignedClient.signingSystem().post(BALANCES, balance("2026-11-10", "1.00", 1)).then().statusCode(403);
        Api.supervisor().body(balance("2026-11-10", "1.00", 1)).post(BALANCES).then().statusCode(401);
        assertThat(Db.count("SELECT count(*) FROM daily_balance WHERE project_id = ?", fx.projectId())).isZero();

        Api.supervisor().get("/api/v1/accounts/999999" + Api.next() + "/daily-balances").then().statusCode(404);
        Api.as(Api.user("ENTERPRISE", fx.enterpriseId())).get("/api/v1/accounts/" + fx.accountNo() + "/daily-balances")
                .then().statusCode(403);
        Api.supervisor().queryParam("size", 0).get("/api/v1/accounts/" + fx.accountNo() + "/daily-balances")
                .then().statusCode(400);
    }

    private void expectInvalid(String body, String field) {
        Response r = bank.post(BALANCES, body);
        r.then().statusCode(400).body("type", equalTo("/problems/validation-failed")).body("violations.field", hasItem(field));
        NoLeaks.assertProblemWithoutLeaks(body, r);
    }
}

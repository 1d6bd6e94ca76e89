package cn.escrow.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ReportTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    Api.Fixture fx;
    SignedClient bank;
    String bookedAt;
    String bookedLater;

    void push(String path, String body) {
        bank.post(path, body).then().statusCode(201);
    }

    void tx(String direction, String amount, String purpose, String at, String extra) {
        push("/api/v1/bank/account-transactions", """
                {"serialNo":"RP-%d","accountNo":"%s","direction":"%s","amount":"%s","purpose":"%s","bookedAt":"%s"%s}"""
                .formatted(Api.next(), fx.accountNo(), direction, amount, purpose, at, extra));
    }

    String disburse(String contractNo, String amount) {
        String serial = "RD-" + Api.next();
        push("/api/v1/bank/loan-disbursements", """
                {"serialNo":"%s","contractNo":"%s","accountNo":"%s","amount":"%s","loanType":"COMMERCIAL",
                 "disbursedAt":"2026-01-01T10:00:00+08:00"}""".formatted(serial, contractNo, fx.accountNo(), amount));
        return serial;
    }

    @Test
    void shouldReportEveryFigureOfAProjectForTheCurrentMonth() {
        String bankCode = "P" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
        LocalDate monthStart = LocalDate.now(SHANGHAI).withDayOfMonth(1);
        bookedAt = monthStart.atTime(1, 0).atZone(SHANGHAI).toOffsetDateTime().toString();
        bookedLater = monthStart.atTime(2, 0).atZone(SHANGHAI).toOffsetDateTime().toString();

        String c1 = Api.contract(fx.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
        String c2 = Api.contract(fx.projectId(), "800000.00", "300000.00", "500000.00", "COMMERCIAL");
        String c3 = Api.contract(fx.projectId(), "400000.00", "200000.00", "200000.00", "COMMERCIAL");
        String c4 = Api.contract(fx.projectId(), "50000.00", "50000.00", "0.00", "NONE");
        Api.supervisor().body(Map.of("keyAmount", "100000.00", "reason", "核定"))
                .put("/api/v1/projects/" + fx.projectId() + "/key-amount").then().statusCode(200);

        String d1 = disburse(c1, "700000.00");
        disburse(c2, "500000.00");
        String d3 = disburse(c3, "200000.00");
        // d3 was pushed 31 days ago and fell due before its credit was booked (bookedLater): late by booking time.
        Db.update("UPDATE loan_disbursement SET received_at = received_at - interval '31 days', due_at = LEAST(?, now())"
                + " WHERE serial_no = ?", monthStart.atTime(1, 30).atZone(SHANGHAI).toOffsetDateTime(), d3);
        Api.supervisor().post("/api/v1/overdue-sweeps").then().statusCode(200);

        String deposit = "RP-DEP-" + Api.next();
        push("/api/v1/bank/account-transactions", """
                {"serialNo":"%s","accountNo":"%s","direction":"CREDIT","amount":"10000.00","purpose":"DEPOSIT","bookedAt":"%s"}"""
                .formatted(deposit, fx.accountNo(), bookedAt));
        tx("CREDIT", "10000.00", "DEPOSIT", bookedAt, "");
        tx("CREDIT", "300000.00", "DOWN_PAYMENT", bookedAt, "");
        tx("CREDIT", "700000.00", "LOAN", bookedAt, ",\"disbursementSerialNo\":\"" + d1 + "\"");
        tx("CREDIT", "200000.00", "LOAN", bookedLater, ",\"disbursementSerialNo\":\"" + d3 + "\"");
        tx("DEBIT", "10000.00", "DEPOSIT", bookedLater, ",\"reversesSerialNo\":\"" + deposit + "\"");
        Db.update("UPDATE contract SET status = 'CANCELLED', refund_due = 5000 WHERE contract_no = ?", c4);
        tx("DEBIT", "5000.00", "REFUND", bookedLater, ",\"contractNo\":\"" + c4 + "\"");
        tx("DEBIT", "1000.00", "OTHER", bookedLater, "");

        String enterprise = Api.user("ENTERPRISE", fx.enterpriseId());
        String release = Api.as(enterprise).body(Map.of("nodeCode", "PRESALE_PERMIT", "amount", "30000.00", "payeeName", "施工单位",
                        "payeeAccountNo", "53001234567890", "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "进度款"))
                .post("/api/v1/projects/" + fx.projectId() + "/releases").then().statusCode(201).extract().jsonPath().getString("releaseNo");
        Api.supervisor().body(Map.of()).post("/api/v1/releases/" + release + "/approval").then().statusCode(200);
        tx("DEBIT", "30000.00", "RELEASE", bookedLater, ",\"releaseNo\":\"" + release + "\",\"counterpartyAccountNo\":\"53001234567890\"");

        long lock = Api.supervisor().body(Map.of("reason", "检查")).post("/api/v1/projects/" + fx.projectId() + "/signing-locks")
                .then().statusCode(201).extract().jsonPath().getLong("lockId");
        Api.supervisor().delete("/api/v1/projects/" + fx.projectId() + "/signing-locks/" + lock).then().statusCode(204);
        Api.supervisor().body(Map.of("reason", "整改期间")).post("/api/v1/projects/" + fx.projectId() + "/signing-locks").then().statusCode(201);

        long check = Api.supervisor().body(Map.of("kind", "SURPRISE", "checkedAt", java.time.OffsetDateTime.now(SHANGHAI).minusMinutes(5).toString(),
                        "findings", "定金未进监管账户", "compliant", false))
                .post("/api/v1/projects/" + fx.projectId() + "/spot-checks").then().statusCode(201).extract().jsonPath().getLong("id");
        Api.supervisor().body(Map.of("requirement", "七日内将定金转入监管账户",
                        "deadline", java.time.OffsetDateTime.now(SHANGHAI).plusDays(7).toString()))
                .post("/api/v1/spot-checks/" + check + "/rectifications").then().statusCode(201);
        Api.supervisor().body(Map.of("reason", "挪用预售资金")).post("/api/v1/enterprises/" + fx.enterpriseId() + "/blacklisting")
                .then().statusCode(201);

        JsonPath r = Api.supervisor().get("/api/v1/reports/MONTHLY?periodStart=" + monthStart + "&projectId=" + fx.projectId())
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
        assertThat(r.getBoolean("published")).isFalse();
        assertThat(r.getString("periodEnd")).isEqualTo(monthStart.plusMonths(1).toString());
        assertThat(r.getList("moneyIn.purpose")).containsExactly("DEPOSIT", "DOWN_PAYMENT", "LOAN");
        assertThat(r.getList("moneyIn.count", Integer.class)).containsExactly(2, 1, 2);
        assertThat(r.getList("moneyIn.amount")).containsExactly("20000.00", "300000.00", "900000.00");
        assertThat(r.getMap("reversals")).isEqualTo(Map.of("count", 1, "amount", "10000.00"));
        assertThat(r.getMap("refunds")).isEqualTo(Map.of("count", 1, "amount", "5000.00"));
        assertThat(r.getMap("releases.approved")).isEqualTo(Map.of("count", 1, "amount", "30000.00"));
        assertThat(r.getMap("releases.executed")).isEqualTo(Map.of("count", 1, "amount", "30000.00"));
        assertThat(r.getList("balances")).hasSize(1);
        assertThat(r.getString("balances[0].balanceAtEnd")).isEqualTo("1174000.00");
        assertThat(r.getString("balances[0].keyAmountAtEnd")).isEqualTo("100000.00");
        assertThat(r.getString("balances[0].shortfallAtEnd")).isEqualTo("0.00");
        assertThat(r.getList("disbursements")).hasSize(1);
        assertThat(r.getString("disbursements[0].bankCode")).isEqualTo(bankCode);
        assertThat(r.getMap("disbursements[0].received")).isEqualTo(Map.of("count", 2, "amount", "1200000.00"));
        assertThat(r.getMap("disbursements[0].awaitingAtEnd")).isEqualTo(Map.of("count", 1, "amount", "500000.00"));
        assertThat(r.getMap("disbursements[0].becameOverdue")).isEqualTo(Map.of("count", 1, "amount", "200000.00"));
        assertThat(r.getMap("disbursements[0].overdueAtEnd")).isEqualTo(Map.of("count", 0, "amount", "0.00"));
        assertThat(r.getMap("disbursements[0].lateArrived")).isEqualTo(Map.of("count", 1, "amount", "200000.00"));
        assertThat(r.getMap("signingLocks")).isEqualTo(Map.of("created", 2, "lifted", 1, "activeAtEnd", 1));
        // The three notices were pushed long after their disbursedAt, and d3 became overdue: loan alerts (1.1).
        assertThat(r.getList("openAlertsAtEnd")).hasSize(3);
        assertThat(r.getMap("openAlertsAtEnd[0]")).isEqualTo(Map.of("kind", "LATE_LOAN_NOTICE", "severity", "WARNING", "count", 3));
        assertThat(r.getMap("openAlertsAtEnd[1]")).isEqualTo(Map.of("kind", "LOAN_OVERDUE", "severity", "HIGH", "count", 1));
        assertThat(r.getMap("openAlertsAtEnd[2]")).isEqualTo(Map.of("kind", "UNEXPLAINED_DEBIT", "severity", "HIGH", "count", 1));

        assertThat(r.getInt("oversight.spotChecks")).isEqualTo(1);
        assertThat(r.getInt("oversight.rectificationsIssued")).isEqualTo(1);
        assertThat(r.getInt("oversight.rectificationsClosed")).isZero();
        assertThat(r.getInt("oversight.rectificationsOverdue")).isZero();
        assertThat(r.getList("oversight.blacklistChanges")).hasSize(1);
        assertThat(r.getString("oversight.blacklistChanges[0].action")).isEqualTo("ADD");
        assertThat(r.getString("oversight.blacklistChanges[0].source")).isEqualTo("MANUAL");
        assertThat(r.getString("oversight.blacklistChanges[0].reason")).isEqualTo("挪用预售资金");

        byte[] csv = Api.supervisor().get("/api/v1/reports/MONTHLY?periodStart=" + monthStart + "&projectId=" + fx.projectId()
                + "&format=csv").then().statusCode(200).contentType("text/csv; charset=UTF-8")
                .header("Content-Disposition", org.hamcrest.Matchers.containsString(".csv")).extract().asByteArray();
        assertThat(csv[0]).isEqualTo((byte) 0xEF);
        assertThat(csv[1]).isEqualTo((byte) 0xBB);
        assertThat(csv[2]).isEqualTo((byte) 0xBF);
        String text = new String(csv, StandardCharsets.UTF_8);
        String pid = String.valueOf(fx.projectId());
        assertThat(text).contains("moneyIn," + pid + ",DEPOSIT,,2,20000.00\r\n")
                .contains("balance," + fx.projectId() + " " + fx.projectName() + ",balanceAtEnd,,,1174000.00\r\n")
                .contains("disbursements," + pid + ",lateArrived," + bankCode + ",1,200000.00\r\n");
        Api.supervisor().accept("text/csv").get("/api/v1/reports/MONTHLY?periodStart=" + monthStart + "&projectId=" + pid)
                .then().statusCode(200).contentType("text/csv; charset=UTF-8");
    }

    @Test
    void shouldKeepAPublishedReportUnchangedByLaterDataFixes() {
        String bankCode = "Q" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
        // A month of its own (so that a persistent external test database does not meet it twice).
        LocalDate month = LocalDate.of(2001 + (int) (Api.next() % 20), 1 + (int) (Api.next() % 12), 1);
        tx("CREDIT", "1000.00", "DEPOSIT", month.plusDays(9) + "T10:00:00+08:00", "");
        Api.supervisor().body(Map.of("periodStart", LocalDate.now(SHANGHAI).withDayOfMonth(1).toString()))
                .post("/api/v1/reports/MONTHLY/snapshots").then().statusCode(409);
        Api.supervisor().body(Map.of("periodStart", month.toString())).post("/api/v1/reports/MONTHLY/snapshots").then().statusCode(201)
                .body("published", equalTo(true));
        Api.supervisor().body(Map.of("periodStart", month.toString())).post("/api/v1/reports/MONTHLY/snapshots").then().statusCode(409);
        String before = Api.supervisor().get("/api/v1/reports/MONTHLY?periodStart=" + month + "").then().statusCode(200)
                .body("published", equalTo(true)).extract().asString();
        String mine = "balances.find { it.projectId == " + fx.projectId() + " }.balanceAtEnd";
        assertThat(JsonPath.from(before).getString(mine)).isEqualTo("1000.00");

        // A late correction booked in the published month: the ledger changes, the published report does not.
        tx("CREDIT", "234.56", "DEPOSIT", month.plusDays(10) + "T10:00:00+08:00", "");
        String after = Api.supervisor().get("/api/v1/reports/MONTHLY?periodStart=" + month + "").then().statusCode(200).extract().asString();
        assertThat(after).isEqualTo(before);
        Api.supervisor().get("/api/v1/reports/MONTHLY?periodStart=" + month + "&projectId=" + fx.projectId()).then().statusCode(200)
                .body("balances[0].balanceAtEnd", equalTo("1000.00"));
        Api.supervisor().get("/api/v1/accounts/" + fx.accountNo()).then().body("balance", equalTo("1234.56"));
        assertThatThrownBy(() -> Db.update("UPDATE report_snapshot SET generated_by = 'x'")).hasMessageContaining("immutable");
        assertThat(Api.supervisor().get("/api/v1/reports/snapshots").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.kind == 'MONTHLY' }.periodStart")).contains(month.toString());
    }

    @Test
    void shouldValidatePeriodsAndRoles() {
        Api.supervisor().get("/api/v1/reports/YEARLY?periodStart=2024-01-01").then().statusCode(400)
                .body("violations[0].field", equalTo("kind"));
        Api.supervisor().get("/api/v1/reports/MONTHLY?periodStart=2024-01-02").then().statusCode(400)
                .body("violations[0].field", equalTo("periodStart"));
        Api.supervisor().get("/api/v1/reports/WEEKLY?periodStart=2024-01-01").then().statusCode(200); // a Monday
        Api.supervisor().get("/api/v1/reports/WEEKLY?periodStart=2024-01-02").then().statusCode(400);
        Api.supervisor().get("/api/v1/reports/HALF_MONTHLY?periodStart=2024-01-16").then().statusCode(200)
                .body("periodEnd", equalTo("2024-02-01"));
        Api.supervisor().get("/api/v1/reports/MONTHLY").then().statusCode(400);
        Api.supervisor().get("/api/v1/reports/MONTHLY?periodStart=2024-01-01&projectId=999999999").then().statusCode(404);
        Api.as(Api.user("ENTERPRISE", Api.project("ZZ").enterpriseId())).get("/api/v1/reports/MONTHLY?periodStart=2024-01-01")
                .then().statusCode(403);
        assertThat(List.of(ReportPeriod.lastClosed(ReportPeriod.Kind.HALF_MONTHLY, LocalDate.parse("2026-11-28")).start(),
                ReportPeriod.lastClosed(ReportPeriod.Kind.MONTHLY, LocalDate.parse("2026-11-28")).start(),
                ReportPeriod.lastClosed(ReportPeriod.Kind.WEEKLY, LocalDate.parse("2026-11-28")).start()))
                .containsExactly(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-16"));
    }
}

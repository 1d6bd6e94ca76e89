package cn.escrow.dashboards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dashboard figures of two counties built by real pushes: exact figures, scoping (a county supervisor never sees the other
 * county's), CSV equal to JSON, and publication: a late push leaves the published figures unchanged, a republication is a
 * new version and the first stays readable.
 */
@QuarkusTest
class DashboardTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    static final String WUHUA = "530102"; // 五华区, Kunming: used by no other test
    static final String PANLONG = "530103"; // 盘龙区

    SignedClient bank;

    void credit(Api.Fixture fx, String amount, String purpose, OffsetDateTime at) {
        bank.post("/api/v1/bank/account-transactions", """
                {"serialNo":"DB-%d","accountNo":"%s","direction":"CREDIT","amount":"%s","purpose":"%s","bookedAt":"%s"}"""
                .formatted(Api.next(), fx.accountNo(), amount, purpose, at)).then().statusCode(201);
    }

    static JsonPath dashboard(String user, String kind, LocalDate start, Map<String, ?> query) {
        return (user == null ? Api.admin() : Api.as(user)).queryParam("periodStart", start.toString()).queryParams(query)
                .get("/api/v1/dashboards/" + kind).then().statusCode(200).extract().jsonPath();
    }

    /** A point of a section of the total ({@code division} null) or of a county: "count value". */
    static String point(JsonPath d, String division, String section, String label) {
        String base = division == null ? "total" : "divisions.find { it.division == '" + division + "' }.figures";
        return d.getString(base + "." + section + ".find { it.label == '" + label + "' }.count") + " "
                + d.getString(base + "." + section + ".find { it.label == '" + label + "' }.value");
    }

    @Test
    void figuresOfTwoCountiesScopedPublishedAndCorrected() {
        String bankCode = "DB" + (Api.next() % 100000);
        bank = SignedClient.bank(bankCode);
        Api.Fixture a1 = Api.project(bankCode, WUHUA);
        Api.Fixture a2 = Api.project(bankCode, WUHUA);
        Api.Fixture b1 = Api.project(bankCode, PANLONG);
        OffsetDateTime now = OffsetDateTime.now(SHANGHAI).minusSeconds(5);
        LocalDate week = now.toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate lastWeek = week.minusWeeks(1);
        OffsetDateTime inLastWeek = lastWeek.plusDays(1).atTime(10, 0).atZone(SHANGHAI).toOffsetDateTime();

        // this week: money in both counties, a key amount in Wuhua, an overdue loan notice (signing off) in Wuhua
        credit(a1, "300000.00", "DOWN_PAYMENT", now);
        credit(a1, "20000.00", "DEPOSIT", now);
        credit(a2, "50000.00", "DOWN_PAYMENT", now);
        credit(b1, "80000.00", "FULL_PAYMENT", now);
        Api.supervisor().body(Map.of("keyAmount", "400000.00", "reason", "按建设成本核定"))
                .put("/api/v1/projects/" + a1.projectId() + "/key-amount").then().statusCode(200);
        String contractNo = Api.contract(a2.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
        String serial = "DBL-" + Api.next();
        bank.post("/api/v1/bank/loan-disbursements", """
                {"serialNo":"%s","contractNo":"%s","accountNo":"%s","amount":"700000.00","loanType":"COMMERCIAL","disbursedAt":"%s"}"""
                .formatted(serial, contractNo, a2.accountNo(), now)).then().statusCode(201);
        Db.update("""
                UPDATE loan_disbursement SET received_at = received_at - interval '31 days', disbursed_at = disbursed_at - interval '31 days',
                    due_at = now() - interval '1 hour' WHERE bank_code = ? AND serial_no = ?""", bankCode, serial);
        Api.supervisor().post("/api/v1/overdue-sweeps").then().statusCode(200);
        String a2Level = Api.supervisor().get("/api/v1/projects/" + a2.projectId() + "/risk").then().statusCode(200)
                .extract().jsonPath().getString("level");
        assertThat(a2Level).isNotEqualTo("GREEN");

        String city = Api.userIn("AUDITOR", "530100");
        JsonPath d = dashboard(city, "WEEKLY", week, Map.of());
        assertThat(d.getBoolean("published")).isFalse();
        assertThat(d.getList("divisions.division")).containsExactly(WUHUA, PANLONG);
        assertThat(d.getList("divisions[0].figures.projectsByLevel.label")).containsExactly("GREEN", "YELLOW", "ORANGE", "RED");
        assertThat(point(d, WUHUA, "projectsByLevel", "GREEN")).isEqualTo("1 320000.00");
        assertThat(point(d, WUHUA, "projectsByLevel", a2Level)).isEqualTo("1 50000.00");
        assertThat(point(d, WUHUA, "balances", "balanceAtEnd")).isEqualTo("2 370000.00");
        assertThat(point(d, WUHUA, "balances", "keyAmountAtEnd")).isEqualTo("1 400000.00");
        assertThat(point(d, WUHUA, "balances", "remainingKeyAtEnd")).isEqualTo("1 400000.00");
        assertThat(point(d, WUHUA, "balances", "shortfallAtEnd")).isEqualTo("1 80000.00");
        assertThat(point(d, WUHUA, "inflowsByPurpose", "DOWN_PAYMENT")).isEqualTo("2 350000.00");
        assertThat(point(d, WUHUA, "inflowsByPurpose", "DEPOSIT")).isEqualTo("1 20000.00");
        assertThat(point(d, WUHUA, "inflowsByPurpose", "LOAN")).isEqualTo("0 0.00");
        assertThat(point(d, WUHUA, "overdueNotices", "becameOverdue")).isEqualTo("1 700000.00");
        assertThat(point(d, WUHUA, "overdueNotices", "overdueAtEnd")).isEqualTo("1 700000.00");
        assertThat(point(d, WUHUA, "signingLocked", "lockedDays")).isEqualTo("1 0.00"); // off for seconds so far
        assertThat(point(d, WUHUA, "releases", "approved")).isEqualTo("0 0.00");
        assertThat(point(d, PANLONG, "projectsByLevel", "GREEN")).isEqualTo("1 80000.00");
        assertThat(point(d, PANLONG, "inflowsByPurpose", "FULL_PAYMENT")).isEqualTo("1 80000.00");
        assertThat(point(d, PANLONG, "overdueNotices", "overdueAtEnd")).isEqualTo("0 0.00");
        assertThat(point(d, PANLONG, "signingLocked", "lockedDays")).isEqualTo("0 0.00");
        assertThat(point(d, null, "balances", "balanceAtEnd")).isEqualTo("3 450000.00");
        assertThat(point(d, null, "projectsByLevel", "GREEN")).isEqualTo("2 400000.00");

        // CSV: the same points, line by line
        assertThat(csvLines(city, week)).isEqualTo(jsonLines(d));

        // a county supervisor: its county only, the other is 404; the total is its county's
        String wuhua = Api.userIn("SUPERVISOR", WUHUA);
        JsonPath own = dashboard(wuhua, "WEEKLY", week, Map.of());
        assertThat(own.getList("divisions.division")).containsExactly(WUHUA);
        assertThat(point(own, null, "balances", "balanceAtEnd")).isEqualTo("2 370000.00");
        Api.as(wuhua).queryParam("periodStart", week.toString()).queryParam("division", PANLONG).get("/api/v1/dashboards/WEEKLY")
                .then().statusCode(404).body("type", equalTo("/problems/not-found"));
        Api.as(wuhua).queryParam("periodStart", week.toString()).queryParam("division", "530100").get("/api/v1/dashboards/WEEKLY")
                .then().statusCode(404);
        JsonPath onlyPanlong = dashboard(city, "WEEKLY", week, Map.of("division", PANLONG));
        assertThat(onlyPanlong.getList("divisions.division")).containsExactly(PANLONG);
        assertThat(point(onlyPanlong, null, "inflowsByPurpose", "FULL_PAYMENT")).isEqualTo("1 80000.00");

        // publication of last week: limited staff may not, an open period may not be published. Money booked last week in
        // both Wuhua projects; a2's signing went off last Tuesday at 10:00 (its event moved back, as other tests move time):
        // off until the week's end, 5 days 14 hours
        credit(a1, "10000.00", "DEPOSIT", inLastWeek);
        credit(a2, "1000.00", "DEPOSIT", inLastWeek);
        Db.update("UPDATE signing_event SET at = ? WHERE project_id = ? AND NOT enabled", inLastWeek, a2.projectId());
        long snapshots = Db.count("SELECT count(*) FROM report_snapshot");
        Api.as(wuhua).body(Map.of("periodStart", lastWeek.toString())).post("/api/v1/dashboards/WEEKLY/snapshots")
                .then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        Api.admin().body(Map.of("periodStart", week.toString())).post("/api/v1/dashboards/WEEKLY/snapshots").then().statusCode(409);
        Api.admin().body(Map.of("periodStart", lastWeek.toString(), "reason", "补报")).post("/api/v1/dashboards/WEEKLY/republications")
                .then().statusCode(409);
        assertThat(Db.count("SELECT count(*) FROM report_snapshot")).isEqualTo(snapshots);
        Api.admin().body(Map.of("periodStart", lastWeek.toString())).post("/api/v1/dashboards/WEEKLY/snapshots").then().statusCode(201)
                .body("published", equalTo(true)).body("version", equalTo(1));
        Api.admin().body(Map.of("periodStart", lastWeek.toString())).post("/api/v1/dashboards/WEEKLY/snapshots").then().statusCode(409);
        JsonPath v1 = dashboard(wuhua, "WEEKLY", lastWeek, Map.of());
        assertThat(v1.getBoolean("published")).isTrue();
        assertThat(v1.getList("divisions.division")).containsExactly(WUHUA);
        assertThat(point(v1, WUHUA, "inflowsByPurpose", "DEPOSIT")).isEqualTo("2 11000.00");
        assertThat(point(v1, WUHUA, "balances", "balanceAtEnd")).isEqualTo("2 11000.00");
        assertThat(point(v1, WUHUA, "signingLocked", "lockedDays")).isEqualTo("1 5.58");
        assertThat(point(v1, WUHUA, "projectsByLevel", "GREEN")).isEqualTo("2 11000.00"); // its risk changed this week

        // a late push booked last week: the published figures do not move
        credit(a1, "5000.00", "DOWN_PAYMENT", inLastWeek);
        JsonPath after = dashboard(wuhua, "WEEKLY", lastWeek, Map.of());
        assertThat(point(after, WUHUA, "inflowsByPurpose", "DOWN_PAYMENT")).isEqualTo("0 0.00");
        assertThat(point(after, WUHUA, "balances", "balanceAtEnd")).isEqualTo("2 11000.00");
        assertThat(after.getString("publishedAt")).isEqualTo(v1.getString("publishedAt"));

        // the corrected republication is version 2 with its reason; version 1 stays as published
        Api.admin().body(Map.of("periodStart", lastWeek.toString(), "reason", "银行补报一笔首付款"))
                .post("/api/v1/dashboards/WEEKLY/republications").then().statusCode(201)
                .body("version", equalTo(2)).body("correction", equalTo("银行补报一笔首付款"));
        JsonPath v2 = dashboard(wuhua, "WEEKLY", lastWeek, Map.of());
        assertThat(v2.getInt("version")).isEqualTo(2);
        assertThat(point(v2, WUHUA, "inflowsByPurpose", "DOWN_PAYMENT")).isEqualTo("1 5000.00");
        assertThat(point(v2, WUHUA, "balances", "balanceAtEnd")).isEqualTo("2 16000.00");
        assertThat(point(v2, WUHUA, "signingLocked", "lockedDays")).isEqualTo("1 5.58");
        JsonPath first = dashboard(wuhua, "WEEKLY", lastWeek, Map.of("version", 1));
        assertThat(point(first, WUHUA, "balances", "balanceAtEnd")).isEqualTo("2 11000.00");
        Api.as(wuhua).queryParam("periodStart", lastWeek.toString()).queryParam("version", 3).get("/api/v1/dashboards/WEEKLY")
                .then().statusCode(404);
        List<Integer> versions = Api.as(wuhua).get("/api/v1/dashboards/snapshots").then().statusCode(200).extract().jsonPath()
                .getList("findAll { it.kind == 'WEEKLY' && it.periodStart == '" + lastWeek + "' }.version");
        assertThat(versions).containsExactly(2, 1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action IN ('DASHBOARD_PUBLISHED', 'DASHBOARD_REPUBLISHED')"))
                .isEqualTo(2);
        // the reports' snapshots are not mixed with the dashboards'
        Api.admin().get("/api/v1/reports/snapshots").then().statusCode(200);
    }

    /** The CSV's point lines, as "section,division,label,count,value". */
    static List<String> csvLines(String user, LocalDate start) {
        byte[] body = Api.as(user).queryParam("periodStart", start.toString()).header("Accept", "text/csv")
                .get("/api/v1/dashboards/WEEKLY").then().statusCode(200).contentType("text/csv; charset=UTF-8")
                .extract().asByteArray();
        List<String> lines = Arrays.asList(new String(body, StandardCharsets.UTF_8).split("\r\n"));
        int header = lines.indexOf("section,division,label,count,value");
        assertThat(header).isPositive();
        return lines.subList(header + 1, lines.size());
    }

    static List<String> jsonLines(JsonPath d) {
        List<String> out = new ArrayList<>();
        add(out, d, "total", "ALL");
        List<String> divisions = d.getList("divisions.division");
        for (int i = 0; i < divisions.size(); i++) {
            add(out, d, "divisions[" + i + "].figures", divisions.get(i));
        }
        return out;
    }

    private static void add(List<String> out, JsonPath d, String base, String division) {
        for (String section : List.of("projectsByLevel", "balances", "inflowsByPurpose", "releases", "overdueNotices", "signingLocked")) {
            List<Map<String, Object>> points = d.getList(base + "." + section);
            points.forEach(p -> out.add(String.join(",", section, division, p.get("label").toString(), p.get("count").toString(),
                    p.get("value").toString())));
        }
    }
}

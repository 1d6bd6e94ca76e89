package cn.escrow.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each risk factor from real facts, the level from the score, level changes as events, alerts and audit, and the board. */
@QuarkusTest
class RiskTest {

    static final String JUDICIAL = "/api/v1/bank/judicial-actions";
    static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    Api.Fixture fx;
    SignedClient bank;

    @BeforeEach
    void setUp() {
        String bankCode = "R" + (Api.next() % 100000);
        fx = Api.project(bankCode, "361025"); // 乐安县: its own county, so the board below holds few projects
        bank = SignedClient.bank(bankCode);
    }

    JsonPath risk() {
        return Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/risk").then().statusCode(200).extract().jsonPath();
    }

    static int points(JsonPath risk, String kind) {
        Integer p = risk.get("factors.find { it.kind == '" + kind + "' }.points");
        return p == null ? 0 : p;
    }

    static String at(int daysFromNow) {
        return OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(daysFromNow).format(SECONDS);
    }

    String judicial(String action, String documentNo, String amount, String extra) {
        return """
                {"serialNo":"J-%d","accountNo":"%s","action":"%s","court":"抚州市乐安县人民法院","documentNo":"%s"%s,"actedAt":"%s"%s}"""
                .formatted(Api.next(), fx.accountNo(), action, documentNo, amount == null ? "" : ",\"amount\":\"" + amount + "\"",
                        at(-1), extra);
    }

    @Test
    void freezesAndDeductionsScoreAndEveryLevelChangeIsAnEventAnAlertAndAnAuditEvent() {
        JsonPath green = risk();
        assertThat(green.getString("level")).isEqualTo("GREEN");
        assertThat(green.getInt("score")).isZero();
        assertThat(green.getList("factors")).isEmpty();

        String freezeDoc = "(2026)赣1025执保" + Api.next() + "号";
        bank.post(JUDICIAL, judicial("FREEZE", freezeDoc, "500000.00", "")).then().statusCode(201);
        JsonPath frozen = risk();
        assertThat(frozen.getString("level")).isEqualTo("YELLOW");
        assertThat(points(frozen, "FREEZE")).isEqualTo(25);
        assertThat(frozen.getInt("score")).isEqualTo(25);
        assertThat(frozen.getString("factors[0].evidence.amount")).isEqualTo("500000.00");
        assertThat(frozen.getList("factors[0].evidence.documentNos")).containsExactly(freezeDoc);

        // the same facts again: nothing written, no new change
        risk();
        List<Map<String, Object>> changes = Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/risk/changes")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).containsEntry("from", "GREEN").containsEntry("to", "YELLOW").containsEntry("score", 25);
        assertThat(Db.count("SELECT count(*) FROM alert WHERE project_id = ? AND kind = 'RISK_LEVEL_CHANGED' AND severity = 'WARNING'",
                fx.projectId())).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE project_id = ? AND action = 'RISK_LEVEL_CHANGED'",
                fx.projectId())).isEqualTo(1);

        // a deduction (above the key obligation: the 12号 rule allows it, so nothing unexplained), then a debit nothing
        // explains, whose alert is an unexplained debit on top
        bank.post(JUDICIAL, judicial("DEDUCTION", "(2026)赣1025执" + Api.next() + "号", "100000.00", "")).then().statusCode(201);
        JsonPath deductedOnly = risk();
        assertThat(points(deductedOnly, "DEDUCTION")).isEqualTo(10);
        assertThat(points(deductedOnly, "UNEXPLAINED_DEBITS")).isZero();
        bank.post("/api/v1/bank/account-transactions", """
                {"serialNo":"RD-%d","accountNo":"%s","direction":"DEBIT","amount":"1000.00","purpose":"OTHER","bookedAt":"%s"}"""
                .formatted(Api.next(), fx.accountNo(), at(0))).then().statusCode(201);
        JsonPath deducted = risk();
        assertThat(points(deducted, "DEDUCTION")).isEqualTo(10);
        assertThat(points(deducted, "UNEXPLAINED_DEBITS")).isEqualTo(20);
        assertThat(deducted.getInt("score")).isEqualTo(55);
        assertThat(deducted.getString("level")).isEqualTo("ORANGE");
        assertThat(deducted.getList("factors.points", Integer.class)).isSortedAccordingTo((a, b) -> b - a);

        // the freeze lifted: back down, a second change
        bank.post(JUDICIAL, judicial("UNFREEZE", "(2026)赣1025执保" + Api.next() + "号之一", null,
                ",\"freezeDocumentNo\":\"" + freezeDoc + "\"")).then().statusCode(201);
        JsonPath lifted = risk();
        assertThat(points(lifted, "FREEZE")).isZero();
        assertThat(lifted.getString("level")).isEqualTo("YELLOW");
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/risk/changes").then().statusCode(200)
                .body("to", equalTo(List.of("YELLOW", "ORANGE", "YELLOW")));
        Api.as(Api.user("ENTERPRISE", fx.enterpriseId())).get("/api/v1/projects/" + fx.projectId() + "/risk").then().statusCode(403);

        // every change raised its alert, by the level reached
        assertThat(Db.count("SELECT count(*) FROM alert WHERE project_id = ? AND kind = 'RISK_LEVEL_CHANGED'", fx.projectId())).isEqualTo(3);
        assertThat(Db.count("SELECT count(*) FROM alert WHERE project_id = ? AND kind = 'RISK_LEVEL_CHANGED' AND severity = 'HIGH'",
                fx.projectId())).isEqualTo(1);
        // the board over time: the county's changes, newest first; another county's supervisor neither lists nor asks for them
        String today = java.time.LocalDate.now(ZoneOffset.ofHours(8)).minusDays(1).toString();
        JsonPath timeline = Api.as(Api.userIn("AUDITOR", "361025")).queryParam("since", today).queryParam("size", 200)
                .get("/api/v1/risk-board/changes").then().statusCode(200).extract().jsonPath();
        assertThat(timeline.getList("findAll { it.projectId == " + fx.projectId() + " }.to")).containsExactly("YELLOW", "ORANGE", "YELLOW");
        assertThat(timeline.getList("divisionCode")).containsOnly("361025");
        String other = Api.userIn("SUPERVISOR", "361021");
        assertThat(Api.as(other).queryParam("size", 200).get("/api/v1/risk-board/changes").then().statusCode(200).extract().jsonPath()
                .getList("projectId")).doesNotContain((int) fx.projectId());
        Api.as(other).queryParam("division", "361025").get("/api/v1/risk-board/changes").then().statusCode(404);
        Api.as(other).queryParam("since", "yesterday").get("/api/v1/risk-board/changes").then().statusCode(400);
    }

    @Test
    void keyShortfallAndLoanNoticesDueSoonAndOverdue() {
        Api.supervisor().body(Map.of("keyAmount", "500000.00", "reason", "按建设成本核定"))
                .put("/api/v1/projects/" + fx.projectId() + "/key-amount").then().statusCode(200);
        JsonPath shortfall = risk();
        assertThat(points(shortfall, "KEY_SHORTFALL")).isEqualTo(30);
        assertThat(shortfall.getString("factors.find { it.kind == 'KEY_SHORTFALL' }.evidence.shortfall")).isEqualTo("500000.00");

        String lenderCode = "RL" + (Api.next() % 100000);
        SignedClient lender = SignedClient.bank(lenderCode);
        String contractNo = Api.contract(fx.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
        String serial = "LN-" + Api.next();
        lender.post("/api/v1/bank/loan-disbursements", """
                {"serialNo":"%s","contractNo":"%s","accountNo":"%s","amount":"700000.00","loanType":"COMMERCIAL","disbursedAt":"%s"}"""
                .formatted(serial, contractNo, fx.accountNo(), at(0).replace(at(0).substring(11, 19), "00:00:00"))).then().statusCode(201);
        assertThat(points(risk(), "LOAN_DUE_SOON")).isZero(); // due in 31 days
        Db.update("UPDATE loan_disbursement SET due_at = now() + interval '2 days' WHERE bank_code = ? AND serial_no = ?", lenderCode, serial);
        assertThat(points(risk(), "LOAN_DUE_SOON")).isEqualTo(5);

        Db.update("""
                UPDATE loan_disbursement SET received_at = received_at - interval '31 days', disbursed_at = disbursed_at - interval '31 days',
                    due_at = now() - interval '1 hour' WHERE bank_code = ? AND serial_no = ?""", lenderCode, serial);
        Api.supervisor().post("/api/v1/overdue-sweeps").then().statusCode(200);
        JsonPath overdue = risk();
        assertThat(points(overdue, "LOAN_OVERDUE")).isEqualTo(30);
        assertThat(points(overdue, "LOAN_DUE_SOON")).isZero();
        assertThat(overdue.getString("factors.find { it.kind == 'LOAN_OVERDUE' }.evidence.amount")).isEqualTo("700000.00");
        assertThat(overdue.getInt("score")).isEqualTo(60);
        assertThat(overdue.getString("level")).isEqualTo("RED");
        assertThat(Db.count("SELECT count(*) FROM alert WHERE project_id = ? AND kind = 'RISK_LEVEL_CHANGED' AND severity = 'HIGH'",
                fx.projectId())).isEqualTo(1);

        // the board of the county ranks it first; a level filter narrows it
        JsonPath board = Api.supervisor().queryParam("division", "361025").get("/api/v1/risk-board").then().statusCode(200)
                .extract().jsonPath();
        assertThat(board.getLong("[0].projectId")).isEqualTo(fx.projectId());
        assertThat(board.getInt("[0].rank")).isEqualTo(1);
        assertThat(board.getString("[0].level")).isEqualTo("RED");
        assertThat(board.getList("[0].factorKinds")).containsExactly("KEY_SHORTFALL", "LOAN_OVERDUE");
        List<String> levels = Api.supervisor().queryParam("level", "RED").queryParam("size", 200).get("/api/v1/risk-board")
                .then().statusCode(200).extract().jsonPath().getList("level");
        assertThat(levels).isNotEmpty().containsOnly("RED");
    }

    @Test
    void rectificationsCollapsingSalesNoReleaseAndMissingStatements() {
        String enterpriseUser = Api.user("ENTERPRISE", fx.enterpriseId());
        long check = Api.supervisor().body(Map.of("kind", "SURPRISE", "checkedAt", at(-1), "findings", "部分首付款未进入监管账户",
                        "compliant", false)).post("/api/v1/projects/" + fx.projectId() + "/spot-checks").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        long rectification = Api.supervisor().body(Map.of("requirement", "十日内将首付款转入监管账户", "deadline", at(10)))
                .post("/api/v1/spot-checks/" + check + "/rectifications").then().statusCode(201).extract().jsonPath().getLong("id");
        assertThat(points(risk(), "RECTIFICATION_OPEN")).isEqualTo(10);
        Db.update("UPDATE rectification SET issued_at = issued_at - interval '10 days', deadline = now() - interval '1 minute' WHERE id = ?",
                rectification);
        Api.supervisor().post("/api/v1/rectification-sweeps").then().statusCode(200);
        JsonPath overdue = risk();
        assertThat(points(overdue, "RECTIFICATION_OPEN")).isZero();
        assertThat(points(overdue, "RECTIFICATION_OVERDUE")).isEqualTo(20);
        assertThat(enterpriseUser).isNotNull();

        // 15 filings four months ago, none in the last 30 days: sales collapsed against the project's own history
        for (int i = 0; i < 15; i++) {
            Api.contract(fx.projectId(), "100000.00", "100000.00", "0.00", "NONE");
        }
        assertThat(points(risk(), "SALES_COLLAPSE")).isZero(); // they are recent
        Db.update("UPDATE contract SET created_at = created_at - interval '120 days' WHERE project_id = ?", fx.projectId());
        JsonPath collapsed = risk();
        assertThat(points(collapsed, "SALES_COLLAPSE")).isEqualTo(15);
        assertThat(collapsed.getInt("factors.find { it.kind == 'SALES_COLLAPSE' }.evidence.filedLast30Days")).isZero();

        // registered 200 days ago and no node release since
        assertThat(points(collapsed, "NO_NODE_RELEASE")).isZero();
        Db.update("UPDATE project SET created_at = created_at - interval '200 days' WHERE id = ?", fx.projectId());
        assertThat(points(risk(), "NO_NODE_RELEASE")).isEqualTo(10);

        Db.update("""
                INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by)
                VALUES (?, 'STATEMENT_MISSING', 'WARNING', 'OPEN', 'account', 'no statement', now(), 'system')""", fx.projectId());
        JsonPath all = risk();
        assertThat(points(all, "MISSING_STATEMENTS")).isEqualTo(10);
        assertThat(all.getInt("score")).isEqualTo(20 + 15 + 10 + 10);
        assertThat(all.getString("level")).isEqualTo("ORANGE");
    }
}

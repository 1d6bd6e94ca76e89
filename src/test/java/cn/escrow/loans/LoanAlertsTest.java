package cn.escrow.loans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** LOAN_DUE_SOON, LOAN_OVERDUE and LATE_LOAN_NOTICE: raised with their project, once per notice, and not again. */
@QuarkusTest
class LoanAlertsTest {

    @Test
    void shouldWarnOnceWhenANoticeIsDueWithinTheWarningWindow() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("700000.00", "COMMERCIAL");
        String soon = "LN-" + Api.next();
        String later = "LN-" + Api.next();
        f.push(f.lender, soon, contractNo, "400000.00", "COMMERCIAL").then().statusCode(201);
        f.push(f.lender, later, contractNo, "300000.00", "COMMERCIAL").then().statusCode(201);
        Db.update("UPDATE loan_disbursement SET due_at = now() + interval '2 days' WHERE bank_code = ? AND serial_no = ?",
                f.lenderCode, soon);
        Db.update("UPDATE loan_disbursement SET due_at = now() + interval '6 days' WHERE bank_code = ? AND serial_no = ?",
                f.lenderCode, later);

        JsonPath first = LoanFixture.sweep();
        assertThat(first.getInt("loanAlertsRaised")).isGreaterThanOrEqualTo(1);
        // The sweep's audit event counts the alerts it raised.
        assertThat(Db.count("SELECT (details->>'loanAlertsRaised')::bigint FROM audit_event WHERE action = 'OVERDUE_SWEEP_RUN' "
                + "AND subject = ?", "sweep:" + first.getLong("id"))).isEqualTo(first.getInt("loanAlertsRaised"));
        JsonPath alerts = f.alerts("LOAN_DUE_SOON");
        assertThat(alerts.getList("subject")).containsExactly("disbursement:" + soon);
        assertThat(alerts.getLong("[0].projectId")).isEqualTo(f.fx.projectId());
        assertThat(alerts.getString("[0].severity")).isEqualTo("WARNING");
        assertThat(alerts.getString("[0].status")).isEqualTo("OPEN");
        assertThat(alerts.getString("[0].detail")).contains(soon).contains(f.lenderCode).contains("400000.00");

        LoanFixture.sweep();
        assertThat(f.alerts("LOAN_DUE_SOON").getList("$")).hasSize(1);
        // Not even a constraint-bypassing second insert could raise it twice.
        assertThatThrownBy(() -> Db.update("""
                INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by, loan_disbursement_id)
                SELECT project_id, 'LOAN_DUE_SOON', 'WARNING', 'OPEN', 'x', 'x', now(), 'test', id
                FROM loan_disbursement WHERE bank_code = ? AND serial_no = ?""", f.lenderCode, soon))
                .hasMessageContaining("alert_loan_notice_once");
    }

    @Test
    void shouldRaiseLoanOverdueOnceEvenWhenTheNoticeFallsOverdueAgain() {
        LoanFixture f = new LoanFixture();
        String serial = f.lenderNoticeDaysAgo(f.contract("700000.00", "COMMERCIAL"), 32);
        LoanFixture.sweep();
        JsonPath overdue = f.alerts("LOAN_OVERDUE");
        assertThat(overdue.getList("subject")).containsExactly("disbursement:" + serial);
        assertThat(overdue.getString("[0].severity")).isEqualTo("HIGH");
        assertThat(overdue.getLong("[0].projectId")).isEqualTo(f.fx.projectId());
        // It went overdue without a warning first (it was already due when the sweep first saw it).
        assertThat(f.alerts("LOAN_DUE_SOON").getList("$")).isEmpty();
        LoanFixture.sweep();
        assertThat(f.alerts("LOAN_OVERDUE").getList("$")).hasSize(1);

        // Late money, then the bank reverses it: the notice awaits again and the next sweep marks it overdue again.
        String booked = LoanFixture.zoned(OffsetDateTime.now().minusMinutes(5).withNano(0));
        String creditSerial = f.credit("700000.00", booked, f.naming(serial)).then().statusCode(201)
                .extract().jsonPath().getString("serialNo");
        f.supervising.post(LoanFixture.TRANSACTIONS, """
                {"serialNo":"T-%d","accountNo":"%s","direction":"DEBIT","amount":"700000.00","purpose":"LOAN",
                 "bookedAt":"%s","reversesSerialNo":"%s"}""".formatted(Api.next(), f.fx.accountNo(), booked, creditSerial))
                .then().statusCode(201);
        assertThat(LoanFixture.sweep().getList("projectsDisabled", Long.class)).contains(f.fx.projectId());
        assertThat(f.alerts("LOAN_OVERDUE").getList("$")).hasSize(1);
    }

    @Test
    void shouldRaiseLateLoanNoticeOnceWhenTheNoticeComesLongAfterTheDisbursement() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("700000.00", "COMMERCIAL");
        String late = "LN-" + Api.next();
        String body = LoanFixture.notice(late, contractNo, f.fx.accountNo(), "400000.00", "COMMERCIAL",
                LoanFixture.zoned(OffsetDateTime.now().minusDays(4).withNano(0)));
        f.lender.post(LoanFixture.NOTICES, body).then().statusCode(201);
        f.lender.post(LoanFixture.NOTICES, body).then().statusCode(200);
        String timely = "LN-" + Api.next();
        f.lender.post(LoanFixture.NOTICES, LoanFixture.notice(timely, contractNo, f.fx.accountNo(), "300000.00", "COMMERCIAL",
                LoanFixture.zoned(OffsetDateTime.now().minusDays(2).withNano(0)))).then().statusCode(201);
        JsonPath alerts = f.alerts("LATE_LOAN_NOTICE");
        assertThat(alerts.getList("subject")).containsExactly("disbursement:" + late);
        assertThat(alerts.getString("[0].severity")).isEqualTo("WARNING");
        assertThat(alerts.getString("[0].detail")).contains(late).contains(f.lenderCode);
        LoanFixture.sweep();
        assertThat(f.alerts("LATE_LOAN_NOTICE").getList("$")).hasSize(1);
    }
}

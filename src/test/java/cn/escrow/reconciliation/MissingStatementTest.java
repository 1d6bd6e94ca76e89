package cn.escrow.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** STATEMENT_MISSING: an account whose bank sent no end-of-day statement for a day is alerted once; one that did is not. */
@QuarkusTest
class MissingStatementTest {

    @Inject
    MissingStatementService missing;

    static List<String> alertSubjects(Api.Fixture fx) {
        return Api.supervisor().get("/api/v1/alerts?kind=STATEMENT_MISSING&projectId=" + fx.projectId()).then().statusCode(200)
                .extract().jsonPath().getList("subject", String.class);
    }

    @Test
    void shouldAlertOncePerAccountAndDayWithoutAStatement() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String silentBank = "M" + (Api.next() % 100000);
        Api.Fixture silent = Api.project(silentBank);
        String reportingBank = "M" + (Api.next() % 100000);
        Api.Fixture reporting = Api.project(reportingBank);
        SignedClient.bank(reportingBank).post("/api/v1/bank/daily-balances", """
                {"accountNo":"%s","date":"%s","closingBalance":"0.00","entryCount":0}""".formatted(reporting.accountNo(), today))
                .then().statusCode(201);

        // The day before the accounts were opened is nobody's missing statement.
        missing.raiseMissing(today.minusDays(1));
        assertThat(alertSubjects(silent)).isEmpty();

        missing.raiseMissing(today);
        missing.raiseMissing(today);
        assertThat(alertSubjects(silent)).containsExactly("daily-balance:" + silent.accountNo() + ":" + today);
        assertThat(alertSubjects(reporting)).isEmpty();
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'ALERT_RAISED' AND project_id = ?"
                + " AND details->>'kind' = 'STATEMENT_MISSING'", silent.projectId())).isEqualTo(1);
        assertThat(missing.dueDay()).isEqualTo(today.minusDays(1));
    }
}

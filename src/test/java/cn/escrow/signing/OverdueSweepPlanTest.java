package cn.escrow.signing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.NamedSql;
import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A plan is a fact, not a timing (issue 21): every statement of the sweep, as the service runs it (the same
 * {@code sql/overdue-sweep.sql}), reaches loan_disbursement only through an index on a table shaped like the
 * benchmark's case a (many awaiting, few due, statistics that say so), with the plan the parameters give
 * (custom) and with the plan a server-side prepared statement may switch to after five runs (generic).
 * Everything happens in one transaction that is rolled back.
 */
@QuarkusTest
class OverdueSweepPlanTest {

    @Inject
    EscrowConfig config;

    @Test
    void shouldReachLoanNoticesOnlyThroughIndexesInEveryStatementOfTheSweep() throws SQLException {
        SigningFixture s = new SigningFixture();
        String contractNo = s.loanContract();
        // As the schema's owner: ANALYZE (which makes the planner see the shape) needs the table's owner, and the
        // service's own role is not one; everything is rolled back at the end.
        try (Connection c = Db.ownerConnection()) {
            c.setAutoCommit(false);
            try {
                shapeLikeCaseA(c, s, contractNo);
                Map<String, Object> params = OverdueSweepService.parameters(Instant.now(), "plan-test", config);
                for (Map.Entry<String, String> statement : OverdueSweepService.STATEMENTS.statements().entrySet()) {
                    for (String mode : new String[] {"force_custom_plan", "force_generic_plan"}) {
                        String plan = explain(c, statement.getKey(), NamedSql.parse(statement.getValue()), params, mode);
                        assertThat(plan).as("%s, %s:%n%s", statement.getKey(), mode, plan)
                                .doesNotContain("Seq Scan on loan_disbursement")
                                .containsPattern("(Index Scan|Index Only Scan|Bitmap Index Scan) (using|on) loan_disbursement_");
                    }
                }
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * 6,000 notices awaiting funds over the next 30 days, 1 % of them due, those due within 4 days already warned,
     * and 40 OVERDUE ones holding one project's signing; then ANALYZE, so that the planner knows the shape.
     */
    private static void shapeLikeCaseA(Connection c, SigningFixture s, String contractNo) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("""
                INSERT INTO loan_disbursement (bank_code, serial_no, contract_id, project_id, amount, loan_type, disbursed_at,
                                               received_at, due_at, status, warned_at, overdue_at, content_hash)
                SELECT 'PLANBK', 'PLAN-' || g, k.id, k.project_id, 1000, 'COMMERCIAL', due - interval '31 days',
                       due - interval '31 days', due, CASE WHEN g <= 40 THEN 'OVERDUE' ELSE 'AWAITING_FUNDS' END,
                       CASE WHEN g > 40 AND due < now() + interval '4 days' THEN now() END,
                       CASE WHEN g <= 40 THEN due END, lpad(g::text, 64, '0')
                FROM (SELECT g, CASE WHEN g <= 40 THEN now() - interval '9 days'
                                     ELSE now() + (g - 100.5) * (interval '30 days' / 6000) END AS due
                      FROM generate_series(1, 6040) g) d,
                     contract k WHERE k.contract_no = ?""")) {
            insert.setString(1, contractNo);
            insert.executeUpdate();
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE project SET signing_enabled = FALSE WHERE id = " + s.fx.projectId());
            st.execute("ANALYZE loan_disbursement, project, signing_lock");
        }
    }

    /** EXPLAIN of the statement as a prepared statement, planned in the given plan_cache_mode. */
    private static String explain(Connection c, String statementName, NamedSql statement, Map<String, Object> params, String mode)
            throws SQLException {
        String name = "sweep_plan_" + statementName.replace('-', '_');
        try (Statement st = c.createStatement()) {
            st.execute("PREPARE " + name + " AS " + statement.numberedSql());
            st.execute("SET LOCAL plan_cache_mode = " + mode);
        }
        // EXECUTE takes its arguments as SQL (a bind parameter is not seen inside EXPLAIN EXECUTE): literals here.
        String arguments = statement.distinctNames().stream().map(params::get).map(OverdueSweepPlanTest::literal)
                .collect(Collectors.joining(", "));
        StringBuilder plan = new StringBuilder();
        try (Statement st = c.createStatement(); ResultSet rows = st.executeQuery("EXPLAIN EXECUTE " + name + (arguments.isEmpty() ? "" : "(" + arguments + ")"))) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        } finally {
            try (Statement st = c.createStatement()) {
                st.execute("DEALLOCATE " + name);
            }
        }
        return plan.toString();
    }

    private static String literal(Object value) {
        if (value instanceof Number) {
            return value.toString();
        }
        String text = value instanceof Instant at ? at.toString() : value.toString();
        return "'" + text.replace("'", "''") + "'" + (value instanceof Instant ? "::timestamptz" : "");
    }
}

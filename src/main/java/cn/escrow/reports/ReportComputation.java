package cn.escrow.reports;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.security.DivisionScope;
import cn.escrow.reports.Report.AlertLine;
import cn.escrow.reports.Report.BalanceLine;
import cn.escrow.reports.Report.BankLine;
import cn.escrow.reports.Report.BlacklistChange;
import cn.escrow.reports.Report.Figure;
import cn.escrow.reports.Report.Locks;
import cn.escrow.reports.Report.Oversight;
import cn.escrow.reports.Report.PurposeLine;
import cn.escrow.reports.Report.Releases;
import cn.escrow.supervision.Position;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Computes a periodic report from the ledger, in a few grouped queries over the period [s, e) and a project
 * {@code p} (-1: the whole county). Nothing is stored here; {@link ReportService} publishes.
 */
@ApplicationScoped
public class ReportComputation {

    private static final long ALL = -1;

    private final Sql sql;
    private final EscrowClock clock;

    public ReportComputation(Sql sql, EscrowClock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** Computes a report now from the ledger: for the whole system when {@code projectId} is null. */
    public Report compute(ReportPeriod period, Long projectId) {
        return compute(period, projectId, DivisionScope.ALL);
    }

    /** Computes a report now, of one project or of the projects in {@code scope} (of the whole system when unlimited). */
    public Report compute(ReportPeriod period, Long projectId, DivisionScope scope) {
        boolean all = scope.unlimited();
        List<String> divs = scope.sqlPatterns();
        Instant s = period.startInstant(clock.zone());
        Instant e = period.endInstant(clock.zone());
        long p = projectId == null ? ALL : projectId;
        List<PurposeLine> moneyIn = sql.list("""
                SELECT purpose, count(*) AS n, coalesce(sum(amount), 0) AS total FROM account_transaction
                WHERE direction = 'CREDIT' AND reverses_serial_no IS NULL AND booked_at >= :s AND booked_at < :e
                  AND (:p = -1 OR project_id = :p) AND (:all OR project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs)))
                GROUP BY purpose ORDER BY purpose""",
                r -> new PurposeLine(r.getString("purpose"), r.getLong("n"), r.getMoney("total")), "s", s, "e", e, "p", p, "all", all, "divs", divs);
        Figure reversals = sql.one("""
                SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM account_transaction
                WHERE reverses_serial_no IS NOT NULL AND booked_at >= :s AND booked_at < :e AND (:p = -1 OR project_id = :p) AND (:all OR project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs)))""",
                r -> figure(r, "n", "total"), "s", s, "e", e, "p", p, "all", all, "divs", divs);
        Figure refunds = sql.one("""
                SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM account_transaction
                WHERE direction = 'DEBIT' AND purpose = 'REFUND' AND reverses_serial_no IS NULL
                  AND booked_at >= :s AND booked_at < :e AND (:p = -1 OR project_id = :p) AND (:all OR project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs)))""",
                r -> figure(r, "n", "total"), "s", s, "e", e, "p", p, "all", all, "divs", divs);
        Releases releases = sql.one("""
                SELECT count(*) FILTER (WHERE decided_at >= :s AND decided_at < :e) AS approved,
                       coalesce(sum(amount) FILTER (WHERE decided_at >= :s AND decided_at < :e), 0) AS approved_total,
                       count(*) FILTER (WHERE executed_at >= :s AND executed_at < :e) AS executed,
                       coalesce(sum(amount) FILTER (WHERE executed_at >= :s AND executed_at < :e), 0) AS executed_total
                FROM release_application WHERE status IN ('APPROVED', 'EXECUTED') AND (:p = -1 OR project_id = :p) AND (:all OR project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs)))""",
                r -> new Releases(figure(r, "approved", "approved_total"), figure(r, "executed", "executed_total")),
                "s", s, "e", e, "p", p, "all", all, "divs", divs);
        List<BalanceLine> balances = sql.list("""
                SELECT p.id, p.name, a.account_no,
                       coalesce((SELECT sum(CASE WHEN t.direction = 'CREDIT' THEN t.amount ELSE -t.amount END)
                                 FROM account_transaction t WHERE t.project_id = p.id AND t.booked_at < :e), 0) AS balance,
                       coalesce((SELECT k.key_amount FROM key_amount_change k WHERE k.project_id = p.id AND k.set_at < :e
                                 ORDER BY k.set_at DESC, k.id DESC LIMIT 1), 0) AS key_amount,
                       coalesce((SELECT sum(r.key_part) FROM release_application r WHERE r.project_id = p.id
                                 AND r.status IN ('APPROVED', 'EXECUTED') AND r.decided_at < :e), 0) AS key_released,
                       coalesce((SELECT sum(r.amount) FROM release_application r
                                 LEFT JOIN account_transaction t ON t.id = r.executed_by_transaction_id
                                 WHERE r.project_id = p.id AND r.status IN ('APPROVED', 'EXECUTED') AND r.decided_at < :e
                                   AND (t.id IS NULL OR t.booked_at >= :e)), 0) AS pending,
                       CASE WHEN l.ended_at < :e THEN 'ENDED' WHEN l.registered_on <= :lastDay THEN 'FIRST_REGISTERED'
                            WHEN l.completion_filed_on <= :lastDay THEN 'COMPLETED' ELSE 'SUPERVISED' END AS supervision,
                       coalesce((SELECT sum(g.amount) FROM guarantee g WHERE g.project_id = p.id AND g.recorded_at < :e
                                 AND (g.expired_at IS NULL OR g.expired_at >= :e)), 0) AS guaranteed
                FROM project p JOIN supervised_account a ON a.project_id = p.id
                LEFT JOIN project_lifecycle l ON l.project_id = p.id
                WHERE (:p = -1 OR p.id = :p) AND (:all OR p.id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs)))
                  AND (p.created_at < :e OR EXISTS (SELECT 1 FROM account_transaction t WHERE t.project_id = p.id AND t.booked_at < :e))
                ORDER BY p.id""",
                r -> new BalanceLine(r.getLong("id"), r.getString("name"), r.getString("account_no"), r.getMoney("balance"),
                        r.getMoney("key_amount"), Position.of(r.getLong("id"), r.getMoney("key_amount"), r.getMoney("key_released"),
                                r.getMoney("balance"), r.getMoney("pending")).topUpDue(),
                        r.getString("supervision"), r.getMoney("guaranteed")),
                "e", e, "lastDay", period.end(), "p", p, "all", all, "divs", divs);
        // Loan notices by lender; a withdrawn notice no longer awaits, and money is late by booking time (the
        // credit that completed the notice was booked at or after its due time).
        List<BankLine> disbursements = sql.list("""
                SELECT bank_code,
                  count(*) FILTER (WHERE received_at >= :s) AS received,
                  coalesce(sum(amount) FILTER (WHERE received_at >= :s), 0) AS received_total,
                  count(*) FILTER (WHERE (funds_arrived_at IS NULL OR funds_arrived_at >= :e) AND (overdue_at IS NULL OR overdue_at >= :e)
                                         AND (withdrawn_at IS NULL OR withdrawn_at >= :e)) AS awaiting,
                  coalesce(sum(amount) FILTER (WHERE (funds_arrived_at IS NULL OR funds_arrived_at >= :e)
                                               AND (overdue_at IS NULL OR overdue_at >= :e)
                                               AND (withdrawn_at IS NULL OR withdrawn_at >= :e)), 0) AS awaiting_total,
                  count(*) FILTER (WHERE overdue_at >= :s AND overdue_at < :e) AS became_overdue,
                  coalesce(sum(amount) FILTER (WHERE overdue_at >= :s AND overdue_at < :e), 0) AS became_overdue_total,
                  count(*) FILTER (WHERE overdue_at < :e AND (funds_arrived_at IS NULL OR funds_arrived_at >= :e)
                                         AND (withdrawn_at IS NULL OR withdrawn_at >= :e)) AS overdue,
                  coalesce(sum(amount) FILTER (WHERE overdue_at < :e AND (funds_arrived_at IS NULL OR funds_arrived_at >= :e)
                                               AND (withdrawn_at IS NULL OR withdrawn_at >= :e)), 0) AS overdue_total,
                  count(*) FILTER (WHERE funds_arrived_at >= due_at AND funds_arrived_at >= :s AND funds_arrived_at < :e) AS late,
                  coalesce(sum(amount) FILTER (WHERE funds_arrived_at >= due_at AND funds_arrived_at >= :s AND funds_arrived_at < :e), 0)
                    AS late_total
                FROM loan_disbursement WHERE received_at < :e AND (:p = -1 OR project_id = :p) AND (:all OR project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs)))
                GROUP BY bank_code ORDER BY bank_code""",
                r -> new BankLine(r.getString("bank_code"), figure(r, "received", "received_total"),
                        figure(r, "awaiting", "awaiting_total"), figure(r, "became_overdue", "became_overdue_total"),
                        figure(r, "overdue", "overdue_total"), figure(r, "late", "late_total")),
                "s", s, "e", e, "p", p, "all", all, "divs", divs)
                .stream()
                .filter(b -> b.received().count() + b.awaitingAtEnd().count() + b.becameOverdue().count()
                        + b.overdueAtEnd().count() + b.lateArrived().count() > 0)
                .toList();
        Locks locks = sql.one("""
                SELECT count(*) FILTER (WHERE locked_at >= :s AND locked_at < :e) AS created,
                       count(*) FILTER (WHERE lifted_at >= :s AND lifted_at < :e) AS lifted,
                       count(*) FILTER (WHERE locked_at < :e AND (lifted_at IS NULL OR lifted_at >= :e)) AS active
                FROM signing_lock WHERE (:p = -1 OR project_id = :p) AND (:all OR project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs)))""",
                r -> new Locks(r.getLong("created"), r.getLong("lifted"), r.getLong("active")), "s", s, "e", e, "p", p, "all", all, "divs", divs);
        List<AlertLine> alerts = sql.list("""
                SELECT kind, severity, count(*) AS n FROM alert
                WHERE raised_at < :e AND (closed_at IS NULL OR closed_at >= :e) AND (:p = -1 OR project_id = :p) AND (:all OR project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs)))
                GROUP BY kind, severity ORDER BY kind, severity""",
                r -> new AlertLine(r.getString("kind"), r.getString("severity"), r.getLong("n")), "e", e, "p", p, "all", all, "divs", divs);
        List<BlacklistChange> blacklist = sql.list("""
                SELECT h.enterprise_id, en.name, h.action, h.source, h.reason, h.acted_at
                FROM blacklist_history h JOIN enterprise en ON en.id = h.enterprise_id
                WHERE h.acted_at >= :s AND h.acted_at < :e
                  AND (:p = -1 OR h.enterprise_id = (SELECT enterprise_id FROM project WHERE id = :p))
                  AND (:all OR h.enterprise_id IN (SELECT enterprise_id FROM project WHERE division_code LIKE ANY(:divs)))
                ORDER BY h.acted_at, h.id""",
                r -> new BlacklistChange(r.getLong("enterprise_id"), r.getString("name"), r.getString("action"),
                        r.getString("source"), r.getString("reason"), clock.inZone(r.getInstant("acted_at"))),
                "s", s, "e", e, "p", p, "all", all, "divs", divs);
        Oversight oversight = sql.one("""
                SELECT (SELECT count(*) FROM spot_check WHERE checked_at >= :s AND checked_at < :e AND (:p = -1 OR project_id = :p) AND (:all OR project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs))))
                         AS spot_checks,
                       count(*) FILTER (WHERE issued_at >= :s AND issued_at < :e) AS issued,
                       count(*) FILTER (WHERE closed_at >= :s AND closed_at < :e) AS closed,
                       count(*) FILTER (WHERE overdue_at >= :s AND overdue_at < :e) AS overdue
                FROM rectification WHERE (:p = -1 OR project_id = :p) AND (:all OR project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs)))""",
                r -> new Oversight(r.getLong("spot_checks"), r.getLong("issued"), r.getLong("closed"), r.getLong("overdue"),
                        blacklist), "s", s, "e", e, "p", p, "all", all, "divs", divs);
        return new Report(period.kind(), period.start(), period.end(), projectId, clock.inZone(clock.now()), false, moneyIn,
                reversals, releases, refunds, balances, disbursements, locks, alerts, oversight);
    }

    private static Figure figure(Row r, String count, String amount) throws SQLException {
        return new Figure(r.getLong(count), r.getMoney(amount));
    }
}

package cn.escrow.reports;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.SqlValues;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.reports.Report.AlertLine;
import cn.escrow.reports.Report.BalanceLine;
import cn.escrow.reports.Report.BankLine;
import cn.escrow.reports.Report.BlacklistChange;
import cn.escrow.reports.Report.Figure;
import cn.escrow.reports.Report.Locks;
import cn.escrow.reports.Report.Oversight;
import cn.escrow.reports.Report.PurposeLine;
import cn.escrow.reports.Report.Releases;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Computes the bureau's periodic reports from the ledger in a few grouped queries, and publishes
 * closed periods as immutable snapshots (a later data fix does not change a published report).
 */
@ApplicationScoped
public class ReportService {

    /** Advisory lock of report publication: one publisher at a time across instances. */
    static final long PUBLISH_LOCK = 0x5245504FL;
    private static final long ALL = -1;

    private final EntityManager em;
    private final EscrowClock clock;
    private final AuditLog audit;
    private final ObjectMapper json;

    public ReportService(EntityManager em, EscrowClock clock, AuditLog audit, ObjectMapper json) {
        this.em = em;
        this.clock = clock;
        this.audit = audit;
        this.json = json;
    }

    /** The published report of a closed period (narrowed to a project if asked), else a fresh computation. */
    @Transactional
    public Report read(ReportPeriod period, Long projectId) {
        if (projectId != null && em.createNativeQuery("SELECT 1 FROM project WHERE id = :p").setParameter("p", projectId)
                .getResultList().isEmpty()) {
            throw new NotFound("Project " + projectId);
        }
        return published(period).map(r -> projectId == null ? r : narrow(r, projectId))
                .orElseGet(() -> compute(period, projectId));
    }

    /** Publishes the report of a closed period; 409 when it is published already or not over yet. */
    @Transactional
    public Report publish(ReportPeriod period, String actor) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(:k)").setParameter("k", PUBLISH_LOCK).getSingleResult();
        if (!period.isClosed(clock.now(), clock.zone())) {
            throw new Conflict("The " + period.kind() + " period starting " + period.start() + " is not over yet");
        }
        if (published(period).isPresent()) {
            throw new Conflict("The " + period.kind() + " report starting " + period.start() + " is published already");
        }
        return store(period, actor);
    }

    /** Publishes the last closed period of every kind that is not published yet (the scheduled job); returns how many. */
    @Transactional
    public int publishDue(String actor) {
        Boolean locked = (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(:k)").setParameter("k", PUBLISH_LOCK)
                .getSingleResult();
        if (!Boolean.TRUE.equals(locked)) {
            return 0;
        }
        int count = 0;
        for (ReportPeriod.Kind kind : ReportPeriod.Kind.values()) {
            ReportPeriod period = ReportPeriod.lastClosed(kind, clock.now().atZone(clock.zone()).toLocalDate());
            if (published(period).isEmpty()) {
                store(period, actor);
                count++;
            }
        }
        return count;
    }

    private Report store(ReportPeriod period, String actor) {
        Report computed = compute(period, null);
        Report report = new Report(computed.kind(), computed.periodStart(), computed.periodEnd(), null, computed.generatedAt(),
                true, computed.moneyIn(), computed.reversals(), computed.releases(), computed.refunds(), computed.balances(),
                computed.disbursements(), computed.signingLocks(), computed.openAlertsAtEnd(), computed.oversight());
        em.createNativeQuery("""
                INSERT INTO report_snapshot (kind, period_start, period_end, generated_at, generated_by, content)
                VALUES (:kind, :start, :end, :at, :by, CAST(:content AS jsonb))""")
                .setParameter("kind", period.kind().name()).setParameter("start", period.start()).setParameter("end", period.end())
                .setParameter("at", clock.now()).setParameter("by", actor).setParameter("content", write(report))
                .executeUpdate();
        audit.record(actor, "REPORT_PUBLISHED", "report:" + period.kind() + ":" + period.start(), null,
                details("kind", period.kind().name(), "periodStart", period.start().toString()));
        return report;
    }

    private Optional<Report> published(ReportPeriod period) {
        List<?> rows = em.createNativeQuery(
                "SELECT CAST(content AS text) FROM report_snapshot WHERE kind = :kind AND period_start = :start")
                .setParameter("kind", period.kind().name()).setParameter("start", period.start()).getResultList();
        return rows.stream().findFirst().map(text -> read((String) text));
    }

    /** A published county report reduced to one project's lines (the county-wide totals are not per project). */
    private Report narrow(Report r, long projectId) {
        return new Report(r.kind(), r.periodStart(), r.periodEnd(), projectId, r.generatedAt(), true, null, null, null, null,
                r.balances().stream().filter(b -> b.projectId() == projectId).toList(), null, null, null, null);
    }

    /** Computes a report now from the ledger: for the county when {@code projectId} is null. */
    public Report compute(ReportPeriod period, Long projectId) {
        Instant s = period.startInstant(clock.zone());
        Instant e = period.endInstant(clock.zone());
        long p = projectId == null ? ALL : projectId;
        List<PurposeLine> moneyIn = rows(q("""
                SELECT purpose, count(*), coalesce(sum(amount), 0) FROM account_transaction
                WHERE direction = 'CREDIT' AND reverses_serial_no IS NULL AND booked_at >= :s AND booked_at < :e
                  AND (:p = -1 OR project_id = :p)
                GROUP BY purpose ORDER BY purpose""", s, e, p))
                .stream().map(r -> new PurposeLine((String) r[0], n(r[1]), (BigDecimal) r[2])).toList();
        Figure reversals = figure(q("""
                SELECT count(*), coalesce(sum(amount), 0) FROM account_transaction
                WHERE reverses_serial_no IS NOT NULL AND booked_at >= :s AND booked_at < :e AND (:p = -1 OR project_id = :p)""", s, e, p));
        Figure refunds = figure(q("""
                SELECT count(*), coalesce(sum(amount), 0) FROM account_transaction
                WHERE direction = 'DEBIT' AND purpose = 'REFUND' AND reverses_serial_no IS NULL
                  AND booked_at >= :s AND booked_at < :e AND (:p = -1 OR project_id = :p)""", s, e, p));
        Object[] rel = (Object[]) q("""
                SELECT count(*) FILTER (WHERE decided_at >= :s AND decided_at < :e),
                       coalesce(sum(amount) FILTER (WHERE decided_at >= :s AND decided_at < :e), 0),
                       count(*) FILTER (WHERE executed_at >= :s AND executed_at < :e),
                       coalesce(sum(amount) FILTER (WHERE executed_at >= :s AND executed_at < :e), 0)
                FROM release_application WHERE status IN ('APPROVED', 'EXECUTED') AND (:p = -1 OR project_id = :p)""", s, e, p)
                .getSingleResult();
        Releases releases = new Releases(new Figure(n(rel[0]), (BigDecimal) rel[1]), new Figure(n(rel[2]), (BigDecimal) rel[3]));
        List<BalanceLine> balances = rows(q("""
                SELECT p.id, p.name, a.account_no,
                       coalesce((SELECT sum(CASE WHEN t.direction = 'CREDIT' THEN t.amount ELSE -t.amount END)
                                 FROM account_transaction t WHERE t.project_id = p.id AND t.booked_at < :e), 0),
                       coalesce((SELECT k.key_amount FROM key_amount_change k WHERE k.project_id = p.id AND k.set_at < :e
                                 ORDER BY k.set_at DESC, k.id DESC LIMIT 1), 0)
                FROM project p JOIN supervised_account a ON a.project_id = p.id
                WHERE (:p = -1 OR p.id = :p)
                  AND (p.created_at < :e OR EXISTS (SELECT 1 FROM account_transaction t WHERE t.project_id = p.id AND t.booked_at < :e))
                ORDER BY p.id""", s, e, p))
                .stream().map(r -> new BalanceLine(n(r[0]), (String) r[1], (String) r[2], (BigDecimal) r[3], (BigDecimal) r[4],
                        ((BigDecimal) r[4]).subtract((BigDecimal) r[3]).max(BigDecimal.ZERO))).toList();
        // Loan notices by lender; a withdrawn notice no longer awaits, and money is late by booking time (the
        // credit that completed the notice was booked at or after its due time).
        List<BankLine> disbursements = rows(q("""
                SELECT bank_code,
                  count(*) FILTER (WHERE received_at >= :s),
                  coalesce(sum(amount) FILTER (WHERE received_at >= :s), 0),
                  count(*) FILTER (WHERE (funds_arrived_at IS NULL OR funds_arrived_at >= :e) AND (overdue_at IS NULL OR overdue_at >= :e)
                                         AND (withdrawn_at IS NULL OR withdrawn_at >= :e)),
                  coalesce(sum(amount) FILTER (WHERE (funds_arrived_at IS NULL OR funds_arrived_at >= :e)
                                               AND (overdue_at IS NULL OR overdue_at >= :e)
                                               AND (withdrawn_at IS NULL OR withdrawn_at >= :e)), 0),
                  count(*) FILTER (WHERE overdue_at >= :s AND overdue_at < :e),
                  coalesce(sum(amount) FILTER (WHERE overdue_at >= :s AND overdue_at < :e), 0),
                  count(*) FILTER (WHERE overdue_at < :e AND (funds_arrived_at IS NULL OR funds_arrived_at >= :e)
                                         AND (withdrawn_at IS NULL OR withdrawn_at >= :e)),
                  coalesce(sum(amount) FILTER (WHERE overdue_at < :e AND (funds_arrived_at IS NULL OR funds_arrived_at >= :e)
                                               AND (withdrawn_at IS NULL OR withdrawn_at >= :e)), 0),
                  count(*) FILTER (WHERE funds_arrived_at >= due_at AND funds_arrived_at >= :s AND funds_arrived_at < :e),
                  coalesce(sum(amount) FILTER (WHERE funds_arrived_at >= due_at AND funds_arrived_at >= :s AND funds_arrived_at < :e), 0)
                FROM loan_disbursement WHERE received_at < :e AND (:p = -1 OR project_id = :p)
                GROUP BY bank_code ORDER BY bank_code""", s, e, p))
                .stream().map(r -> new BankLine((String) r[0], new Figure(n(r[1]), (BigDecimal) r[2]),
                        new Figure(n(r[3]), (BigDecimal) r[4]), new Figure(n(r[5]), (BigDecimal) r[6]),
                        new Figure(n(r[7]), (BigDecimal) r[8]), new Figure(n(r[9]), (BigDecimal) r[10])))
                .filter(b -> b.received().count() + b.awaitingAtEnd().count() + b.becameOverdue().count()
                        + b.overdueAtEnd().count() + b.lateArrived().count() > 0)
                .toList();
        Object[] locks = (Object[]) q("""
                SELECT count(*) FILTER (WHERE locked_at >= :s AND locked_at < :e),
                       count(*) FILTER (WHERE lifted_at >= :s AND lifted_at < :e),
                       count(*) FILTER (WHERE locked_at < :e AND (lifted_at IS NULL OR lifted_at >= :e))
                FROM signing_lock WHERE (:p = -1 OR project_id = :p)""", s, e, p).getSingleResult();
        List<AlertLine> alerts = rows(q("""
                SELECT kind, severity, count(*) FROM alert
                WHERE raised_at < :e AND (closed_at IS NULL OR closed_at >= :e) AND (:p = -1 OR project_id = :p)
                GROUP BY kind, severity ORDER BY kind, severity""", s, e, p))
                .stream().map(r -> new AlertLine((String) r[0], (String) r[1], n(r[2]))).toList();
        Object[] o = (Object[]) q("""
                SELECT (SELECT count(*) FROM spot_check WHERE checked_at >= :s AND checked_at < :e AND (:p = -1 OR project_id = :p)),
                       count(*) FILTER (WHERE issued_at >= :s AND issued_at < :e),
                       count(*) FILTER (WHERE closed_at >= :s AND closed_at < :e),
                       count(*) FILTER (WHERE overdue_at >= :s AND overdue_at < :e)
                FROM rectification WHERE (:p = -1 OR project_id = :p)""", s, e, p).getSingleResult();
        List<BlacklistChange> blacklist = rows(q("""
                SELECT h.enterprise_id, en.name, h.action, h.source, h.reason, h.acted_at
                FROM blacklist_history h JOIN enterprise en ON en.id = h.enterprise_id
                WHERE h.acted_at >= :s AND h.acted_at < :e
                  AND (:p = -1 OR h.enterprise_id = (SELECT enterprise_id FROM project WHERE id = :p))
                ORDER BY h.acted_at, h.id""", s, e, p))
                .stream().map(r -> new BlacklistChange(n(r[0]), (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                        clock.inZone(SqlValues.instant(r[5])))).toList();
        return new Report(period.kind(), period.start(), period.end(), projectId, clock.inZone(clock.now()), false, moneyIn,
                reversals, releases, refunds, balances, disbursements, new Locks(n(locks[0]), n(locks[1]), n(locks[2])), alerts,
                new Oversight(n(o[0]), n(o[1]), n(o[2]), n(o[3]), blacklist));
    }

    /** A query over the period [s, e) and the project p (-1: all), binding the parameters it names. */
    private Query q(String sql, Instant s, Instant e, long p) {
        Query query = em.createNativeQuery(sql).setParameter("e", e).setParameter("p", p);
        return sql.contains(":s") ? query.setParameter("s", s) : query;
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(Query query) {
        return query.getResultList();
    }

    private static Figure figure(Query query) {
        Object[] r = (Object[]) query.getSingleResult();
        return new Figure(n(r[0]), (BigDecimal) r[1]);
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }

    private String write(Report report) {
        try {
            return json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Report read(String text) {
        try {
            return json.readValue(text, Report.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A published report cannot be read back", e);
        }
    }
}

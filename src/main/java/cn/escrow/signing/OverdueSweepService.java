package cn.escrow.signing;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.db.SqlFile;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The 30-day rule: marks every notice still awaiting funds at its due time (plus the reporting grace)
 * OVERDUE and disables its project's signing, raises the loan alerts, and gives signing back to
 * projects with no reason left. Its statements live in {@code sql/overdue-sweep.sql}, each reaching
 * the notices through an index, so its cost follows what is newly due, not the size of the table.
 *
 * <p>One sweep at a time across every instance sharing the database: the transaction holds the
 * {@link AdvisoryLock#OVERDUE_SWEEP} lock. A manual sweep waits for a running one (and then finds nothing new);
 * a scheduled one skips when another is running.
 */
@ApplicationScoped
public class OverdueSweepService {

    /** The sweep's statements; public so that the plan test explains exactly these. */
    public static final SqlFile STATEMENTS = SqlFile.load("overdue-sweep.sql");

    private final Sql sql;
    private final AdvisoryLocks locks;
    private final EscrowClock clock;
    private final AuditLog audit;
    private final EscrowConfig config;

    public OverdueSweepService(Sql sql, AdvisoryLocks locks, EscrowClock clock, AuditLog audit, EscrowConfig config) {
        this.sql = sql;
        this.locks = locks;
        this.clock = clock;
        this.audit = audit;
        this.config = config;
    }

    /** What one sweep did. */
    public record SweepResult(long id, String trigger, String startedBy, Instant startedAt, Instant finishedAt,
                              long durationMs, int newlyOverdue, List<Long> projectsDisabled, List<Long> projectsReenabled,
                              int loanAlertsRaised) {
    }

    /** Runs a sweep, waiting for a running one to finish first. */
    @Transactional
    public SweepResult sweepNow(String actor) {
        locks.acquire(AdvisoryLock.OVERDUE_SWEEP);
        return sweep("MANUAL", actor);
    }

    /** Runs a sweep unless one is running (anywhere); empty when skipped. */
    @Transactional
    public Optional<SweepResult> sweepIfIdle(String actor) {
        return locks.tryAcquire(AdvisoryLock.OVERDUE_SWEEP) ? Optional.of(sweep("SCHEDULE", actor)) : Optional.empty();
    }

    /** The parameters of the sweep's statements for a sweep at {@code now} (each statement takes those it uses). */
    public static Map<String, Object> parameters(Instant now, String actor, EscrowConfig config) {
        return Map.of("now", now, "cutoff", now.minus(config.loanArrival().reportingGrace()),
                "warn_until", now.plus(config.loanArrival().warnBefore()), "batch", config.overdueSweep().batchSize(),
                "actor", actor, "zone", config.zone().getId(),
                "disabled_action", AuditAction.SIGNING_DISABLED.name(), "enabled_action", AuditAction.SIGNING_ENABLED.name());
    }

    private SweepResult sweep(String trigger, String actor) {
        long t0 = System.nanoTime();
        Instant startedAt = clock.now();
        Map<String, Object> params = parameters(startedAt, actor, config);
        int batch = config.overdueSweep().batchSize();
        int alerts = 0;
        int warned;
        do {
            int[] counts = sql.one(STATEMENTS.get("warn-due-soon"), r -> new int[] {r.getInt("warned"), r.getInt("alerts")}, params);
            warned = counts[0];
            alerts += counts[1];
        } while (warned == batch);
        int newlyOverdue = 0;
        TreeSet<Long> disabled = new TreeSet<>();
        int marked;
        do {
            Marked m = sql.one(STATEMENTS.get("mark-overdue"),
                    r -> new Marked(r.getInt("marked"), r.getLongList("disabled"), r.getInt("alerts")), params);
            marked = m.count();
            newlyOverdue += marked;
            disabled.addAll(m.disabled());
            alerts += m.alerts();
        } while (marked == batch);
        // Two statements: the first locks the candidates (waiting for a manual lock being created under one of
        // them), the second decides on a snapshot taken after that, so it sees the lock.
        sql.list(STATEMENTS.get("lock-reenable-candidates"), r -> r.getLong("id"));
        List<Long> enabled = sql.one(STATEMENTS.get("reenable"), r -> r.getLongList("enabled"), params);
        long durationMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        Instant finishedAt = startedAt.plusMillis(durationMs);
        return record(trigger, actor, startedAt, finishedAt, durationMs, newlyOverdue, List.copyOf(disabled), enabled, alerts);
    }

    private record Marked(int count, List<Long> disabled, int alerts) {
    }

    private SweepResult record(String trigger, String actor, Instant startedAt, Instant finishedAt, long durationMs,
                               int newlyOverdue, List<Long> disabled, List<Long> enabled, int alerts) {
        long id = sql.one("""
                INSERT INTO overdue_sweep (trigger, started_by, started_at, finished_at, duration_ms, newly_overdue,
                    projects_disabled, projects_reenabled, loan_alerts_raised)
                VALUES (:trigger, :actor, :started, :finished, :duration, :overdue, :disabled, :enabled, :alerts)
                RETURNING id""", r -> r.getLong("id"), "trigger", trigger, "actor", actor, "started", startedAt,
                "finished", finishedAt, "duration", durationMs, "overdue", newlyOverdue,
                "disabled", disabled.toArray(Long[]::new), "enabled", enabled.toArray(Long[]::new), "alerts", alerts);
        audit.record(actor, AuditAction.OVERDUE_SWEEP_RUN, "sweep:" + id, null, Map.of("trigger", trigger,
                "newlyOverdue", newlyOverdue, "projectsDisabled", disabled, "projectsReenabled", enabled,
                "loanAlertsRaised", alerts, "durationMs", durationMs));
        return new SweepResult(id, trigger, actor, startedAt, finishedAt, durationMs, newlyOverdue, disabled, enabled, alerts);
    }

    /** A page of the recorded sweeps, newest first. */
    public List<SweepResult> page(PageRequest paging) {
        return sql.list("""
                SELECT id, trigger, started_by, started_at, finished_at, duration_ms, newly_overdue, projects_disabled,
                       projects_reenabled, loan_alerts_raised
                FROM overdue_sweep ORDER BY started_at DESC, id DESC LIMIT :limit OFFSET :offset""",
                r -> new SweepResult(r.getLong("id"), r.getString("trigger"), r.getString("started_by"),
                        r.getInstant("started_at"), r.getInstant("finished_at"), r.getLong("duration_ms"),
                        r.getInt("newly_overdue"), r.getLongList("projects_disabled"), r.getLongList("projects_reenabled"),
                        r.getInt("loan_alerts_raised")),
                "limit", paging.size(), "offset", paging.offset());
    }

    public long count() {
        return sql.number("SELECT count(*) FROM overdue_sweep");
    }
}

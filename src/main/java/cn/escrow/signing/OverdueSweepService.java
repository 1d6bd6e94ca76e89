package cn.escrow.signing;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.Jdbc;
import cn.escrow.platform.NamedSql;
import cn.escrow.platform.PageRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
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
 * <p>One sweep at a time across every instance sharing the database: the transaction holds a
 * PostgreSQL advisory lock. A manual sweep waits for a running one (and then finds nothing new);
 * a scheduled one skips when another is running.
 */
@ApplicationScoped
public class OverdueSweepService {

    /** The advisory lock key of the sweep (any constant unique to this purpose). */
    static final long SWEEP_LOCK = 0x5357454550L;

    /** The sweep's statements, by name; public so that the plan test explains exactly these. */
    public static final Map<String, NamedSql> STATEMENTS = NamedSql.load("sql/overdue-sweep.sql");

    private final Jdbc jdbc;
    private final EscrowClock clock;
    private final AuditLog audit;
    private final EscrowConfig config;

    public OverdueSweepService(Jdbc jdbc, EscrowClock clock, AuditLog audit, EscrowConfig config) {
        this.jdbc = jdbc;
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
        jdbc.first("SELECT pg_advisory_xact_lock(?)", r -> Boolean.TRUE, SWEEP_LOCK);
        return sweep("MANUAL", actor);
    }

    /** Runs a sweep unless one is running (anywhere); empty when skipped. */
    @Transactional
    public Optional<SweepResult> sweepIfIdle(String actor) {
        boolean locked = jdbc.first("SELECT pg_try_advisory_xact_lock(?)", r -> r.getBoolean(1), SWEEP_LOCK);
        return locked ? Optional.of(sweep("SCHEDULE", actor)) : Optional.empty();
    }

    /** The parameters of the sweep's statements for a sweep at {@code now}. */
    public static Map<String, Object> parameters(Instant now, String actor, EscrowConfig config) {
        return Map.of("now", now, "cutoff", now.minus(config.loanArrival().reportingGrace()),
                "warn_until", now.plus(config.loanArrival().warnBefore()), "batch", config.overdueSweep().batchSize(),
                "actor", actor, "zone", config.zone().getId());
    }

    private SweepResult sweep(String trigger, String actor) {
        long t0 = System.nanoTime();
        Instant startedAt = clock.now();
        Map<String, Object> params = parameters(startedAt, actor, config);
        int batch = config.overdueSweep().batchSize();
        int alerts = 0;
        int warned;
        do {
            int[] counts = jdbc.first(STATEMENTS.get("warn-due-soon"), r -> new int[] {r.getInt("warned"), r.getInt("alerts")}, params);
            warned = counts[0];
            alerts += counts[1];
        } while (warned == batch);
        int newlyOverdue = 0;
        TreeSet<Long> disabled = new TreeSet<>();
        int marked;
        do {
            Marked m = jdbc.first(STATEMENTS.get("mark-overdue"),
                    r -> new Marked(r.getInt("marked"), ids(r, "disabled"), r.getInt("alerts")), params);
            marked = m.count();
            newlyOverdue += marked;
            disabled.addAll(m.disabled());
            alerts += m.alerts();
        } while (marked == batch);
        List<Long> enabled = jdbc.first(STATEMENTS.get("reenable"), r -> ids(r, "enabled"), params);
        long durationMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        Instant finishedAt = startedAt.plusMillis(durationMs);
        return record(trigger, actor, startedAt, finishedAt, durationMs, newlyOverdue, List.copyOf(disabled), enabled, alerts);
    }

    private record Marked(int count, List<Long> disabled, int alerts) {
    }

    private SweepResult record(String trigger, String actor, Instant startedAt, Instant finishedAt, long durationMs,
                               int newlyOverdue, List<Long> disabled, List<Long> enabled, int alerts) {
        long id = jdbc.first("""
                INSERT INTO overdue_sweep (trigger, started_by, started_at, finished_at, duration_ms, newly_overdue,
                    projects_disabled, projects_reenabled, loan_alerts_raised)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                RETURNING id""", r -> r.getLong("id"), trigger, actor, startedAt, finishedAt, durationMs, newlyOverdue,
                disabled.toArray(Long[]::new), enabled.toArray(Long[]::new), alerts);
        audit.record(actor, AuditAction.OVERDUE_SWEEP_RUN, "sweep:" + id, null, Map.of("trigger", trigger,
                "newlyOverdue", newlyOverdue, "projectsDisabled", disabled, "projectsReenabled", enabled,
                "loanAlertsRaised", alerts, "durationMs", durationMs));
        return new SweepResult(id, trigger, actor, startedAt, finishedAt, durationMs, newlyOverdue, disabled, enabled, alerts);
    }

    /** A page of the recorded sweeps, newest first. */
    public List<SweepResult> page(PageRequest paging) {
        return jdbc.list("""
                SELECT id, trigger, started_by, started_at, finished_at, duration_ms, newly_overdue, projects_disabled,
                       projects_reenabled, loan_alerts_raised
                FROM overdue_sweep ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?""",
                r -> new SweepResult(r.getLong("id"), r.getString("trigger"), r.getString("started_by"),
                        Jdbc.instant(r, "started_at"), Jdbc.instant(r, "finished_at"), r.getLong("duration_ms"),
                        r.getInt("newly_overdue"), ids(r, "projects_disabled"), ids(r, "projects_reenabled"),
                        r.getInt("loan_alerts_raised")),
                paging.size(), paging.offset());
    }

    public long count() {
        return jdbc.first("SELECT count(*) AS n FROM overdue_sweep", r -> r.getLong("n"));
    }

    /** A {@code bigint[]} column as a list of ids. */
    static List<Long> ids(ResultSet row, String column) throws SQLException {
        Array array = row.getArray(column);
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(v -> ((Number) v).longValue()).toList();
    }
}

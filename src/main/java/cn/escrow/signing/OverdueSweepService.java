package cn.escrow.signing;

import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The 30-day rule: marks every disbursement still awaiting funds at its due time as OVERDUE and
 * disables its project's signing, in a few set-based statements whose cost follows what is newly
 * due (the partial index on awaiting disbursements by due date), not the size of the table.
 *
 * <p>One sweep at a time across every instance sharing the database: the transaction holds a
 * PostgreSQL advisory lock. A manual sweep waits for a running one (and then finds nothing new);
 * a scheduled one skips when another is running.
 */
@ApplicationScoped
public class OverdueSweepService {

    /** The advisory lock key of the sweep (any constant unique to this purpose). */
    static final long SWEEP_LOCK = 0x5357454550L;


    private final EntityManager em;
    private final EscrowClock clock;
    private final AuditLog audit;
    private final EscrowConfig config;

    public OverdueSweepService(EntityManager em, EscrowClock clock, AuditLog audit, EscrowConfig config) {
        this.em = em;
        this.clock = clock;
        this.audit = audit;
        this.config = config;
    }

    /** What one sweep did. */
    public record SweepResult(long id, String trigger, String startedBy, Instant startedAt, Instant finishedAt,
                              long durationMs, int newlyOverdue, List<Long> projectsDisabled, List<Long> projectsReenabled) {
    }

    /** Runs a sweep, waiting for a running one to finish first. */
    @Transactional
    public SweepResult sweepNow(String actor) {
        em.createNativeQuery("SELECT pg_advisory_xact_lock(:k)").setParameter("k", SWEEP_LOCK).getSingleResult();
        return sweep("MANUAL", actor);
    }

    /** Runs a sweep unless one is running (anywhere); empty when skipped. */
    @Transactional
    public Optional<SweepResult> sweepIfIdle(String actor) {
        Boolean locked = (Boolean) em.createNativeQuery("SELECT pg_try_advisory_xact_lock(:k)")
                .setParameter("k", SWEEP_LOCK).getSingleResult();
        return Boolean.TRUE.equals(locked) ? Optional.of(sweep("SCHEDULE", actor)) : Optional.empty();
    }

    private SweepResult sweep(String trigger, String actor) {
        long t0 = System.nanoTime();
        Instant startedAt = clock.now();
        int newlyOverdue = 0;
        TreeSet<Long> disabled = new TreeSet<>();
        int marked;
        do {
            Object[] batch = markBatch(startedAt, actor);
            marked = ((Number) batch[0]).intValue();
            newlyOverdue += marked;
            disabled.addAll(ids(batch[1]));
        } while (marked == config.overdueSweep().batchSize());
        // Projects whose reasons are all gone (settled while auto re-enable was off, or missed): signing back on.
        // NOT IN over the small partial index is one hashed pass, whatever the (possibly stale) statistics say.
        Object reenabled = em.createNativeQuery("""
                WITH enabled AS (
                    UPDATE project p SET signing_enabled = TRUE, signing_changed_at = :now
                    WHERE NOT p.signing_enabled
                      AND p.id NOT IN (SELECT project_id FROM loan_disbursement WHERE status = 'OVERDUE')
                      AND p.id NOT IN (SELECT project_id FROM signing_lock WHERE lifted_at IS NULL)
                    RETURNING p.id),
                audited AS (
                    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                    SELECT :now, :actor, 'SIGNING_ENABLED', 'project:' || id, id, jsonb_build_object('cause', 'SWEEP_NO_REASON_LEFT')
                    FROM enabled)
                SELECT coalesce((SELECT array_agg(id ORDER BY id) FROM enabled), '{}')""")
                .setParameter("now", startedAt).setParameter("actor", actor).getSingleResult();
        List<Long> enabled = ids(reenabled);
        long durationMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        Instant finishedAt = startedAt.plusMillis(durationMs);
        return record(trigger, actor, startedAt, finishedAt, durationMs, newlyOverdue, List.copyOf(disabled), enabled);
    }

    /** Marks up to escrow.overdue-sweep.batch-size due disbursements OVERDUE and disables their projects; returns [count, disabled ids]. */
    private Object[] markBatch(Instant now, String actor) {
        return (Object[]) em.createNativeQuery("""
                WITH due AS (
                    -- Walk the partial index of awaiting disbursements by due date, a batch at a time: the
                    -- planner's estimate of "due" rows is skewed by history, the ORDER BY + LIMIT keeps it on the index.
                    SELECT id FROM loan_disbursement WHERE status = 'AWAITING_FUNDS' AND due_at <= :now
                    ORDER BY due_at LIMIT :batch),
                overdue AS (
                    UPDATE loan_disbursement d SET status = 'OVERDUE', overdue_at = :now
                    FROM due WHERE d.id = due.id
                    RETURNING d.project_id),
                per_project AS (SELECT project_id, count(*) AS n FROM overdue GROUP BY project_id),
                touched AS (
                    -- Every project with a newly overdue disbursement is updated, so that its row stays
                    -- locked until we commit and a concurrent settling credit cannot re-enable it early.
                    UPDATE project p SET signing_enabled = FALSE,
                        signing_changed_at = CASE WHEN p.signing_enabled THEN :now ELSE p.signing_changed_at END
                    FROM per_project o
                    WHERE p.id = o.project_id
                    RETURNING p.id, o.n),
                disabled AS (
                    -- The statement's snapshot still shows the state before the update: these are the changes.
                    SELECT t.id, t.n FROM touched t JOIN project before ON before.id = t.id WHERE before.signing_enabled),
                audited AS (
                    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                    SELECT :now, :actor, 'SIGNING_DISABLED', 'project:' || id, id,
                           jsonb_build_object('cause', 'OVERDUE_LOAN_FUNDS', 'newlyOverdue', n)
                    FROM disabled)
                SELECT (SELECT count(*) FROM overdue),
                       coalesce((SELECT array_agg(id ORDER BY id) FROM disabled), '{}')""")
                .setParameter("now", now).setParameter("actor", actor).setParameter("batch", config.overdueSweep().batchSize()).getSingleResult();
    }

    private SweepResult record(String trigger, String actor, Instant startedAt, Instant finishedAt, long durationMs,
                               int newlyOverdue, List<Long> disabled, List<Long> enabled) {
        Number id = (Number) em.createNativeQuery("""
                INSERT INTO overdue_sweep (trigger, started_by, started_at, finished_at, duration_ms, newly_overdue,
                    projects_disabled, projects_reenabled)
                VALUES (:trigger, :actor, :startedAt, :finishedAt, :duration, :newly,
                    CAST(:disabled AS BIGINT[]), CAST(:enabled AS BIGINT[]))
                RETURNING id""")
                .setParameter("trigger", trigger).setParameter("actor", actor)
                .setParameter("startedAt", startedAt).setParameter("finishedAt", finishedAt)
                .setParameter("duration", durationMs).setParameter("newly", newlyOverdue)
                .setParameter("disabled", arrayLiteral(disabled)).setParameter("enabled", arrayLiteral(enabled))
                .getSingleResult();
        audit.record(actor, "OVERDUE_SWEEP_RUN", "sweep:" + id, null, Map.of("trigger", trigger,
                "newlyOverdue", newlyOverdue, "projectsDisabled", disabled, "projectsReenabled", enabled,
                "durationMs", durationMs));
        return new SweepResult(id.longValue(), trigger, actor, startedAt, finishedAt, durationMs, newlyOverdue, disabled, enabled);
    }

    static List<Long> ids(Object array) {
        if (array == null) {
            return List.of();
        }
        if (array instanceof java.sql.Array sql) {
            try {
                array = sql.getArray();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (array instanceof Object[] values) {
            return Arrays.stream(values).map(v -> ((Number) v).longValue()).toList();
        }
        if (array instanceof long[] values) {
            return Arrays.stream(values).boxed().toList();
        }
        throw new IllegalStateException("Unexpected array type " + array.getClass());
    }

    private static String arrayLiteral(List<Long> ids) {
        return "{" + String.join(",", ids.stream().map(String::valueOf).toList()) + "}";
    }
}

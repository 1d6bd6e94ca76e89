package cn.escrow.signing;

import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    public OverdueSweepService(EntityManager em, EscrowClock clock, AuditLog audit) {
        this.em = em;
        this.clock = clock;
        this.audit = audit;
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
        Object[] marked = (Object[]) em.createNativeQuery("""
                WITH overdue AS (
                    UPDATE loan_disbursement SET status = 'OVERDUE', overdue_at = :now
                    WHERE status = 'AWAITING_FUNDS' AND due_at <= :now
                    RETURNING project_id),
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
                .setParameter("now", startedAt).setParameter("actor", actor).getSingleResult();
        // Projects whose reasons are all gone (settled while auto re-enable was off, or missed): signing back on.
        Object reenabled = em.createNativeQuery("""
                WITH enabled AS (
                    UPDATE project p SET signing_enabled = TRUE, signing_changed_at = :now
                    WHERE NOT p.signing_enabled
                      AND NOT EXISTS (SELECT 1 FROM loan_disbursement d WHERE d.project_id = p.id AND d.status = 'OVERDUE')
                      AND NOT EXISTS (SELECT 1 FROM signing_lock l WHERE l.project_id = p.id AND l.lifted_at IS NULL)
                    RETURNING p.id),
                audited AS (
                    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                    SELECT :now, :actor, 'SIGNING_ENABLED', 'project:' || id, id, jsonb_build_object('cause', 'SWEEP_NO_REASON_LEFT')
                    FROM enabled)
                SELECT coalesce((SELECT array_agg(id ORDER BY id) FROM enabled), '{}')""")
                .setParameter("now", startedAt).setParameter("actor", actor).getSingleResult();
        int newlyOverdue = ((Number) marked[0]).intValue();
        List<Long> disabled = ids(marked[1]);
        List<Long> enabled = ids(reenabled);
        long durationMs = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        Instant finishedAt = startedAt.plusMillis(durationMs);
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

package cn.escrow.oversight;

import cn.escrow.grading.GradeService;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rectification deadline: every notice still ISSUED or RESPONDED when its deadline passes is
 * marked OVERDUE and its enterprise blacklisted (reason "rectification N overdue"), in one
 * set-based statement. Marking the notice is what makes it happen once: a second run finds
 * nothing open past its deadline, so it changes nothing. An enterprise that is already
 * blacklisted gets no second ADD (its notices are still marked OVERDUE and audited).
 *
 * <p>One sweep at a time across every instance: the transaction holds the
 * {@link AdvisoryLock#RECTIFICATION_SWEEP} lock. An on-demand sweep waits for a running one; a scheduled one skips.
 */
@ApplicationScoped
public class RectificationSweepService {

    private final Sql sql;
    private final AdvisoryLocks locks;
    private final EscrowClock clock;
    private final AuditLog audit;
    private final GradeService grades;

    public RectificationSweepService(Sql sql, AdvisoryLocks locks, EscrowClock clock, AuditLog audit, GradeService grades) {
        this.grades = grades;
        this.sql = sql;
        this.locks = locks;
        this.clock = clock;
        this.audit = audit;
    }

    /** What one sweep did. */
    public record SweepResult(String trigger, String startedBy, Instant startedAt, Instant finishedAt,
                              List<Long> rectificationsOverdue, List<Long> enterprisesBlacklisted) {
    }

    /** Runs a sweep, waiting for a running one to finish first. */
    @Transactional
    public SweepResult sweepNow(String actor) {
        locks.acquire(AdvisoryLock.RECTIFICATION_SWEEP);
        return sweep("MANUAL", actor);
    }

    /** Runs a sweep unless one is running (anywhere); empty when skipped. */
    @Transactional
    public Optional<SweepResult> sweepIfIdle(String actor) {
        return locks.tryAcquire(AdvisoryLock.RECTIFICATION_SWEEP) ? Optional.of(sweep("SCHEDULE", actor)) : Optional.empty();
    }

    private SweepResult sweep(String trigger, String actor) {
        Instant startedAt = clock.now();
        Done done = sql.one("""
                WITH overdue AS (
                    UPDATE rectification SET status = 'OVERDUE', overdue_at = :now
                    WHERE status IN ('ISSUED', 'RESPONDED') AND deadline <= :now
                    RETURNING id, project_id, enterprise_id, deadline),
                per_enterprise AS (
                    SELECT enterprise_id, min(id) AS first_id, array_agg(id ORDER BY id) AS ids,
                           left(string_agg('rectification ' || id || ' overdue', '; ' ORDER BY id), 500) AS reason
                    FROM overdue GROUP BY enterprise_id),
                blacklisted AS (
                    -- Re-checked under the row lock: an enterprise blacklisted meanwhile is not added twice.
                    UPDATE enterprise e SET blacklisted = TRUE
                    FROM per_enterprise o
                    WHERE e.id = o.enterprise_id AND NOT e.blacklisted
                    RETURNING e.id, o.first_id, o.ids, o.reason),
                history AS (
                    INSERT INTO blacklist_history (enterprise_id, action, reason, acted_by, acted_at, source, rectification_id)
                    SELECT id, 'ADD', reason, :actor, :now, 'RECTIFICATION_OVERDUE', first_id FROM blacklisted),
                audited_overdue AS (
                    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                    SELECT :now, :actor, :overdue_action, 'rectification:' || id, project_id,
                           jsonb_build_object('enterpriseId', enterprise_id, 'deadline', deadline)
                    FROM overdue),
                audited_blacklisted AS (
                    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                    SELECT :now, :actor, :blacklisted_action, 'enterprise:' || id, NULL,
                           jsonb_build_object('source', 'RECTIFICATION_OVERDUE', 'reason', reason, 'rectifications', to_jsonb(ids))
                    FROM blacklisted)
                SELECT coalesce((SELECT array_agg(id ORDER BY id) FROM overdue), '{}') AS overdue,
                       coalesce((SELECT array_agg(id ORDER BY id) FROM blacklisted), '{}') AS blacklisted""",
                r -> new Done(r.getLongList("overdue"), r.getLongList("blacklisted")), "now", startedAt, "actor", actor,
                "overdue_action", AuditAction.RECTIFICATION_OVERDUE.name(),
                "blacklisted_action", AuditAction.ENTERPRISE_BLACKLISTED.name());
        List<Long> overdue = done.overdue();
        List<Long> blacklisted = done.blacklisted();
        grades.lower(actor, blacklisted, "BLACKLISTING", "rectification overdue");
        Instant finishedAt = clock.now();
        // A run is recorded when a person asked for it or when it changed something; idle scheduled runs leave no trace.
        if ("MANUAL".equals(trigger) || !overdue.isEmpty()) {
            audit.record(actor, AuditAction.RECTIFICATION_SWEEP_RUN, "rectification-sweep", null, Map.of("trigger", trigger,
                    "rectificationsOverdue", overdue, "enterprisesBlacklisted", blacklisted));
        }
        return new SweepResult(trigger, actor, startedAt, finishedAt, overdue, blacklisted);
    }

    private record Done(List<Long> overdue, List<Long> blacklisted) {
    }
}

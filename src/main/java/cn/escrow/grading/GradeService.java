package cn.escrow.grading;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Enterprise credit grades (graded supervision): set by the bureau with history; a change that moves the key
 * percentage takes two people; a blacklisting or a failed spot check lowers the grade to C at once.
 */
@ApplicationScoped
public class GradeService {

    /** The grades: A well graded, B standard, C bad record. */
    public enum Grade { A, B, C }

    /** One change of an enterprise's grade. */
    public record GradeChange(long id, long enterpriseId, Grade grade, Grade previous, String status, String source,
                              String reason, String proposedBy, OffsetDateTime proposedAt, String decidedBy,
                              OffsetDateTime decidedAt) {
    }

    private static final String COLUMNS = "id, enterprise_id, grade, previous, status, source, reason, proposed_by, proposed_at, decided_by, decided_at";

    private final Sql sql;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final EscrowConfig.KeyAmount config;

    public GradeService(Sql sql, AuditLog audit, EscrowClock clock, EscrowConfig config) {
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
        this.config = config.keyAmount();
    }

    /** The key percentage of a grade. */
    public BigDecimal percent(Grade grade) {
        return switch (grade) {
            case A -> config.gradeAPercent();
            case B -> config.gradeBPercent();
            case C -> config.gradeCPercent();
        };
    }

    /** The grade of the enterprise of a project (B, the standard, for an unknown project). */
    public Grade ofProject(long projectId) {
        Grade g = sql.one("SELECT e.grade FROM enterprise e JOIN project p ON p.enterprise_id = e.id WHERE p.id = :p",
                r -> Grade.valueOf(r.getString("grade")), "p", projectId);
        return g == null ? Grade.B : g;
    }

    /**
     * Sets a grade: applied at once when the key percentage stays (201 APPLIED), else PROPOSED for a second person.
     * 409 while another proposal waits, or when the grade is already this one.
     */
    @Transactional
    public GradeChange change(Caller caller, long enterpriseId, Grade grade, String reason) {
        Grade current = lockGrade(enterpriseId);
        if (current == grade) {
            throw new Conflict("Enterprise " + enterpriseId + " is already graded " + grade);
        }
        if (sql.number("SELECT count(*) FROM enterprise_grade_change WHERE enterprise_id = :e AND status = 'PROPOSED'", "e", enterpriseId) > 0) {
            throw new Conflict("A grade change of enterprise " + enterpriseId + " awaits a decision");
        }
        boolean moneyMoves = percent(grade).compareTo(percent(current)) != 0;
        GradeChange c = insert(caller.actor(), enterpriseId, grade, current, moneyMoves ? "PROPOSED" : "APPLIED", "MANUAL", reason);
        if (!moneyMoves) {
            apply(enterpriseId, grade);
        }
        audit.record(caller.actor(), moneyMoves ? AuditAction.ENTERPRISE_GRADE_PROPOSED : AuditAction.ENTERPRISE_GRADE_CHANGED,
                "enterprise:" + enterpriseId, null, details("grade", grade.name(), "previous", current.name(), "reason", reason));
        return c;
    }

    /** A second person applies (or rejects) a proposed change; 403 for its proposer, 409 when not PROPOSED. */
    @Transactional
    public GradeChange decide(Caller caller, long enterpriseId, long changeId, boolean approve, String note) {
        Grade current = lockGrade(enterpriseId);
        GradeChange c = find(enterpriseId, changeId);
        if (!"PROPOSED".equals(c.status())) {
            throw new Conflict("Grade change " + changeId + " is " + c.status());
        }
        FourEyes.requireSecondPerson(caller, c.proposedBy(), "proposed this grade change");
        if (approve && current != c.previous()) {
            throw new Conflict("The grade changed since the proposal (now " + current + ")");
        }
        sql.update("UPDATE enterprise_grade_change SET status = :s, decided_by = :by, decided_at = :now WHERE id = :id",
                "s", approve ? "APPLIED" : "REJECTED", "by", caller.actor(), "now", clock.now(), "id", changeId);
        if (approve) {
            apply(enterpriseId, c.grade());
        }
        audit.record(caller.actor(), approve ? AuditAction.ENTERPRISE_GRADE_CHANGED : AuditAction.ENTERPRISE_GRADE_REJECTED,
                "enterprise:" + enterpriseId, null, details("grade", c.grade().name(), "previous", c.previous().name(),
                        "proposedBy", c.proposedBy(), "note", note));
        return find(enterpriseId, changeId);
    }

    /** Lowers these enterprises to C at once (a bad record), one set-based statement; a waiting proposal is rejected. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lower(String actor, List<Long> enterpriseIds, String source, String reason) {
        if (enterpriseIds.isEmpty()) {
            return;
        }
        sql.one("""
                WITH lowered AS (
                    UPDATE enterprise e SET grade = 'C' FROM (SELECT id, grade FROM enterprise WHERE id = ANY(:ids) AND grade <> 'C' FOR UPDATE) o
                    WHERE e.id = o.id RETURNING e.id, o.grade AS previous),
                dropped AS (
                    UPDATE enterprise_grade_change SET status = 'REJECTED', decided_by = :actor, decided_at = :now
                    WHERE enterprise_id IN (SELECT id FROM lowered) AND status = 'PROPOSED' RETURNING id),
                kept AS (
                    INSERT INTO enterprise_grade_change (enterprise_id, grade, previous, status, source, reason, proposed_by, proposed_at,
                                                         decided_by, decided_at)
                    SELECT id, 'C', previous, 'APPLIED', :source, :reason, :actor, :now, :actor, :now FROM lowered RETURNING id),
                audited AS (
                    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                    SELECT :now, :actor, :action, 'enterprise:' || id, NULL,
                           jsonb_build_object('grade', 'C', 'previous', previous, 'source', :source) FROM lowered RETURNING id)
                SELECT (SELECT count(*) FROM lowered) + (SELECT count(*) FROM dropped) * 0 + (SELECT count(*) FROM kept) * 0
                       + (SELECT count(*) FROM audited) * 0 AS n""", r -> r.getLong("n"),
                "ids", enterpriseIds, "actor", actor, "now", clock.now(), "source", source, "reason", reason,
                "action", AuditAction.ENTERPRISE_GRADE_LOWERED.name());
    }

    /** An enterprise's grade changes, newest first. */
    public List<GradeChange> history(long enterpriseId) {
        lockless(enterpriseId);
        return sql.list("SELECT " + COLUMNS + " FROM enterprise_grade_change WHERE enterprise_id = :e ORDER BY proposed_at DESC, id DESC",
                this::view, "e", enterpriseId);
    }

    private Grade lockGrade(long enterpriseId) {
        Grade g = sql.one("SELECT grade FROM enterprise WHERE id = :e FOR UPDATE", r -> Grade.valueOf(r.getString("grade")), "e", enterpriseId);
        if (g == null) {
            throw new NotFound("Enterprise " + enterpriseId);
        }
        return g;
    }

    private void lockless(long enterpriseId) {
        if (sql.number("SELECT count(*) FROM enterprise WHERE id = :e", "e", enterpriseId) == 0) {
            throw new NotFound("Enterprise " + enterpriseId);
        }
    }

    private void apply(long enterpriseId, Grade grade) {
        sql.update("UPDATE enterprise SET grade = :g WHERE id = :e", "g", grade.name(), "e", enterpriseId);
    }

    private GradeChange insert(String actor, long enterpriseId, Grade grade, Grade previous, String status, String source, String reason) {
        boolean applied = "APPLIED".equals(status);
        return sql.one("""
                INSERT INTO enterprise_grade_change (enterprise_id, grade, previous, status, source, reason, proposed_by, proposed_at,
                                                     decided_by, decided_at)
                VALUES (:e, :g, :prev, :status, :source, :reason, :actor, :now, CAST(:decidedBy AS varchar), CAST(:decidedAt AS timestamptz))
                RETURNING\s""" + COLUMNS, this::view,
                "e", enterpriseId, "g", grade.name(), "prev", previous.name(), "status", status, "source", source, "reason", reason,
                "actor", actor, "now", clock.now(), "decidedBy", applied ? actor : null, "decidedAt", applied ? clock.now() : null);
    }

    private GradeChange find(long enterpriseId, long changeId) {
        GradeChange c = sql.one("SELECT " + COLUMNS + " FROM enterprise_grade_change WHERE id = :id AND enterprise_id = :e",
                this::view, "id", changeId, "e", enterpriseId);
        if (c == null) {
            throw new NotFound("Grade change " + changeId);
        }
        return c;
    }

    private GradeChange view(cn.escrow.platform.db.Row r) throws java.sql.SQLException {
        return new GradeChange(r.getLong("id"), r.getLong("enterprise_id"), Grade.valueOf(r.getString("grade")),
                Grade.valueOf(r.getString("previous")), r.getString("status"), r.getString("source"), r.getString("reason"),
                r.getString("proposed_by"), clock.inZone(r.getInstant("proposed_at")), r.getString("decided_by"),
                clock.inZone(r.getInstant("decided_at")));
    }
}

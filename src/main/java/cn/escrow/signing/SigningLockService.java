package cn.escrow.signing;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Manual signing locks: a supervisor closes a project's online signing with a reason; only lifting the lock undoes it. */
@ApplicationScoped
public class SigningLockService {

    private final Sql sql;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final SigningControl control;

    public SigningLockService(Sql sql, AuditLog audit, EscrowClock clock, SigningControl control) {
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
        this.control = control;
    }

    /** A lock as stored. */
    public record Lock(long lockId, long projectId, String reason, String lockedBy, Instant lockedAt, String liftedBy,
                       Instant liftedAt) {
    }

    @Transactional
    public Lock lock(Caller caller, long projectId, String reason) {
        // Under the project's row lock: a sweep deciding to give signing back waits for this lock to commit, and sees it.
        if (sql.one("SELECT id FROM project WHERE id = :p FOR UPDATE", r -> true, "p", projectId) == null) {
            throw new NotFound("Project " + projectId);
        }
        Instant now = clock.now();
        long id = sql.one("""
                INSERT INTO signing_lock (project_id, reason, locked_by, locked_at) VALUES (:p, :reason, :by, :now)
                RETURNING id""", r -> r.getLong("id"), "p", projectId, "reason", reason, "by", caller.actor(), "now", now);
        audit.record(caller.actor(), AuditAction.SIGNING_LOCK_CREATED, "signing-lock:" + id, projectId, details("reason", reason));
        control.disable(projectId, caller.actor(), "MANUAL_LOCK");
        return new Lock(id, projectId, reason, caller.actor(), now, null, null);
    }

    @Transactional
    public void lift(Caller caller, long projectId, long lockId) {
        requireProject(projectId);
        Boolean lifted = sql.one("SELECT lifted_at IS NOT NULL AS lifted FROM signing_lock WHERE id = :id AND project_id = :p FOR UPDATE",
                r -> r.getBoolean("lifted"), "id", lockId, "p", projectId);
        if (lifted == null) {
            throw new NotFound("Signing lock " + lockId + " of project " + projectId);
        }
        if (lifted) {
            throw new Conflict("Signing lock " + lockId + " was already lifted");
        }
        sql.update("UPDATE signing_lock SET lifted_by = :by, lifted_at = :now WHERE id = :id",
                "by", caller.actor(), "now", clock.now(), "id", lockId);
        audit.record(caller.actor(), AuditAction.SIGNING_LOCK_LIFTED, "signing-lock:" + lockId, projectId, details());
        control.enableIfClear(projectId, caller.actor(), "MANUAL_LOCK_LIFTED");
    }

    public List<Lock> locks(long projectId, boolean activeOnly) {
        requireProject(projectId);
        return sql.list("""
                SELECT id, project_id, reason, locked_by, locked_at, lifted_by, lifted_at FROM signing_lock
                WHERE project_id = :p AND (NOT :active OR lifted_at IS NULL) ORDER BY locked_at DESC, id DESC""",
                r -> new Lock(r.getLong("id"), r.getLong("project_id"), r.getString("reason"), r.getString("locked_by"),
                        r.getInstant("locked_at"), r.getString("lifted_by"), r.getInstant("lifted_at")),
                "p", projectId, "active", activeOnly);
    }

    private void requireProject(long projectId) {
        if (sql.one("SELECT 1 AS found FROM project WHERE id = :p", r -> true, "p", projectId) == null) {
            throw new NotFound("Project " + projectId);
        }
    }
}

package cn.escrow.signing;

import cn.escrow.platform.SqlValues;
import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;

/** Manual signing locks: a supervisor closes a project's online signing with a reason; only lifting the lock undoes it. */
@ApplicationScoped
public class SigningLockService {

    private final EntityManager em;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final SigningControl control;

    public SigningLockService(EntityManager em, AuditLog audit, EscrowClock clock, SigningControl control) {
        this.em = em;
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
        requireProject(projectId);
        Instant now = clock.now();
        Number id = (Number) em.createNativeQuery("""
                INSERT INTO signing_lock (project_id, reason, locked_by, locked_at) VALUES (:p, :reason, :by, :now)
                RETURNING id""")
                .setParameter("p", projectId).setParameter("reason", reason).setParameter("by", caller.actor())
                .setParameter("now", now).getSingleResult();
        audit.record(caller.actor(), AuditAction.SIGNING_LOCK_CREATED, "signing-lock:" + id, projectId, details("reason", reason));
        control.disable(projectId, caller.actor(), "MANUAL_LOCK");
        return new Lock(id.longValue(), projectId, reason, caller.actor(), now, null, null);
    }

    @Transactional
    public void lift(Caller caller, long projectId, long lockId) {
        requireProject(projectId);
        List<?> rows = em.createNativeQuery("SELECT lifted_at FROM signing_lock WHERE id = :id AND project_id = :p FOR UPDATE")
                .setParameter("id", lockId).setParameter("p", projectId).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound("Signing lock " + lockId + " of project " + projectId);
        }
        if (rows.get(0) != null) {
            throw new Conflict("Signing lock " + lockId + " was already lifted");
        }
        em.createNativeQuery("UPDATE signing_lock SET lifted_by = :by, lifted_at = :now WHERE id = :id")
                .setParameter("by", caller.actor()).setParameter("now", clock.now()).setParameter("id", lockId).executeUpdate();
        audit.record(caller.actor(), AuditAction.SIGNING_LOCK_LIFTED, "signing-lock:" + lockId, projectId, details());
        control.enableIfClear(projectId, caller.actor(), "MANUAL_LOCK_LIFTED");
    }

    @SuppressWarnings("unchecked")
    public List<Lock> locks(long projectId, boolean activeOnly) {
        requireProject(projectId);
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, project_id, reason, locked_by, locked_at, lifted_by, lifted_at FROM signing_lock
                WHERE project_id = :p AND (NOT :active OR lifted_at IS NULL) ORDER BY locked_at DESC, id DESC""")
                .setParameter("p", projectId).setParameter("active", activeOnly).getResultList();
        return rows.stream().map(r -> new Lock(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2],
                (String) r[3], SqlValues.instant(r[4]), (String) r[5], SqlValues.instant(r[6]))).toList();
    }

    private void requireProject(long projectId) {
        if (em.createNativeQuery("SELECT 1 FROM project WHERE id = :p").setParameter("p", projectId).getResultList().isEmpty()) {
            throw new NotFound("Project " + projectId);
        }
    }
}

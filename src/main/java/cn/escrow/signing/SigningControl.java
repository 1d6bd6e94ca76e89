package cn.escrow.signing;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Turns a project's online signing off and on. Signing is on exactly when the project has no
 * overdue disbursement and no active manual lock; each change is audited in the same transaction.
 */
@ApplicationScoped
public class SigningControl {

    private final Sql sql;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final EscrowConfig config;

    public SigningControl(Sql sql, AuditLog audit, EscrowClock clock, EscrowConfig config) {
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
    }

    /**
     * Called in the transaction of a credit that settled an overdue disbursement: gives signing back
     * when nothing else holds it (unless {@code escrow.signing.auto-reenable} is off; then the next sweep does).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void afterOverdueSettled(long projectId, String actor) {
        if (config.signing().autoReenable()) {
            enableIfClear(projectId, actor, "OVERDUE_FUNDS_ARRIVED");
        }
    }

    /**
     * Called in the transaction that withdrew an overdue loan notice: as {@link #afterOverdueSettled}, the
     * project gets its signing back when nothing else holds it (same {@code escrow.signing.auto-reenable}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void afterOverdueWithdrawn(long projectId, String actor) {
        if (config.signing().autoReenable()) {
            enableIfClear(projectId, actor, "OVERDUE_NOTICE_WITHDRAWN");
        }
    }

    /** Enables signing when the project has no overdue disbursement and no active lock; true if it changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean enableIfClear(long projectId, String actor, String cause) {
        Instant now = clock.now();
        // Lock the project first: the check below then runs on a snapshot taken after any sweep
        // that marked more of its disbursements overdue has committed.
        sql.one("SELECT id FROM project WHERE id = :id FOR UPDATE", r -> true, "id", projectId);
        int changed = sql.update("""
                UPDATE project p SET signing_enabled = TRUE, signing_changed_at = :now
                WHERE p.id = :id AND NOT p.signing_enabled
                  AND NOT EXISTS (SELECT 1 FROM loan_disbursement d WHERE d.project_id = p.id AND d.status = 'OVERDUE')
                  AND NOT EXISTS (SELECT 1 FROM signing_lock l WHERE l.project_id = p.id AND l.lifted_at IS NULL)""",
                "now", now, "id", projectId);
        if (changed > 0) {
            audit.record(actor, AuditAction.SIGNING_ENABLED, "project:" + projectId, projectId, details("cause", cause));
        }
        return changed > 0;
    }

    /** Disables signing (if it is on); true if it changed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean disable(long projectId, String actor, String cause) {
        int changed = sql.update("""
                UPDATE project SET signing_enabled = FALSE, signing_changed_at = :now
                WHERE id = :id AND signing_enabled""", "now", clock.now(), "id", projectId);
        if (changed > 0) {
            audit.record(actor, AuditAction.SIGNING_DISABLED, "project:" + projectId, projectId, details("cause", cause));
        }
        return changed > 0;
    }
}

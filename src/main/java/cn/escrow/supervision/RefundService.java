package cn.escrow.supervision;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import cn.escrow.registry.Contract;
import cn.escrow.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Refunds of cancelled contracts come from free money; key money only through a refund application that another
 * supervisor approves (Tongguan §六). The approval lowers the key amount K by the application's key part (that money
 * leaves supervision), so the refund debit then finds it free; a refund that took key money without one raises
 * REFUND_TOOK_KEY_MONEY (see {@link DebitChecks}).
 */
@ApplicationScoped
public class RefundService {

    private static final String VIEW_SQL = """
            SELECT a.id, c.contract_no, a.project_id, a.key_amount, a.reason, a.status, a.applied_by, a.applied_at,
                   a.decided_by, a.decided_at, a.decision_reason
            FROM refund_application a JOIN contract c ON c.id = a.contract_id""";

    private final Sql sql;
    private final RegistryService registry;
    private final SupervisionService supervision;
    private final AuditLog audit;
    private final EscrowClock clock;

    public RefundService(Sql sql, RegistryService registry, SupervisionService supervision, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.registry = registry;
        this.supervision = supervision;
        this.audit = audit;
        this.clock = clock;
    }

    /** A refund application as the API shows it. */
    public record RefundApplicationView(long id, String contractNo, long projectId, BigDecimal keyAmount, String reason,
                                        String status, String appliedBy, OffsetDateTime appliedAt, String decidedBy,
                                        OffsetDateTime decidedAt, String decisionReason) {
    }

    /** Applies to pay {@code keyAmount} of a cancelled contract's refund from key money. */
    @Transactional
    public RefundApplicationView apply(Caller caller, String contractNo, BigDecimal keyAmount, String reason) {
        Contract c = registry.contract(caller, contractNo); // 404 outside the caller's scope
        if (c.status != Contract.Status.CANCELLED) {
            throw new Conflict("Contract " + contractNo + " is not cancelled: no refund is due");
        }
        BigDecimal open = keyMoneyStillOpen(c.id, null);
        if (keyAmount.compareTo(open) > 0) {
            throw new ValidationFailed("keyAmount", "must not exceed the refund still due less the key money already "
                    + "approved for it, " + open.toPlainString());
        }
        if (sql.one("SELECT 1 AS found FROM refund_application WHERE contract_id = :c AND status = 'APPLIED'",
                r -> true, "c", c.id) != null) {
            throw new Conflict("Contract " + contractNo + " already has a refund application awaiting a decision");
        }
        long id = sql.one("""
                INSERT INTO refund_application (contract_id, project_id, key_amount, reason, status, applied_by, applied_at)
                VALUES (:c, :p, :amount, :reason, 'APPLIED', :by, :now) RETURNING id""", r -> r.getLong("id"),
                "c", c.id, "p", c.projectId, "amount", keyAmount, "reason", reason, "by", caller.actor(), "now", clock.now());
        audit.record(caller.actor(), AuditAction.REFUND_APPLIED, "refund-application:" + id, c.projectId,
                details("contract", contractNo, "keyAmount", keyAmount.toPlainString(), "reason", reason));
        return view(id);
    }

    /** Approves an application (not its applicant): the key amount goes down by its key part, within what remains of it. */
    @Transactional
    public RefundApplicationView approve(Caller caller, long id, String reason) {
        Pending a = pending(caller, id);
        supervision.lockRow(a.projectId());
        if (a.keyAmount().compareTo(keyMoneyStillOpen(a.contractId(), id)) > 0) {
            throw new Conflict("Key money already approved for this contract's refund leaves less than "
                    + a.keyAmount().toPlainString() + " to free");
        }
        Position position = supervision.position(a.projectId());
        if (a.keyAmount().compareTo(position.remainingKeyObligation()) > 0) {
            throw new Conflict("The remaining key obligation is " + position.remainingKeyObligation().toPlainString()
                    + ": the refund cannot take " + a.keyAmount().toPlainString() + " of key money");
        }
        decide(caller, id, "APPROVED", reason);
        supervision.setKeyAmount(caller, a.projectId(), position.keyAmount().subtract(a.keyAmount()),
                "退房退款动用重点监管资金: refund application " + id + " of contract " + a.contractNo());
        audit.record(caller.actor(), AuditAction.REFUND_APPROVED, "refund-application:" + id, a.projectId(),
                details("contract", a.contractNo(), "keyAmount", a.keyAmount().toPlainString(), "reason", reason));
        return view(id);
    }

    /**
     * What key money may still be freed for a contract's refund: the refund still due less what approved applications
     * (other than {@code exceptApplication}) freed already; they lowered K once, and the refund they cover is then paid
     * from free money. Read under the contract's row lock, so that two applications or approvals cannot both count the
     * same refund.
     */
    private BigDecimal keyMoneyStillOpen(long contractId, Long exceptApplication) {
        sql.one("SELECT id FROM contract WHERE id = :c FOR UPDATE", r -> true, "c", contractId);
        return sql.one("""
                SELECT c.refund_due - c.refunded - coalesce((SELECT sum(r.key_amount) FROM refund_application r
                    WHERE r.contract_id = c.id AND r.status = 'APPROVED' AND r.id IS DISTINCT FROM :app), 0) AS open
                FROM contract c WHERE c.id = :c""", r -> r.getMoney("open"), "c", contractId, "app", exceptApplication);
    }

    @Transactional
    public RefundApplicationView reject(Caller caller, long id, String reason) {
        Pending a = pending(caller, id);
        decide(caller, id, "REJECTED", reason);
        audit.record(caller.actor(), AuditAction.REFUND_REJECTED, "refund-application:" + id, a.projectId(),
                details("contract", a.contractNo(), "reason", reason));
        return view(id);
    }

    /** A contract's applications, newest first (404 outside the caller's scope). */
    public List<RefundApplicationView> list(Caller caller, String contractNo) {
        Contract c = registry.contract(caller, contractNo);
        return sql.list(VIEW_SQL + " WHERE a.contract_id = :c ORDER BY a.applied_at DESC, a.id DESC", this::toView, "c", c.id);
    }

    /** One application; 404 when there is none or the caller may not see its project. */
    public RefundApplicationView get(Caller caller, long id) {
        RefundApplicationView v = view(id);
        if (v == null) {
            throw new NotFound("Refund application " + id);
        }
        registry.requireVisible(caller, v.projectId(), () -> new NotFound("Refund application " + id));
        return v;
    }

    private record Pending(long projectId, long contractId, String contractNo, BigDecimal keyAmount) {
    }

    private record Locked(String status, long contractId) {
    }

    /** The application locked, awaiting a decision by someone other than its applicant. */
    private Pending pending(Caller caller, long id) {
        RefundApplicationView v = view(id);
        if (v == null) {
            throw new NotFound("Refund application " + id);
        }
        FourEyes.requireSecondPerson(caller, v.appliedBy(), "applied for this refund");
        Locked locked = sql.one("SELECT status, contract_id FROM refund_application WHERE id = :id FOR UPDATE",
                r -> new Locked(r.getString("status"), r.getLong("contract_id")), "id", id);
        if (!"APPLIED".equals(locked.status())) {
            throw new Conflict("Refund application " + id + " is " + locked.status() + ", not awaiting a decision");
        }
        return new Pending(v.projectId(), locked.contractId(), v.contractNo(), v.keyAmount());
    }

    private void decide(Caller caller, long id, String status, String reason) {
        sql.update("""
                UPDATE refund_application SET status = :status, decided_by = :by, decided_at = :now, decision_reason = :reason
                WHERE id = :id""", "status", status, "by", caller.actor(), "now", clock.now(), "reason", reason, "id", id);
    }

    private RefundApplicationView view(long id) {
        return sql.one(VIEW_SQL + " WHERE a.id = :id", this::toView, "id", id);
    }

    private RefundApplicationView toView(Row r) throws SQLException {
        return new RefundApplicationView(r.getLong("id"), r.getString("contract_no"), r.getLong("project_id"),
                r.getMoney("key_amount"), r.getString("reason"), r.getString("status"), r.getString("applied_by"),
                clock.inZone(r.getInstant("applied_at")), r.getString("decided_by"), clock.inZone(r.getInstant("decided_at")),
                r.getString("decision_reason"));
    }
}

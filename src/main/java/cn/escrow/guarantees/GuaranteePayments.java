package cn.escrow.guarantees;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.security.Caller;
import cn.escrow.supervision.SupervisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A guarantor's payments into the supervised account, settling its top-up duty. A supervisor attributes a credit of
 * the project's ledger (purpose {@code OTHER}: not buyer money, not a loan, not yet reversed) to the guarantee; the
 * part applied is the smaller of the credit and the duty then due, so the duty never goes below zero, and the rest
 * stays ordinary money of the account. A credit is attributed once (a unique key on the credit). It runs under the
 * project's supervision row lock, the lock under which every key-money release adds to the duty, so a payment and a
 * release never both read the same duty, and holds the account's row as pushes do, so a reversal of the credit is
 * never missed.
 */
@ApplicationScoped
public class GuaranteePayments {

    private final Sql sql;
    private final SupervisionService supervision;
    private final AuditLog audit;
    private final EscrowClock clock;

    public GuaranteePayments(Sql sql, SupervisionService supervision, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.supervision = supervision;
        this.audit = audit;
        this.clock = clock;
    }

    /** A credit attributed to a guarantee, as the API shows it. */
    public record GuaranteePaymentView(String guaranteeNo, long transactionId, String serialNo, BigDecimal amount,
                                       @Schema(description = "The part of the credit that settled the duty: at most the duty then due")
                                       BigDecimal applied,
                                       @Schema(description = "The guarantee's topUpDue after this payment") BigDecimal topUpDueAfter,
                                       String recordedBy, OffsetDateTime recordedAt) {
    }

    private record Credit(long id, String serialNo, String direction, String purpose, BigDecimal amount, boolean reversed,
                          boolean attributed) {
    }

    private record Held(long id, BigDecimal due) {
    }

    @Transactional
    public GuaranteePaymentView record(Caller caller, long projectId, String guaranteeNo, long transactionId) {
        supervision.lockRow(projectId);
        // The account's row next, which a reversal push holds while it runs: a reversal either committed before (the
        // credit is seen reversed) or waits and then finds this attribution to undo. Then the guarantee, as a push would.
        sql.one("SELECT project_id FROM supervised_account WHERE project_id = :p FOR SHARE", r -> true, "p", projectId);
        Held guarantee = sql.one("""
                SELECT id, top_up_due FROM guarantee WHERE guarantee_no = :no AND project_id = :p FOR UPDATE""",
                r -> new Held(r.getLong("id"), r.getMoney("top_up_due")), "no", guaranteeNo, "p", projectId);
        if (guarantee == null) {
            throw new NotFound("Guarantee " + guaranteeNo);
        }
        Credit credit = sql.one("""
                SELECT t.id, t.serial_no, t.direction, t.purpose, t.amount,
                       EXISTS (SELECT 1 FROM account_transaction r
                               WHERE r.bank_code = t.bank_code AND r.reverses_serial_no = t.serial_no) AS reversed,
                       EXISTS (SELECT 1 FROM guarantee_payment g WHERE g.transaction_id = t.id) AS attributed
                FROM account_transaction t WHERE t.id = :id AND t.project_id = :p""",
                r -> new Credit(r.getLong("id"), r.getString("serial_no"), r.getString("direction"), r.getString("purpose"),
                        r.getMoney("amount"), r.getBoolean("reversed"), r.getBoolean("attributed")),
                "id", transactionId, "p", projectId);
        if (credit == null) {
            throw new UnknownReference("Transaction " + transactionId + " is not on this project's account");
        }
        if (!"CREDIT".equals(credit.direction()) || !"OTHER".equals(credit.purpose())) {
            throw new UnknownReference("Transaction " + transactionId + " is a " + credit.direction() + " of purpose "
                    + credit.purpose() + ": a guarantor's payment is a CREDIT of purpose OTHER");
        }
        if (credit.attributed()) {
            throw new Conflict("Transaction " + transactionId + " is already attributed to a guarantee");
        }
        if (credit.reversed()) {
            throw new Conflict("Transaction " + transactionId + " was reversed by its bank");
        }
        if (guarantee.due().signum() == 0) {
            throw new NothingDue("Guarantee " + guaranteeNo + " owes no top-up: nothing for this credit to settle");
        }
        BigDecimal applied = credit.amount().min(guarantee.due());
        BigDecimal after = guarantee.due().subtract(applied);
        sql.update("""
                INSERT INTO guarantee_payment (guarantee_id, transaction_id, amount, applied, due_after, recorded_by, recorded_at)
                VALUES (:g, :t, :amount, :applied, :after, :by, :now)""",
                "g", guarantee.id(), "t", credit.id(), "amount", credit.amount(), "applied", applied, "after", after,
                "by", caller.actor(), "now", clock.now());
        sql.update("UPDATE guarantee SET top_up_due = :after, top_up_paid = top_up_paid + :applied WHERE id = :g",
                "after", after, "applied", applied, "g", guarantee.id());
        audit.record(caller.actor(), AuditAction.GUARANTEE_PAYMENT_RECORDED, "guarantee:" + guaranteeNo, projectId,
                details("transaction", credit.serialNo(), "amount", credit.amount().toPlainString(), "applied",
                        applied.toPlainString(), "topUpDue", after.toPlainString()));
        return new GuaranteePaymentView(guaranteeNo, credit.id(), credit.serialNo(), credit.amount(), applied, after, caller.actor(),
                clock.inZone(clock.now()));
    }

    /**
     * After the bank reversed a transaction (in the push's transaction): if it was a guarantor's payment, the part it
     * settled is owed again. One increment of the guarantee row, which commutes with a release adding to the duty.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void creditReversed(String actor, long projectId, long transactionId) {
        Undone undone = sql.one("""
                WITH p AS (UPDATE guarantee_payment SET reversed_at = :now WHERE transaction_id = :t AND reversed_at IS NULL
                           RETURNING guarantee_id, applied)
                UPDATE guarantee g SET top_up_due = g.top_up_due + p.applied, top_up_paid = g.top_up_paid - p.applied
                FROM p WHERE g.id = p.guarantee_id RETURNING g.guarantee_no, p.applied, g.top_up_due""",
                r -> new Undone(r.getString("guarantee_no"), r.getMoney("applied"), r.getMoney("top_up_due")),
                "now", clock.now(), "t", transactionId);
        if (undone != null) {
            audit.record(actor, AuditAction.GUARANTEE_PAYMENT_REVERSED, "guarantee:" + undone.guaranteeNo(), projectId,
                    details("transactionId", transactionId, "applied", undone.applied().toPlainString(), "topUpDue",
                            undone.due().toPlainString()));
        }
    }

    private record Undone(String guaranteeNo, BigDecimal applied, BigDecimal due) {
    }

    /** A payment when the guarantor owes nothing: 409 with {@code rule} {@code NO_TOP_UP_DUE}. */
    public static class NothingDue extends Conflict {
        NothingDue(String detail) {
            super(detail);
        }

        @Override
        public Problem problem() {
            return super.problem().with("rule", "NO_TOP_UP_DUE");
        }
    }
}

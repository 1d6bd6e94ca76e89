package cn.escrow.bank;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.bank.BankPushes.AccountTransactionPush;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;

/**
 * Reversals of account transactions (rare): a reversal names an earlier transaction of its account, opposite and
 * equal, not yet reversed; a reversed loan credit no longer counts for its notice. Runs inside the push's transaction.
 */
@ApplicationScoped
public class Reversals {

    private final Sql sql;
    private final AuditLog audit;

    public Reversals(Sql sql, AuditLog audit) {
        this.sql = sql;
        this.audit = audit;
    }

    /** The transaction a reversal undoes (checked), or a problem saying why it cannot. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Reversed check(String bankCode, long projectId, AccountTransactionPush push) {
        Reversed original = sql.one("""
                SELECT o.id, o.direction, o.amount, o.matched_disbursement_id,
                       EXISTS (SELECT 1 FROM account_transaction r WHERE r.bank_code = o.bank_code
                               AND r.reverses_serial_no = o.serial_no) AS already_reversed
                FROM account_transaction o WHERE o.bank_code = :bank AND o.serial_no = :serial AND o.project_id = :project""",
                r -> new Reversed(r.getLong("id"), r.getString("direction"), r.getBigDecimal("amount"),
                        r.getLongOrNull("matched_disbursement_id"), r.getBoolean("already_reversed")),
                "bank", bankCode, "serial", push.reversesSerialNo(), "project", projectId);
        if (original == null) {
            throw new UnknownReference("Transaction " + push.reversesSerialNo() + " does not exist on this account");
        }
        if (push.direction().name().equals(original.direction()) || original.amount().compareTo(push.amount()) != 0) {
            throw new Conflict("A reversal must have the opposite direction and the same amount as " + push.reversesSerialNo());
        }
        if (original.alreadyReversed()) {
            throw new Conflict("Transaction " + push.reversesSerialNo() + " has already been reversed");
        }
        return original;
    }

    /**
     * A reversed loan credit no longer counts for its notice, which may again await funds; the latest booking
     * time is taken again from the credits that still count (rare, so a scan of the project's entries is fine).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void undoLoanMatch(Caller bank, Reversed reversed, long projectId) {
        if (reversed.matchedDisbursementId() == null) {
            return;
        }
        sql.update("""
                UPDATE loan_disbursement d SET matched_amount = matched_amount - :amount,
                    status = CASE WHEN matched_amount - :amount < amount AND status = 'FUNDS_ARRIVED'
                                  THEN 'AWAITING_FUNDS' ELSE status END,
                    funds_arrived_at = CASE WHEN matched_amount - :amount < amount THEN NULL ELSE funds_arrived_at END,
                    latest_credit_booked_at = (
                        SELECT max(t.booked_at) FROM account_transaction t
                        WHERE t.project_id = :project AND t.matched_disbursement_id = d.id AND t.id <> :reversed
                          AND NOT EXISTS (SELECT 1 FROM account_transaction r
                                          WHERE r.bank_code = t.bank_code AND r.reverses_serial_no = t.serial_no))
                WHERE id = :notice""", "amount", reversed.amount(), "project", projectId, "reversed", reversed.id(),
                "notice", reversed.matchedDisbursementId());
        audit.record(bank.actor(), AuditAction.LOAN_CREDIT_REVERSED, "disbursement:" + reversed.matchedDisbursementId(), projectId,
                details("reversedTransactionId", reversed.id()));
    }

    /** The transaction a reversal undoes. */
    public record Reversed(long id, String direction, BigDecimal amount, Long matchedDisbursementId, boolean alreadyReversed) {
    }
}

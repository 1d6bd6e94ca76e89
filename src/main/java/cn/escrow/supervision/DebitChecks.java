package cn.escrow.supervision;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.alerts.AlertService;
import cn.escrow.alerts.AlertService.Kind;
import cn.escrow.alerts.AlertService.Severity;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;

/**
 * Money may leave a supervised account only for a reason the bureau knows: an approved release,
 * a refund of a cancelled contract, a court deduction, or a reversal. Called in the transaction
 * of each new debit; a debit nothing explains raises an alert (the bank's debit is still recorded).
 */
@ApplicationScoped
public class DebitChecks {

    /** The parts of a debit these checks read. */
    public record Debit(long transactionId, long projectId, String serialNo, BigDecimal amount, String purpose,
                        String releaseNo, String contractNo, String counterpartyAccountNo, boolean reversal) {
    }

    private final Sql sql;
    private final AlertService alerts;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final EscrowConfig config;
    private final SupervisionService supervision;

    public DebitChecks(Sql sql, AlertService alerts, AuditLog audit, EscrowClock clock, EscrowConfig config,
                       SupervisionService supervision) {
        this.supervision = supervision;
        this.sql = sql;
        this.alerts = alerts;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void check(String actor, Debit debit) {
        if (debit.reversal()) {
            return;
        }
        if ("RELEASE".equals(debit.purpose())) {
            if (!executeRelease(actor, debit)) {
                alerts.raise(actor, debit.projectId(), Kind.UNMATCHED_RELEASE_DEBIT, Severity.HIGH, "transaction:" + debit.serialNo(),
                        "A RELEASE debit of " + debit.amount().toPlainString() + " to account "
                                + (debit.counterpartyAccountNo() == null ? "(not given)" : debit.counterpartyAccountNo())
                                + " matches no approved release"
                                + (debit.releaseNo() == null ? " (no releaseNo given)" : " named " + debit.releaseNo())
                                + " of that amount and payee account: it does not count as the release's payment");
            }
            return;
        }
        if ("REFUND".equals(debit.purpose()) && settleRefund(actor, debit)) {
            return;
        }
        if (linkCourtDeduction(debit)) {
            return;
        }
        alerts.raise(actor, debit.projectId(), Kind.UNEXPLAINED_DEBIT, Severity.HIGH, "transaction:" + debit.serialNo(),
                "A " + debit.purpose() + " debit of " + debit.amount().toPlainString()
                        + " is explained by no approved release, refund, court deduction or reversal");
    }

    /**
     * The bank reversed an earlier debit (退汇): a release it paid is APPROVED again, awaiting payment with a new
     * deadline; its key part stays reserved by the approval, and its amount is pending again, so the returned money
     * is not free.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void reversed(String actor, long projectId, long reversedTransactionId, String reversalSerialNo) {
        String releaseNo = sql.one("""
                UPDATE release_application SET status = 'APPROVED', executed_at = NULL, executed_by_transaction_id = NULL,
                    pay_by = :payBy
                WHERE executed_by_transaction_id = :tx AND project_id = :p RETURNING release_no""", r -> r.getString("release_no"),
                "payBy", clock.now().plus(config.releases().payDeadline()), "tx", reversedTransactionId, "p", projectId);
        if (releaseNo != null) {
            audit.record(actor, AuditAction.RELEASE_PAYMENT_REVERSED, "release:" + releaseNo, projectId,
                    details("reversal", reversalSerialNo));
        }
        restoreRefund(actor, projectId, reversedTransactionId, reversalSerialNo);
    }

    /** A reversed refund payment (退汇 of a REFUND debit that counted) no longer counts: the buyer is owed it again. */
    private void restoreRefund(String actor, long projectId, long reversedTransactionId, String reversalSerialNo) {
        Restored restored = sql.one("""
                WITH undone AS (UPDATE refund_payment SET reversed_at = :now
                                WHERE transaction_id = :tx AND reversed_at IS NULL RETURNING contract_id, amount)
                UPDATE contract c SET refunded = c.refunded - u.amount FROM undone u WHERE c.id = u.contract_id
                RETURNING c.contract_no, u.amount, c.refund_due - c.refunded AS still_due""",
                r -> new Restored(r.getString("contract_no"), r.getMoney("amount"), r.getMoney("still_due")),
                "now", clock.now(), "tx", reversedTransactionId);
        if (restored != null) {
            audit.record(actor, AuditAction.REFUND_REVERSED, "contract:" + restored.contractNo(), projectId,
                    details("reversal", reversalSerialNo, "amount", restored.amount().toPlainString(),
                            "stillDue", restored.stillDue().toPlainString()));
        }
    }

    private record Restored(String contractNo, BigDecimal amount, BigDecimal stillDue) {
    }

    /** An approved release of this project, named by the debit, of the same amount and paid to its payee account, becomes EXECUTED. */
    private boolean executeRelease(String actor, Debit debit) {
        if (debit.releaseNo() == null || debit.counterpartyAccountNo() == null) {
            return false;
        }
        int executed = sql.update("""
                UPDATE release_application SET status = 'EXECUTED', executed_at = :now, executed_by_transaction_id = :tx
                WHERE release_no = :no AND project_id = :p AND status = 'APPROVED' AND amount = :amount
                  AND payee_account_no = :payeeAccount""",
                "now", clock.now(), "tx", debit.transactionId(), "no", debit.releaseNo(), "p", debit.projectId(),
                "amount", debit.amount(), "payeeAccount", debit.counterpartyAccountNo());
        if (executed > 0) {
            audit.record(actor, AuditAction.RELEASE_EXECUTED, "release:" + debit.releaseNo(), debit.projectId(),
                    details("transaction", debit.serialNo(), "amount", debit.amount().toPlainString()));
        }
        return executed > 0;
    }

    /** A REFUND debit naming a cancelled contract of this project counts towards the buyer's refund, up to what is due. */
    private boolean settleRefund(String actor, Debit debit) {
        if (debit.contractNo() == null) {
            return false;
        }
        BigDecimal stillDue = sql.one("""
                UPDATE contract SET refunded = refunded + :amount
                WHERE contract_no = :no AND project_id = :p AND status = 'CANCELLED' AND refunded + :amount <= refund_due
                RETURNING refund_due - refunded AS still_due""", r -> r.getMoney("still_due"),
                "amount", debit.amount(), "no", debit.contractNo(), "p", debit.projectId());
        if (stillDue == null) {
            return false;
        }
        sql.update("""
                INSERT INTO refund_payment (transaction_id, contract_id, amount)
                SELECT :tx, id, :amount FROM contract WHERE contract_no = :no""",
                "tx", debit.transactionId(), "amount", debit.amount(), "no", debit.contractNo());
        audit.record(actor, AuditAction.REFUND_PAID, "contract:" + debit.contractNo(), debit.projectId(),
                details("transaction", debit.serialNo(), "amount", debit.amount().toPlainString(),
                        "stillDue", stillDue.toPlainString()));
        // Refunds come from free money; key money only by an approved refund application, which lowered K beforehand.
        BigDecimal shortfall = supervision.position(debit.projectId()).topUpDue();
        if (shortfall.signum() > 0) {
            alerts.raise(actor, debit.projectId(), Kind.REFUND_TOOK_KEY_MONEY, Severity.HIGH, "transaction:" + debit.serialNo(),
                    "The refund of " + debit.amount().toPlainString() + " for contract " + debit.contractNo() + " took "
                            + shortfall.min(debit.amount()).toPlainString() + " of key money without an approved refund application;"
                            + " the balance is now " + shortfall.toPlainString() + " short of the remaining key obligation");
        }
        return true;
    }

    /** A debit of the same amount as a court deduction pushed for this account (and not yet linked) is that deduction. */
    private boolean linkCourtDeduction(Debit debit) {
        return sql.update("""
                UPDATE judicial_action SET linked_transaction_id = :tx
                WHERE id = (SELECT id FROM judicial_action
                            WHERE project_id = :p AND action = 'DEDUCTION' AND amount = :amount AND linked_transaction_id IS NULL
                            ORDER BY acted_at, id LIMIT 1 FOR UPDATE)""",
                "tx", debit.transactionId(), "p", debit.projectId(), "amount", debit.amount()) > 0;
    }
}

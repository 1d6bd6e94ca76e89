package cn.escrow.collection;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.collection.PaymentNoticeMismatch.Rule;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.Collection;

/**
 * What buyers' money does when it reaches the account, in the caller's transaction and under its account lock: a credit
 * naming a payment notice is checked against it and settles it, and a PENDING_FUNDS contract whose credits now cover its
 * down payment is filed. Both push paths and the attribution of an unattributed credit come through here.
 */
@ApplicationScoped
public class BuyerCredits {

    /** A notice a credit names, locked. */
    public record Notice(long id, String noticeNo, long contractId, String contractNo, String status) {
    }

    /**
     * Contracts among {@code :contract_ids} waiting as PENDING_FUNDS whose buyer money (named, by notice or attributed)
     * covers the down payment become FILED, each with its audit event, in one statement.
     */
    private static final String FILE_FUNDED = """
            WITH funded AS (
                UPDATE contract c SET status = 'FILED'
                WHERE c.id = ANY(CAST(:contract_ids AS bigint[])) AND c.status = 'PENDING_FUNDS'
                  AND (SELECT coalesce(sum(b.amount), 0) FROM buyer_credit b
                       WHERE b.project_id = c.project_id AND b.contract_id = c.id) >= c.down_payment
                RETURNING c.contract_no, c.project_id, c.down_payment)
            INSERT INTO audit_event (at, actor, action, subject, project_id, details)
            SELECT :now, :actor, :action, 'contract:' || contract_no, project_id,
                   jsonb_build_object('status', 'FILED', 'downPayment', CAST(down_payment AS text))
            FROM funded""";

    private final Sql sql;
    private final AuditLog audit;
    private final EscrowClock clock;

    public BuyerCredits(Sql sql, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * The notice a credit names, locked, or the problem refusing the credit: the notice must be of this project's
     * account, the credit buyer money, the contract (if named too) the notice's, and the notice not cancelled. A paid
     * notice still takes money: the buyer's money is in the account, and the contract's collection shows the surplus.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Notice check(long projectId, String noticeNo, boolean buyerMoney, String contractNo) {
        Notice n = sql.one("""
                SELECT n.id, n.notice_no, n.contract_id, c.contract_no, n.status FROM payment_notice n
                JOIN contract c ON c.id = n.contract_id
                WHERE n.notice_no = :no AND n.project_id = :p FOR UPDATE OF n""",
                r -> new Notice(r.getLong("id"), r.getString("notice_no"), r.getLong("contract_id"), r.getString("contract_no"),
                        r.getString("status")), "no", noticeNo, "p", projectId);
        if (n == null) {
            throw new PaymentNoticeMismatch(Rule.NOT_THIS_ACCOUNT, "Payment notice " + noticeNo + " is not a notice of this account");
        }
        if (!buyerMoney) {
            throw new PaymentNoticeMismatch(Rule.NOT_BUYER_MONEY,
                    "Only a buyer-money CREDIT (DEPOSIT, DOWN_PAYMENT, FULL_PAYMENT) may name payment notice " + noticeNo);
        }
        if (contractNo != null && !contractNo.equals(n.contractNo())) {
            throw new PaymentNoticeMismatch(Rule.OTHER_CONTRACT, "Payment notice " + noticeNo + " is not for contract " + contractNo);
        }
        if ("CANCELLED".equals(n.status())) {
            throw new PaymentNoticeMismatch(Rule.NOTICE_CANCELLED, "Payment notice " + noticeNo + " is cancelled");
        }
        return n;
    }

    /** A credit of {@code amount} paid into this notice (checked and locked by {@link #check}): it is PAID once covered. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void paid(String actor, long projectId, Notice notice, BigDecimal amount, String serialNo) {
        String status = sql.one("""
                UPDATE payment_notice SET paid_amount = paid_amount + :amount,
                    paid_at = CASE WHEN status = 'ISSUED' AND paid_amount + :amount >= amount THEN :now ELSE paid_at END,
                    status = CASE WHEN status = 'ISSUED' AND paid_amount + :amount >= amount THEN 'PAID' ELSE status END
                WHERE id = :id RETURNING status""", r -> r.getString("status"), "amount", amount, "now", clock.now(),
                "id", notice.id());
        if ("PAID".equals(status) && "ISSUED".equals(notice.status())) {
            audit.record(actor, AuditAction.PAYMENT_NOTICE_PAID, "payment-notice:" + notice.noticeNo(), projectId,
                    details("contractNo", notice.contractNo(), "lastCredit", serialNo));
        }
    }

    /** Files the PENDING_FUNDS contracts among these whose down payment is now in; the number filed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int fileFunded(String actor, Collection<Long> contractIds) {
        if (contractIds.isEmpty()) {
            return 0;
        }
        return sql.update(FILE_FUNDED, "contract_ids", contractIds.toArray(Long[]::new), "now", clock.now(), "actor", actor,
                "action", AuditAction.CONTRACT_FUNDED.name());
    }

    /** The same, for contracts named by number (the push paths, which carry numbers). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int fileFundedByNumber(String actor, Collection<String> contractNos) {
        if (contractNos.isEmpty()) {
            return 0;
        }
        return fileFunded(actor, sql.list("SELECT id FROM contract WHERE contract_no = ANY(CAST(:nos AS text[])) AND status = 'PENDING_FUNDS'",
                r -> r.getLong("id"), "nos", contractNos.toArray(String[]::new)));
    }
}

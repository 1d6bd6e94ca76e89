package cn.escrow.collection;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.security.Caller;
import cn.escrow.registry.Contract;
import cn.escrow.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Unattributed credits (不明入账): buyer money that named neither a contract nor a payment notice, queued until a
 * supervisor attributes it to a contract of the same project. The attribution is a row of its own beside the ledger
 * (the ledger row keeps what the bank said); it counts toward the contract's collection, may settle one of its notices
 * and may file a PENDING_FUNDS contract. It runs under the account row lock and a credit is attributed once (the
 * primary key of {@code credit_attribution} backs the check).
 */
@ApplicationScoped
public class AttributionService {

    /** A credit in the queue. */
    public record UnattributedCredit(long transactionId, String serialNo, String accountNo, BigDecimal amount, String purpose,
                                     OffsetDateTime bookedAt, String counterpartyName, String counterpartyAccountNo) {
    }

    /** A recorded attribution. */
    @Schema(name = "CreditAttribution")
    public record Attribution(long transactionId, String serialNo, BigDecimal amount, String contractNo, String paymentNoticeNo,
                              String reason, String attributedBy, OffsetDateTime attributedAt) {
    }

    private final Sql sql;
    private final RegistryService registry;
    private final BuyerCredits credits;
    private final AuditLog audit;
    private final EscrowClock clock;

    public AttributionService(Sql sql, RegistryService registry, BuyerCredits credits, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.registry = registry;
        this.credits = credits;
        this.audit = audit;
        this.clock = clock;
    }

    /** The project's queue, oldest first. */
    public List<UnattributedCredit> queue(Caller caller, long projectId) {
        registry.project(caller, projectId);
        return sql.list("""
                SELECT t.id, t.serial_no, a.account_no, t.amount, t.purpose, t.booked_at, t.counterparty_name, t.counterparty_account_no
                FROM buyer_credit b JOIN account_transaction t ON t.id = b.id JOIN supervised_account a ON a.project_id = t.project_id
                WHERE b.project_id = :p AND b.contract_id IS NULL ORDER BY t.booked_at, t.id""",
                r -> new UnattributedCredit(r.getLong("id"), r.getString("serial_no"), r.getString("account_no"), r.getMoney("amount"),
                        r.getString("purpose"), clock.inZone(r.getInstant("booked_at")), r.getString("counterparty_name"),
                        r.getString("counterparty_account_no")), "p", projectId);
    }

    @Transactional
    public Attribution attribute(Caller caller, long transactionId, String contractNo, String noticeNo, String reason) {
        Long projectId = sql.one("SELECT project_id FROM account_transaction WHERE id = :id", r -> r.getLong("project_id"),
                "id", transactionId);
        if (projectId == null) {
            throw new NotFound("Account transaction " + transactionId);
        }
        registry.requireVisible(caller, projectId, () -> new NotFound("Account transaction " + transactionId));
        sql.one("SELECT project_id FROM supervised_account WHERE project_id = :p FOR UPDATE", r -> r.getLong("project_id"), "p", projectId);
        Boolean open = sql.one("SELECT contract_id IS NULL AS open FROM buyer_credit WHERE id = :id", r -> r.getBoolean("open"),
                "id", transactionId);
        if (open == null || !open) {
            throw new Conflict("Transaction " + transactionId + " is not an unattributed buyer credit (attributed already, "
                    + "named a contract or notice, reversed, or not buyer money)");
        }
        Contract c = registry.contract(caller, contractNo);
        if (c.projectId != projectId.longValue()) {
            throw new UnknownReference("Contract " + contractNo + " is not a contract of this credit's project");
        }
        if (c.status == Contract.Status.CANCELLED) {
            throw new Conflict("Contract " + contractNo + " is cancelled");
        }
        BuyerCredits.Notice notice = noticeNo == null ? null : credits.check(projectId, noticeNo, true, contractNo);
        sql.update("""
                INSERT INTO credit_attribution (transaction_id, project_id, contract_id, payment_notice_id, reason, attributed_by, attributed_at)
                VALUES (:id, :p, :c, :n, :reason, :by, :now)""", "id", transactionId, "p", projectId, "c", c.id,
                "n", notice == null ? null : notice.id(), "reason", reason, "by", caller.actor(), "now", clock.now());
        Attribution a = view(transactionId);
        if (notice != null) {
            credits.paid(caller.actor(), projectId, notice, a.amount(), a.serialNo());
        }
        credits.fileFunded(caller.actor(), Set.of(c.id));
        audit.record(caller.actor(), AuditAction.CREDIT_ATTRIBUTED, "transaction:" + a.serialNo(), projectId,
                details("contractNo", contractNo, "paymentNoticeNo", noticeNo, "amount", a.amount().toPlainString(), "reason", reason));
        return a;
    }

    private Attribution view(long transactionId) {
        return sql.one("""
                SELECT t.id, t.serial_no, t.amount, c.contract_no, n.notice_no, x.reason, x.attributed_by, x.attributed_at
                FROM credit_attribution x JOIN account_transaction t ON t.id = x.transaction_id JOIN contract c ON c.id = x.contract_id
                LEFT JOIN payment_notice n ON n.id = x.payment_notice_id WHERE x.transaction_id = :id""",
                this::toView, "id", transactionId);
    }

    private Attribution toView(Row r) throws SQLException {
        return new Attribution(r.getLong("id"), r.getString("serial_no"), r.getMoney("amount"), r.getString("contract_no"),
                r.getString("notice_no"), r.getString("reason"), r.getString("attributed_by"), clock.inZone(r.getInstant("attributed_at")));
    }
}

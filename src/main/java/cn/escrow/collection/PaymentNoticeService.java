package cn.escrow.collection;

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
import cn.escrow.registry.Contract;
import cn.escrow.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Payment notices (缴款通知书): issued per contract for the down payment or the full price, paid by credits naming their
 * number ({@link BuyerCredits}), cancelled while unpaid. Issue and cancellation take the project's account row lock, the
 * lock every push takes first, so a notice's amount is checked against money that cannot move meanwhile.
 */
@ApplicationScoped
public class PaymentNoticeService {

    /** What a notice is for. */
    @Schema(name = "PaymentNoticeKind")
    public enum Kind { DOWN_PAYMENT, FULL_PAYMENT }

    /** A notice as staff and the developer see it. */
    @Schema(name = "PaymentNotice")
    public record NoticeView(String noticeNo, String contractNo, long projectId, String accountNo, Kind kind, BigDecimal amount,
                             @Schema(description = "Credits naming the notice so far") BigDecimal paidAmount,
                             @Schema(description = "amount - paidAmount, never below 0.00; 0.00 once CANCELLED") BigDecimal amountDue,
                             @Schema(description = "ISSUED, PAID or CANCELLED") String status, LocalDate dueDate,
                             OffsetDateTime issuedAt, String issuedBy, OffsetDateTime paidAt, OffsetDateTime cancelledAt,
                             String cancelReason) {
    }

    private static final String VIEW = """
            SELECT n.notice_no, c.contract_no, n.project_id, a.account_no, n.kind, n.amount, n.paid_amount,
                   CASE WHEN n.status = 'CANCELLED' THEN 0 ELSE greatest(n.amount - n.paid_amount, 0) END AS amount_due,
                   n.status, n.due_date, n.issued_at, n.issued_by, n.paid_at, n.cancelled_at, n.cancel_reason
            FROM payment_notice n JOIN contract c ON c.id = n.contract_id
            LEFT JOIN supervised_account a ON a.project_id = n.project_id""";

    private final Sql sql;
    private final RegistryService registry;
    private final AuditLog audit;
    private final EscrowClock clock;

    public PaymentNoticeService(Sql sql, RegistryService registry, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Issues a notice for a contract the caller sees. Its amount may not exceed what the buyer still owes of the part it
     * is for (the down payment, or the whole price) after the buyer money already in and the other unpaid notices.
     */
    @Transactional
    public NoticeView issue(Caller caller, String contractNo, Kind kind, BigDecimal amount, LocalDate dueDate) {
        Contract c = registry.contract(caller, contractNo);
        if (dueDate.isBefore(clock.today())) {
            throw new ValidationFailed("dueDate", "must not be in the past");
        }
        lockAccount(c.projectId);
        String status = sql.one("SELECT status FROM contract WHERE id = :id FOR UPDATE", r -> r.getString("status"), "id", c.id);
        if (Contract.Status.CANCELLED.name().equals(status)) {
            throw new Conflict("Contract " + contractNo + " is cancelled");
        }
        BigDecimal owed = sql.one("""
                SELECT :part - (SELECT coalesce(sum(b.amount), 0) FROM buyer_credit b WHERE b.project_id = :p AND b.contract_id = :c)
                       - (SELECT coalesce(sum(greatest(n.amount - n.paid_amount, 0)), 0) FROM payment_notice n
                          WHERE n.contract_id = :c AND n.status = 'ISSUED') AS owed""",
                r -> r.getMoney("owed"), "part", kind == Kind.DOWN_PAYMENT ? c.downPayment : c.totalPrice, "p", c.projectId, "c", c.id);
        if (amount.compareTo(owed) > 0) {
            throw new ValidationFailed("amount", "must not exceed what the buyer still owes for " + kind + " after the money in "
                    + "and the other unpaid notices: " + owed.max(BigDecimal.ZERO).setScale(2).toPlainString());
        }
        String noticeNo = sql.one("""
                INSERT INTO payment_notice (notice_no, contract_id, project_id, kind, amount, status, due_date, issued_at, issued_by)
                VALUES ('JK' || to_char(CAST(:today AS date), 'YYYYMMDD') || '-' || lpad(CAST(nextval('payment_notice_no_seq') AS text), 6, '0'),
                        :c, :p, :kind, :amount, 'ISSUED', :due, :now, :by)
                RETURNING notice_no""", r -> r.getString("notice_no"),
                "today", clock.today(), "c", c.id, "p", c.projectId, "kind", kind, "amount", amount,
                "due", dueDate, "now", clock.now(), "by", caller.actor());
        audit.record(caller.actor(), AuditAction.PAYMENT_NOTICE_ISSUED, "payment-notice:" + noticeNo, c.projectId,
                details("contractNo", contractNo, "kind", kind.name(), "amount", amount.toPlainString(), "dueDate", dueDate.toString()));
        return view(noticeNo);
    }

    /** Cancels an unpaid notice (409 once paid or cancelled); money it already took stays the contract's. */
    @Transactional
    public NoticeView cancel(Caller caller, String noticeNo, String reason) {
        NoticeView n = visible(caller, noticeNo);
        lockAccount(n.projectId());
        String status = sql.one("SELECT status FROM payment_notice WHERE notice_no = :no FOR UPDATE", r -> r.getString("status"),
                "no", noticeNo);
        if (!"ISSUED".equals(status)) {
            throw new Conflict("Payment notice " + noticeNo + " is " + status + ": only an ISSUED notice can be cancelled");
        }
        sql.update("""
                UPDATE payment_notice SET status = 'CANCELLED', cancelled_at = :now, cancelled_by = :by, cancel_reason = :reason
                WHERE notice_no = :no""", "now", clock.now(), "by", caller.actor(), "reason", reason, "no", noticeNo);
        audit.record(caller.actor(), AuditAction.PAYMENT_NOTICE_CANCELLED, "payment-notice:" + noticeNo, n.projectId(),
                details("contractNo", n.contractNo(), "reason", reason, "paidAmount", n.paidAmount().toPlainString()));
        return view(noticeNo);
    }

    /** A notice the caller may see, else 404 (another enterprise's or division's answers as an unknown one). */
    public NoticeView visible(Caller caller, String noticeNo) {
        NoticeView n = view(noticeNo);
        if (n == null) {
            throw new NotFound("Payment notice " + noticeNo);
        }
        registry.requireVisible(caller, n.projectId(), () -> new NotFound("Payment notice " + noticeNo));
        return n;
    }

    public List<NoticeView> ofContract(Caller caller, String contractNo) {
        Contract c = registry.contract(caller, contractNo);
        return sql.list(VIEW + " WHERE n.contract_id = :c ORDER BY n.issued_at, n.id", this::toView, "c", c.id);
    }

    public List<NoticeView> ofProject(Caller caller, long projectId, String status) {
        registry.project(caller, projectId);
        return sql.list(VIEW + " WHERE n.project_id = :p AND (CAST(:status AS text) IS NULL OR n.status = :status) "
                + "ORDER BY n.issued_at DESC, n.id DESC", this::toView, "p", projectId, "status", status);
    }

    /** What the supervising bank checks before taking buyer money: only for the bank holding the notice's account, else 404. */
    public NoticeView forBank(Caller bank, String noticeNo) {
        NoticeView n = view(noticeNo);
        String holder = n == null ? null : sql.one("SELECT bank_code FROM supervised_account WHERE project_id = :p",
                r -> r.getString("bank_code"), "p", n.projectId());
        if (n == null || !bank.bankCode().equals(holder)) {
            throw new NotFound("Payment notice " + noticeNo);
        }
        return n;
    }

    NoticeView view(String noticeNo) {
        return sql.one(VIEW + " WHERE n.notice_no = :no", this::toView, "no", noticeNo);
    }

    private void lockAccount(long projectId) {
        Long locked = sql.one("SELECT project_id FROM supervised_account WHERE project_id = :p FOR UPDATE",
                r -> r.getLong("project_id"), "p", projectId);
        if (locked == null) {
            throw new Conflict("Project " + projectId + " has no supervised account to pay into yet");
        }
    }

    private NoticeView toView(Row r) throws SQLException {
        return new NoticeView(r.getString("notice_no"), r.getString("contract_no"), r.getLong("project_id"), r.getString("account_no"),
                Kind.valueOf(r.getString("kind")), r.getMoney("amount"), r.getMoney("paid_amount"), r.getMoney("amount_due"),
                r.getString("status"), r.getLocalDate("due_date"), clock.inZone(r.getInstant("issued_at")), r.getString("issued_by"),
                clock.inZone(r.getInstant("paid_at")), clock.inZone(r.getInstant("cancelled_at")), r.getString("cancel_reason"));
    }
}

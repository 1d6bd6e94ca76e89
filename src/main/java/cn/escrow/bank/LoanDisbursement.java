package cn.escrow.bank;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A lender's notice (a bank, or a provident fund centre) that it disbursed a mortgage loan for a contract;
 * {@code bankCode} is the lender. The money must be booked into the project's supervised account before
 * {@code dueAt}; {@code overdueAt} and {@code fundsArrivedAt} keep the history even after late money settles
 * it, and a notice that will never be paid ends WITHDRAWN. Written in SQL by {@link DisbursementPushService},
 * {@link BankPushService}, the overdue sweep and {@code cn.escrow.loans.LoanNoticeService}.
 */
@Entity
@Table(name = "loan_disbursement")
public class LoanDisbursement {

    @Schema(name = "DisbursementStatus")
    public enum Status { AWAITING_FUNDS, FUNDS_ARRIVED, OVERDUE, WITHDRAWN }

    @Id
    public Long id;

    @Column(name = "bank_code")
    public String bankCode;

    @Column(name = "serial_no")
    public String serialNo;

    @Column(name = "contract_id")
    public Long contractId;

    @Column(name = "project_id")
    public Long projectId;

    @Column(precision = 14, scale = 2)
    public BigDecimal amount;

    @Column(name = "loan_type")
    public String loanType;

    @Column(name = "disbursed_at")
    public Instant disbursedAt;

    @Column(name = "received_at")
    public Instant receivedAt;

    @Column(name = "due_at")
    public Instant dueAt;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "matched_amount", precision = 14, scale = 2)
    public BigDecimal matchedAmount;

    @Column(name = "overdue_at")
    public Instant overdueAt;

    @Column(name = "funds_arrived_at")
    public Instant fundsArrivedAt;

    @Column(name = "withdrawn_at")
    public Instant withdrawnAt;

    @Column(name = "withdrawn_by")
    public String withdrawnBy;

    @Column(name = "withdrawal_reason")
    public String withdrawalReason;

    @Column(name = "latest_credit_booked_at")
    public Instant latestCreditBookedAt;

    @Column(name = "warned_at")
    public Instant warnedAt;

    @Column(name = "content_hash", columnDefinition = "bpchar(64)")
    public String contentHash;
}

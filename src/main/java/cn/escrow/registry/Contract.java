package cn.escrow.registry;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A buyer's filed purchase contract for one unit, with how the price is paid. */
@Entity
@Table(name = "contract")
public class Contract {

    @Schema(name = "LoanType")
    public enum LoanType { NONE, COMMERCIAL, PROVIDENT_FUND, COMBINED }

    @Schema(name = "ContractStatus")
    public enum Status { PENDING_FUNDS, FILED, CANCELLED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "project_id", nullable = false)
    public Long projectId;

    @Column(name = "contract_no", nullable = false, unique = true)
    public String contractNo;

    @Column(name = "unit_no", nullable = false)
    public String unitNo;

    @Column(name = "buyer_name", nullable = false)
    public String buyerName;

    /** The buyer's ID number, encrypted ({@link BuyerIds}); never in clear in this row. */
    @Column(name = "buyer_id_enc")
    public String buyerIdEnc;

    /** First 6 and last 4 characters, what every response shows. */
    @Column(name = "buyer_id_masked")
    public String buyerIdMasked;

    /** Keyed hash of contract number and last 6 ID characters, for the buyers' self-check. */
    @Column(name = "buyer_lookup_mac")
    public byte[] buyerLookupMac;

    @Column(name = "total_price", nullable = false, precision = 14, scale = 2)
    public BigDecimal totalPrice;

    @Column(name = "down_payment", nullable = false, precision = 14, scale = 2)
    public BigDecimal downPayment;

    @Column(name = "loan_amount", nullable = false, precision = 14, scale = 2)
    public BigDecimal loanAmount;

    @Enumerated(EnumType.STRING)
    @Column(name = "loan_type", nullable = false)
    public LoanType loanType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Owed to the buyer once the contract is cancelled; REFUND debits naming the contract add to {@link #refunded}. */
    @Column(name = "refund_due", nullable = false, precision = 14, scale = 2)
    public BigDecimal refundDue = BigDecimal.ZERO.setScale(2);

    @Column(name = "refunded", nullable = false, precision = 14, scale = 2)
    public BigDecimal refunded = BigDecimal.ZERO.setScale(2);

    @Column(name = "cancelled_at")
    public Instant cancelledAt;

    @Column(name = "cancelled_by")
    public String cancelledBy;

    @Column(name = "cancel_reason")
    public String cancelReason;
}

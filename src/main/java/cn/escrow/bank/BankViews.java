package cn.escrow.bank;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the API shows of pushed records. */
public final class BankViews {

    private BankViews() {
    }

    /** A loan notice as it stands. */
    public record DisbursementView(long id, String serialNo, String contractNo, String accountNo, BigDecimal amount,
                                   String loanType, OffsetDateTime disbursedAt, OffsetDateTime receivedAt,
                                   OffsetDateTime dueAt, LoanDisbursement.Status status,
                                   @Schema(description = "The lender: institution code of the bank or provident fund centre that pushed the notice")
                                   String lenderCode,
                                   @Schema(description = "Loan credits matched to the notice so far") BigDecimal matchedAmount,
                                   @Schema(description = "True when the money is late by booking time: the notice is OVERDUE, or its "
                                           + "credits reached its amount only with one booked at or after dueAt")
                                   boolean lateArrival,
                                   @Schema(description = "Same as lenderCode (the version 1 name)") String bankCode,
                                   long projectId,
                                   @JsonInclude(JsonInclude.Include.ALWAYS) OffsetDateTime overdueAt,
                                   @Schema(description = "Booking time of the credit that completed the amount")
                                   @JsonInclude(JsonInclude.Include.ALWAYS) OffsetDateTime fundsArrivedAt,
                                   @JsonInclude(JsonInclude.Include.ALWAYS) OffsetDateTime withdrawnAt,
                                   @JsonInclude(JsonInclude.Include.ALWAYS) String withdrawalReason) {
    }

    /** The notice a loan credit was matched to. */
    public record MatchedDisbursement(String serialNo, LoanDisbursement.Status status, String lenderCode) {
    }

    public record TransactionView(long id, String serialNo, String accountNo, String direction, BigDecimal amount,
                                  String purpose, OffsetDateTime bookedAt, BigDecimal balanceAfter,
                                  @JsonInclude(JsonInclude.Include.ALWAYS) MatchedDisbursement matchedDisbursement,
                                  String contractNo, String disbursementSerialNo,
                                  @Schema(description = "The lender of the notice named by disbursementSerialNo (default: the pushing bank)")
                                  String lenderCode,
                                  String counterpartyName, String counterpartyAccountNo, String reversesSerialNo,
                                  String releaseNo,
                                  @Schema(description = "The payment notice (缴款通知书) this credit pays, when the bank named one")
                                  String paymentNoticeNo) {
    }

    /** A push's result: the resource as it stands, and whether this call created it (201) or replayed it (200). */
    public record Outcome<T>(T view, boolean created) {
    }
}

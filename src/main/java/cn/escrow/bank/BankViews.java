package cn.escrow.bank;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** What the API shows of pushed records. */
public final class BankViews {

    private BankViews() {
    }

    public record DisbursementView(long id, String serialNo, String contractNo, String accountNo, BigDecimal amount,
                                   String loanType, OffsetDateTime disbursedAt, OffsetDateTime receivedAt,
                                   OffsetDateTime dueAt, LoanDisbursement.Status status, String bankCode,
                                   long projectId, BigDecimal matchedAmount,
                                   @JsonInclude(JsonInclude.Include.ALWAYS) OffsetDateTime overdueAt,
                                   @JsonInclude(JsonInclude.Include.ALWAYS) OffsetDateTime fundsArrivedAt) {
    }

    public record MatchedDisbursement(String serialNo, LoanDisbursement.Status status) {
    }

    public record TransactionView(long id, String serialNo, String accountNo, String direction, BigDecimal amount,
                                  String purpose, OffsetDateTime bookedAt, BigDecimal balanceAfter,
                                  @JsonInclude(JsonInclude.Include.ALWAYS) MatchedDisbursement matchedDisbursement,
                                  String contractNo, String disbursementSerialNo, String counterpartyName,
                                  String counterpartyAccountNo, String reversesSerialNo, String releaseNo) {
    }

    /** A push's result: the resource as it stands, and whether this call created it (201) or replayed it (200). */
    public record Outcome<T>(T view, boolean created) {
    }
}

package cn.escrow.bank;

import cn.escrow.platform.validation.AccountNo;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.validation.Amount;
import cn.escrow.platform.validation.BankCode;
import cn.escrow.platform.validation.BusinessKey;
import cn.escrow.platform.validation.Name;
import cn.escrow.platform.validation.SerialNo;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The bodies banks (and, for loan notices, provident fund centres) push, as validated records, and their content fingerprints for idempotency. */
public final class BankPushes {

    private BankPushes() {
    }

    public enum Direction { CREDIT, DEBIT }

    public enum Purpose { DEPOSIT, DOWN_PAYMENT, FULL_PAYMENT, LOAN, PROVIDENT_FUND_LOAN, INTEREST, RELEASE, REFUND, OTHER }

    @Schema(name = "DisbursementLoanType")
    public enum LoanType { COMMERCIAL, PROVIDENT_FUND }

    @Schema(description = "A lender's notice (a bank, or a provident fund centre for PROVIDENT_FUND loans) that it disbursed a "
            + "mortgage loan for a contract into the project's supervised account")
    public record LoanDisbursementPush(
            @NotNull @SerialNo String serialNo,
            @NotNull @BusinessKey String contractNo,
            @NotNull @AccountNo String accountNo,
            @NotNull @Amount @Schema(type = SchemaType.STRING, example = "700000.00") BigDecimal amount,
            @NotNull LoanType loanType,
            @NotNull @Schema(example = "2026-11-01T10:00:00+08:00") OffsetDateTime disbursedAt) {

        /** Fingerprint of the content: a repeat with the same serial must have the same one. */
        String fingerprint() {
            return sha256(String.join("\u0001", serialNo, contractNo, accountNo, amount.setScale(2).toPlainString(),
                    loanType.name(), String.valueOf(disbursedAt.toInstant())));
        }
    }

    @Schema(description = "One movement on a supervised account")
    public record AccountTransactionPush(
            @NotNull @SerialNo String serialNo,
            @NotNull @AccountNo String accountNo,
            @NotNull Direction direction,
            @NotNull @Amount @Schema(type = SchemaType.STRING, example = "700000.00") BigDecimal amount,
            @NotNull Purpose purpose,
            @NotNull @Schema(example = "2026-11-01T10:00:00+08:00") OffsetDateTime bookedAt,
            @BusinessKey String contractNo,
            @SerialNo String disbursementSerialNo,
            @Schema(description = "The lender of the notice named by disbursementSerialNo, when it is not the pushing bank "
                    + "(another bank, or a provident fund centre); only with disbursementSerialNo")
            @BankCode String lenderCode,
            @Name String counterpartyName,
            @Pattern(regexp = "^[0-9A-Za-z-]{1,64}$", message = "must be 1-64 characters of 0-9 A-Z a-z -") String counterpartyAccountNo,
            @SerialNo String reversesSerialNo,
            @Pattern(regexp = "^CNY$", message = "must be CNY") String currency,
            @Schema(description = "For a RELEASE debit: the approved release it executes")
            @Pattern(regexp = "^[A-Z0-9-]{1,32}$", message = "must be 1-32 characters of A-Z 0-9 -") String releaseNo,
            @Schema(description = "For a buyer-money CREDIT (DEPOSIT, DOWN_PAYMENT, FULL_PAYMENT): the payment notice (缴款通知书) "
                    + "it pays, as the bank verified it (GET /bank/payment-notices/{noticeNo}); optional")
            @Pattern(regexp = "^[A-Z0-9-]{1,32}$", message = "must be 1-32 characters of A-Z 0-9 -") String paymentNoticeNo) {

        /** Buyers' own money coming in: a deposit, a down payment or the full price. */
        boolean isBuyerMoney() {
            return direction == Direction.CREDIT && reversesSerialNo == null
                    && (purpose == Purpose.DEPOSIT || purpose == Purpose.DOWN_PAYMENT || purpose == Purpose.FULL_PAYMENT);
        }

        boolean isLoanCredit() {
            return direction == Direction.CREDIT && reversesSerialNo == null
                    && (purpose == Purpose.LOAN || purpose == Purpose.PROVIDENT_FUND_LOAN);
        }

        /** The lender of the named notice: the one given, else the pushing bank; null without a serial. */
        String namedLender(String pushingBank) {
            return disbursementSerialNo == null ? null : lenderCode != null ? lenderCode : pushingBank;
        }

        /** A lender names a notice only together with its serial. */
        void checkLender() {
            if (lenderCode != null && disbursementSerialNo == null) {
                throw new ValidationFailed("lenderCode", "is only given together with disbursementSerialNo");
            }
        }

        BigDecimal signedAmount() {
            return direction == Direction.CREDIT ? amount : amount.negate();
        }

        String fingerprint() {
            return sha256(String.join("\u0001", serialNo, accountNo, direction.name(), amount.setScale(2).toPlainString(),
                    purpose.name(), String.valueOf(bookedAt.toInstant()), String.valueOf(contractNo),
                    String.valueOf(disbursementSerialNo), String.valueOf(counterpartyName),
                    String.valueOf(counterpartyAccountNo), String.valueOf(reversesSerialNo))
                    + (releaseNo == null ? "" : "\u0001release=" + releaseNo)
                    + (lenderCode == null ? "" : "\u0001lender=" + lenderCode)
                    + (paymentNoticeNo == null ? "" : "\u0001notice=" + paymentNoticeNo));
        }
    }

    /** Lowercase hex SHA-256 of the UTF-8 text: the content fingerprint of a push. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package cn.escrow.reconciliation;

import cn.escrow.bank.BankPushes;
import cn.escrow.platform.validation.AccountNo;
import cn.escrow.platform.validation.AmountOrZero;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A bank's end-of-day figures for one supervised account and one service-zone date. */
@Schema(description = "A bank's end-of-day figures for a supervised account")
public record DailyBalancePush(
        @NotNull @AccountNo String accountNo,
        @NotNull @Pattern(regexp = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", message = "must be a date yyyy-MM-dd")
        @Schema(example = "2026-11-01", description = "The day closed, in the service zone (escrow.zone)") String date,
        @NotNull @AmountOrZero
        @Schema(type = SchemaType.STRING, example = "1250000.00", description = "The bank's closing balance, >= 0") BigDecimal closingBalance,
        @NotNull @Min(value = 0, message = "must be >= 0") @Max(value = 1_000_000, message = "must be <= 1000000")
        @Schema(description = "How many entries the bank booked on that date") Integer entryCount,
        @Pattern(regexp = "^CNY$", message = "must be CNY") String currency) {

    /** Fingerprint of the content: a repeat for the same account and date must have the same one. */
    String fingerprint() {
        return BankPushes.sha256(String.join("\u0001", accountNo, date, closingBalance.setScale(2).toPlainString(),
                String.valueOf(entryCount)));
    }
}

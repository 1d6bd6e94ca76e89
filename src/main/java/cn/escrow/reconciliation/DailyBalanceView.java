package cn.escrow.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A day's reconciliation: the bank's figures beside ours, computed when the bank's figures arrived. */
public record DailyBalanceView(String accountNo, long projectId, String bankCode,
                               @Schema(example = "2026-11-01") LocalDate date,
                               BigDecimal closingBalance, int entryCount,
                               @Schema(description = "Sum of the account's entries booked before the next day began (service zone)")
                               BigDecimal ownClosingBalance,
                               @Schema(description = "Entries booked on the date (service zone)") int ownEntryCount,
                               boolean matches, OffsetDateTime receivedAt,
                               @Schema(description = "1 for the first statement of the day; each correction by the bank adds one")
                               int version,
                               @Schema(description = "False for a version a later correction replaced") boolean current,
                               @Schema(description = "When a late entry last re-checked this day's figures (null: never)")
                               OffsetDateTime recheckedAt) {
}

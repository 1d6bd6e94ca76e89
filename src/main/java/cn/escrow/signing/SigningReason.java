package cn.escrow.signing;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * Why a project's online signing is disabled: an overdue loan disbursement
 * ({@code OVERDUE_LOAN_FUNDS}) or a supervisor's lock ({@code MANUAL}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningReason(String kind, String serialNo, String contractNo, BigDecimal amount, OffsetDateTime dueAt,
                            Long lockId, String reason, String lockedBy, OffsetDateTime lockedAt) {

    public static SigningReason overdue(String serialNo, String contractNo, BigDecimal amount, OffsetDateTime dueAt) {
        return new SigningReason("OVERDUE_LOAN_FUNDS", serialNo, contractNo, amount, dueAt, null, null, null, null);
    }

    public static SigningReason manual(long lockId, String reason, String lockedBy, OffsetDateTime lockedAt) {
        return new SigningReason("MANUAL", null, null, null, null, lockId, reason, lockedBy, lockedAt);
    }
}

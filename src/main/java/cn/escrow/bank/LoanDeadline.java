package cn.escrow.bank;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The 30-day rule's deadline: the loan money must be in the supervised account by the end of the
 * {@code deadlineDays}-th day after the push date (the service-zone date the bank pushed the
 * disbursement), so it is due at the start of the day after.
 */
public final class LoanDeadline {

    private LoanDeadline() {
    }

    public static Instant dueAt(Instant receivedAt, ZoneId zone, int deadlineDays) {
        return receivedAt.atZone(zone).toLocalDate().plusDays(deadlineDays + 1L).atStartOfDay(zone).toInstant();
    }
}

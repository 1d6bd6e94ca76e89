package cn.escrow.platform;

import cn.escrow.platform.error.ValidationFailed;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** A time given as a query parameter: ISO-8601 with an offset (a '+' sent unencoded arrives as a space). */
public final class TimeParam {

    private TimeParam() {
    }

    /** The instant, null for null; 400 validation-failed naming {@code field} when it does not parse. */
    public static Instant parse(String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.replace(' ', '+')).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValidationFailed(field, "must be an ISO-8601 time with an offset, e.g. 2026-11-01T10:00:00+08:00");
        }
    }
}

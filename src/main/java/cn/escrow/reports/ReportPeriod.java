package cn.escrow.reports;

import cn.escrow.platform.error.ValidationFailed;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The reporting rhythm of the bureau: a weekly bulletin (周通报, Monday to Sunday), a half-monthly
 * report (半月专报, the 1st-15th and the 16th-end of month) and a monthly report (月上报). Periods are
 * dates in the service zone; {@code end} is exclusive.
 */
public record ReportPeriod(Kind kind, LocalDate start, LocalDate end) {

    @Schema(name = "ReportKind")
    public enum Kind { WEEKLY, HALF_MONTHLY, MONTHLY }

    /** The period named on the wire by its kind and first day (yyyy-MM-dd); 400 for an unknown kind or a date that starts none. */
    public static ReportPeriod parse(String kind, String periodStart) {
        Kind k;
        try {
            k = Kind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new ValidationFailed("kind", "must be WEEKLY, HALF_MONTHLY or MONTHLY");
        }
        if (periodStart == null) {
            throw new ValidationFailed("periodStart", "is required (yyyy-MM-dd)");
        }
        try {
            return starting(k, LocalDate.parse(periodStart));
        } catch (java.time.format.DateTimeParseException e) {
            throw new ValidationFailed("periodStart", "must be a date, yyyy-MM-dd");
        }
    }

    /** The period of {@code kind} that starts on {@code start}; 400 when no period starts on that date. */
    public static ReportPeriod starting(Kind kind, LocalDate start) {
        ReportPeriod period = containing(kind, start);
        if (!period.start().equals(start)) {
            throw new ValidationFailed("periodStart", kind + " periods start on " + period.start() + ", not " + start);
        }
        return period;
    }

    /** The period of {@code kind} that contains {@code day}. */
    public static ReportPeriod containing(Kind kind, LocalDate day) {
        return switch (kind) {
            case WEEKLY -> {
                LocalDate monday = day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                yield new ReportPeriod(kind, monday, monday.plusWeeks(1));
            }
            case HALF_MONTHLY -> day.getDayOfMonth() <= 15
                    ? new ReportPeriod(kind, day.withDayOfMonth(1), day.withDayOfMonth(16))
                    : new ReportPeriod(kind, day.withDayOfMonth(16), day.withDayOfMonth(1).plusMonths(1));
            case MONTHLY -> new ReportPeriod(kind, day.withDayOfMonth(1), day.withDayOfMonth(1).plusMonths(1));
        };
    }

    /** The last period of {@code kind} that has ended by {@code today}. */
    public static ReportPeriod lastClosed(Kind kind, LocalDate today) {
        return containing(kind, containing(kind, today).start().minusDays(1));
    }

    public Instant startInstant(ZoneId zone) {
        return start.atStartOfDay(zone).toInstant();
    }

    public Instant endInstant(ZoneId zone) {
        return end.atStartOfDay(zone).toInstant();
    }

    /** True once the period is over at {@code now}. */
    public boolean isClosed(Instant now, ZoneId zone) {
        return !now.isBefore(endInstant(zone));
    }
}

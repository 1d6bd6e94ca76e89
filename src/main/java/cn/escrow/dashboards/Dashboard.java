package cn.escrow.dashboards;

import cn.escrow.reports.ReportPeriod;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Dashboard figures of a period: the total of the caller's divisions (or of one division) and each county's, every
 * section a list of points with the same labels whatever the data, so that a page draws them directly.
 */
public record Dashboard(ReportPeriod.Kind kind, LocalDate periodStart, LocalDate periodEnd,
                        @Schema(description = "The division asked for; null: the caller's divisions (the whole system for staff not limited to divisions)")
                        String division,
                        OffsetDateTime generatedAt, boolean published,
                        @Schema(description = "The published version read (1 the first publication, then each corrected republication); null when computed now")
                        Integer version,
                        OffsetDateTime publishedAt, String publishedBy,
                        @Schema(description = "Why this version corrects the previous one; null for the first publication")
                        String correction,
                        Figures total, List<DivisionFigures> divisions) {

    /** The sections; in each, one point per label, in a fixed order. */
    public record Figures(
            @Schema(description = "GREEN, YELLOW, ORANGE, RED: projects at that risk level at the end (count) and their balance (value)")
            List<Point> projectsByLevel,
            @Schema(description = "balanceAtEnd, keyAmountAtEnd, remainingKeyAtEnd, shortfallAtEnd: projects concerned (count), money (value)")
            List<Point> balances,
            @Schema(description = "Credits booked in the period by purpose (reversals excluded): how many and how much")
            List<Point> inflowsByPurpose,
            @Schema(description = "approved, executed: releases decided and paid in the period")
            List<Point> releases,
            @Schema(description = "becameOverdue (in the period), overdueAtEnd: loan notices and their amount")
            List<Point> overdueNotices,
            @Schema(description = "lockedDays: projects whose online signing was off in the period (count) and the days it was off, summed (value)")
            List<Point> signingLocked) {
    }

    /** One county's figures. */
    public record DivisionFigures(String division, Figures figures) {
    }

    /** One point of a section: a stable label, a count and a value (money, or days for signingLocked), 2 decimals. */
    public record Point(String label, long count, BigDecimal value) {
    }
}

package cn.escrow.reports;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A periodic report for the county (all projects) or one project. Money figures are strings with
 * 2 decimals on the wire; "at end" figures are as of the period's end in the service zone.
 */
public record Report(ReportPeriod.Kind kind, LocalDate periodStart, LocalDate periodEnd, Long projectId,
                     OffsetDateTime generatedAt, boolean published,
                     List<PurposeLine> moneyIn, Figure reversals, Releases releases, Figure refunds,
                     List<BalanceLine> balances, List<BankLine> disbursements, Locks signingLocks,
                     List<AlertLine> openAlertsAtEnd, Oversight oversight) {

    /** A count and its amount. */
    public record Figure(long count, BigDecimal amount) {
    }

    /** Credits booked in the period, by purpose (reversals excluded). */
    public record PurposeLine(String purpose, long count, BigDecimal amount) {
    }

    /** Releases decided (approved) and paid by the bank (executed) in the period. */
    public record Releases(Figure approved, Figure executed) {
    }

    /**
     * A project's balance by booking date and its key amount at the end of the period, where its supervised life stood
     * then (SUPERVISED, COMPLETED, FIRST_REGISTERED, ENDED) and the bank guarantees then standing in for key money.
     */
    public record BalanceLine(long projectId, String projectName, String accountNo, BigDecimal balanceAtEnd,
                              BigDecimal keyAmountAtEnd, BigDecimal shortfallAtEnd,
                              @Schema(description = "SUPERVISED, COMPLETED (completion filing), FIRST_REGISTERED or ENDED at the period's end")
                              String supervisionAtEnd,
                              @Schema(description = "Bank guarantees (保函) in force at the period's end") BigDecimal guaranteedAtEnd) {
    }

    /** Loan disbursements by bank: pushed in the period, still awaiting and overdue at its end, late money that came in it. */
    public record BankLine(String bankCode, Figure received, Figure awaitingAtEnd, Figure becameOverdue, Figure overdueAtEnd,
                           Figure lateArrived) {
    }

    /** Manual signing locks: put on and lifted in the period, and in force at its end. */
    public record Locks(long created, long lifted, long activeAtEnd) {
    }

    /** Alerts not closed at the end of the period, by kind and severity. */
    public record AlertLine(String kind, String severity, long count) {
    }

    /** Spot checks and rectification notices of the period, and the blacklist changes in it. */
    public record Oversight(long spotChecks, long rectificationsIssued, long rectificationsClosed, long rectificationsOverdue,
                            List<BlacklistChange> blacklistChanges) {
    }

    /** One enterprise put on or taken off the blacklist. */
    public record BlacklistChange(long enterpriseId, String enterpriseName, String action, String source, String reason,
                                  OffsetDateTime at) {
    }
}

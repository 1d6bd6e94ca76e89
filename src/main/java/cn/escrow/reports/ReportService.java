package cn.escrow.reports;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.DivisionScope;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Reads and publishes the bureau's periodic reports: a closed period is published once, as an immutable snapshot
 * (a later data fix does not change a published report); an open one is computed on each read.
 */
@ApplicationScoped
public class ReportService {

    private final Sql sql;
    private final AdvisoryLocks locks;
    private final ReportComputation computation;
    private final EscrowClock clock;
    private final AuditLog audit;
    private final Snapshots snapshots;

    public ReportService(Sql sql, AdvisoryLocks locks, ReportComputation computation, EscrowClock clock, AuditLog audit,
                         Snapshots snapshots) {
        this.sql = sql;
        this.locks = locks;
        this.computation = computation;
        this.clock = clock;
        this.audit = audit;
        this.snapshots = snapshots;
    }

    /** A published report, as listed. */
    public record SnapshotView(String kind, LocalDate periodStart, LocalDate periodEnd, String generatedBy) {
    }

    /** The published report of a closed period (narrowed to a project if asked), else a fresh computation. */
    @Transactional
    public Report read(ReportPeriod period, Long projectId) {
        return read(Caller.system(), period, projectId, null);
    }

    /**
     * As {@link #read(ReportPeriod, Long)} for one division ({@code division}, within the caller's) or, without one,
     * for the caller's divisions: a published period then answers the snapshot's lines of those projects only
     * (its totals are the whole system's), any other period is computed for them.
     */
    @Transactional
    public Report read(Caller caller, ReportPeriod period, Long projectId, String division) {
        if (projectId != null && sql.number("SELECT count(*) FROM project WHERE id = :p", "p", projectId) == 0) {
            throw new NotFound("Project " + projectId);
        }
        if (division != null && !caller.divisions().contains(division)) {
            throw new NotFound("Division " + division);
        }
        DivisionScope scope = division != null ? DivisionScope.of(java.util.Set.of(division)) : caller.divisions();
        if (projectId != null || scope.unlimited()) {
            return published(period).map(r -> projectId == null ? r : narrow(r, List.of(projectId), projectId))
                    .orElseGet(() -> computation.compute(period, projectId));
        }
        return published(period).map(r -> narrow(r, sql.list("SELECT id FROM project WHERE division_code LIKE ANY(:divs)",
                        row -> row.getLong("id"), "divs", scope.likePatterns()), null))
                .orElseGet(() -> computation.compute(period, null, scope));
    }

    /** Publishes the report of a closed period; 409 when it is published already or not over yet. */
    @Transactional
    public Report publish(ReportPeriod period, String actor) {
        locks.acquire(AdvisoryLock.REPORT_PUBLICATION);
        if (!period.isClosed(clock.now(), clock.zone())) {
            throw new Conflict("The " + period.kind() + " period starting " + period.start() + " is not over yet");
        }
        if (published(period).isPresent()) {
            throw new Conflict("The " + period.kind() + " report starting " + period.start() + " is published already");
        }
        return store(period, actor);
    }

    /** Publishes the last closed period of every kind that is not published yet (the scheduled job); returns how many. */
    @Transactional
    public int publishDue(String actor) {
        if (!locks.tryAcquire(AdvisoryLock.REPORT_PUBLICATION)) {
            return 0;
        }
        int count = 0;
        for (ReportPeriod.Kind kind : ReportPeriod.Kind.values()) {
            ReportPeriod period = ReportPeriod.lastClosed(kind, clock.today());
            if (published(period).isEmpty()) {
                store(period, actor);
                count++;
            }
        }
        return count;
    }

    /** The published reports, newest period first (at most 500). */
    public List<SnapshotView> snapshots() {
        return snapshots.list(Snapshots.Subject.REPORT).stream()
                .map(s -> new SnapshotView(s.kind().name(), s.periodStart(), s.periodEnd(), s.publishedBy())).toList();
    }

    private Report store(ReportPeriod period, String actor) {
        Report computed = computation.compute(period, null);
        Report report = new Report(computed.kind(), computed.periodStart(), computed.periodEnd(), null, computed.generatedAt(),
                true, computed.moneyIn(), computed.reversals(), computed.releases(), computed.refunds(), computed.balances(),
                computed.disbursements(), computed.signingLocks(), computed.openAlertsAtEnd(), computed.oversight());
        snapshots.insert(Snapshots.Subject.REPORT, period, 1, actor, null, report);
        audit.record(actor, AuditAction.REPORT_PUBLISHED, "report:" + period.kind() + ":" + period.start(), null,
                details("kind", period.kind().name(), "periodStart", period.start().toString()));
        return report;
    }

    private Optional<Report> published(ReportPeriod period) {
        return snapshots.latest(Snapshots.Subject.REPORT, period).map(s -> snapshots.read(s, Report.class));
    }

    /** A published county report reduced to one project's lines (the county-wide totals are not per project). */
    private Report narrow(Report r, List<Long> projectIds, Long projectId) {
        return new Report(r.kind(), r.periodStart(), r.periodEnd(), projectId, r.generatedAt(), true, null, null, null, null,
                r.balances().stream().filter(b -> projectIds.contains(b.projectId())).toList(), null, null, null, null);
    }
}

package cn.escrow.dashboards;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.dashboards.Dashboard.DivisionFigures;
import cn.escrow.dashboards.DashboardFigures.Cell;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.db.SqlFile;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.DivisionScope;
import cn.escrow.reports.ReportPeriod;
import cn.escrow.reports.Snapshots;
import cn.escrow.reports.Snapshots.Stored;
import cn.escrow.reports.Snapshots.Subject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Computes dashboard figures ({@code sql/dashboard.sql}, one statement) and publishes them with the reports' rules: a
 * closed period's figures are frozen as a snapshot of every county, which later pushes never change; a correction is
 * published as the next version, the earlier ones staying readable.
 */
@ApplicationScoped
public class DashboardService {

    static final String FIGURES = SqlFile.load("dashboard.sql").get("figures");

    /** A published version, as listed. */
    @org.eclipse.microprofile.openapi.annotations.media.Schema(name = "DashboardSnapshot")
    public record SnapshotView(ReportPeriod.Kind kind, java.time.LocalDate periodStart, java.time.LocalDate periodEnd, int version,
                               java.time.OffsetDateTime publishedAt, String publishedBy, String correction) {
    }

    private final Sql sql;
    private final AdvisoryLocks locks;
    private final Snapshots snapshots;
    private final EscrowClock clock;
    private final AuditLog audit;

    public DashboardService(Sql sql, AdvisoryLocks locks, Snapshots snapshots, EscrowClock clock, AuditLog audit) {
        this.sql = sql;
        this.locks = locks;
        this.snapshots = snapshots;
        this.clock = clock;
        this.audit = audit;
    }

    /**
     * The figures of one division ({@code division}, within the caller's; 404 otherwise) or of the caller's divisions:
     * the published version of the period ({@code version}, else the newest) narrowed to them, else computed now.
     */
    @Transactional
    public Dashboard read(Caller caller, ReportPeriod period, String division, Integer version) {
        if (division != null && !caller.divisions().contains(division)) {
            throw new NotFound("Division " + division);
        }
        DivisionScope scope = division != null ? DivisionScope.of(Set.of(division)) : caller.divisions();
        Optional<Stored> stored = version == null ? snapshots.latest(Subject.DASHBOARD, period)
                : snapshots.version(Subject.DASHBOARD, period, version);
        if (version != null && stored.isEmpty()) {
            throw new NotFound("Version " + version + " of the " + period.kind() + " dashboard starting " + period.start());
        }
        return stored.map(s -> narrow(snapshots.read(s, Dashboard.class), scope, division))
                .orElseGet(() -> compute(period, scope, division));
    }

    /** Publishes a closed period's figures as version 1; 409 when published already or not over yet. */
    @Transactional
    public Dashboard publish(ReportPeriod period, String actor) {
        locks.acquire(AdvisoryLock.REPORT_PUBLICATION);
        closed(period);
        if (snapshots.latest(Subject.DASHBOARD, period).isPresent()) {
            throw new Conflict("The " + period.kind() + " dashboard starting " + period.start()
                    + " is published already; a correction is a new version");
        }
        return store(period, 1, actor, null);
    }

    /** Publishes corrected figures of a published period as its next version; 409 when it was never published. */
    @Transactional
    public Dashboard republish(ReportPeriod period, String actor, String reason) {
        locks.acquire(AdvisoryLock.REPORT_PUBLICATION);
        closed(period);
        int last = snapshots.latest(Subject.DASHBOARD, period).map(Stored::version).orElseThrow(() -> new Conflict(
                "The " + period.kind() + " dashboard starting " + period.start() + " is not published yet; publish it first"));
        return store(period, last + 1, actor, reason);
    }

    /** The published versions, newest period first (at most 500). */
    public List<SnapshotView> snapshots() {
        return snapshots.list(Subject.DASHBOARD).stream().map(s -> new SnapshotView(s.kind(), s.periodStart(), s.periodEnd(),
                s.version(), s.publishedAt(), s.publishedBy(), s.reason())).toList();
    }

    /** The figures computed now from the ledger for the projects in {@code scope}. */
    Dashboard compute(ReportPeriod period, DivisionScope scope, String division) {
        List<Cell> cells = sql.list(FIGURES, r -> new Cell(r.getString("division_code"), r.getString("section"),
                        r.getString("label"), r.getLong("n"), r.getBigDecimal("amount")),
                "divs", scope.sqlPatterns(), "s", period.startInstant(clock.zone()), "e", period.endInstant(clock.zone()),
                "now", clock.now());
        List<DivisionFigures> divisions = DashboardFigures.byDivision(cells);
        return new Dashboard(period.kind(), period.start(), period.end(), division, clock.inZone(clock.now()), false, null, null,
                null, null, DashboardFigures.total(divisions), divisions);
    }

    private void closed(ReportPeriod period) {
        if (!period.isClosed(clock.now(), clock.zone())) {
            throw new Conflict("The " + period.kind() + " period starting " + period.start() + " is not over yet");
        }
    }

    private Dashboard store(ReportPeriod period, int version, String actor, String reason) {
        Dashboard c = compute(period, DivisionScope.ALL, null);
        Dashboard published = new Dashboard(c.kind(), c.periodStart(), c.periodEnd(), null, c.generatedAt(), true, version,
                clock.inZone(clock.now()), actor, reason, c.total(), c.divisions());
        snapshots.insert(Subject.DASHBOARD, period, version, actor, reason, published);
        audit.record(actor, version == 1 ? AuditAction.DASHBOARD_PUBLISHED : AuditAction.DASHBOARD_REPUBLISHED,
                "dashboard:" + period.kind() + ":" + period.start() + ":v" + version, null,
                details("kind", period.kind().name(), "periodStart", period.start().toString(), "version", String.valueOf(version)));
        return published;
    }

    /** A published snapshot (every county) reduced to the counties of {@code scope}, its total theirs. */
    private static Dashboard narrow(Dashboard d, DivisionScope scope, String division) {
        List<DivisionFigures> mine = d.divisions().stream().filter(f -> scope.covers(f.division())).toList();
        return new Dashboard(d.kind(), d.periodStart(), d.periodEnd(), division, d.generatedAt(), true, d.version(),
                d.publishedAt(), d.publishedBy(), d.correction(), DashboardFigures.total(mine), mine);
    }
}

package cn.escrow.alerts;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Pages of alerts for supervisors, newest first, with their filters. */
@ApplicationScoped
public class AlertList {

    private final Sql sql;
    private final EscrowClock clock;

    public AlertList(Sql sql, EscrowClock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** The filters of the list; any may be null ({@code open}: true for not closed, false for closed). */
    public record Filter(Long projectId, AlertService.Kind kind, AlertService.Severity severity, Boolean open) {
    }

    /** A page of alerts and the total they were taken from. */
    public record Page(List<AlertView> items, long total) {
    }

    public record AlertView(long id, Long projectId, AlertService.Kind kind, AlertService.Severity severity, String status,
                            String subject, String detail, OffsetDateTime raisedAt, String raisedBy,
                            String acknowledgedBy, OffsetDateTime acknowledgedAt, String acknowledgeNote,
                            String closedBy, OffsetDateTime closedAt, String closeNote) {
    }

    /** A page of the alerts the caller may see: a person limited to divisions sees only their projects' alerts. */
    public Page page(Caller caller, Filter f, PageRequest paging) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (!caller.divisions().unlimited()) {
            where.append(" AND project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divisions))");
            params.addAll(List.of("divisions", caller.divisions().likePatterns()));
        }
        if (f.projectId() != null) {
            where.append(" AND project_id = :p");
            params.addAll(List.of("p", f.projectId()));
        }
        if (f.kind() != null) {
            where.append(" AND kind = :kind");
            params.addAll(List.of("kind", f.kind().name()));
        }
        if (f.severity() != null) {
            where.append(" AND severity = :severity");
            params.addAll(List.of("severity", f.severity().name()));
        }
        if (f.open() != null) {
            where.append(f.open() ? " AND status <> 'CLOSED'" : " AND status = 'CLOSED'");
        }
        long total = sql.number("SELECT count(*) FROM alert" + where, params.toArray());
        params.addAll(List.of("limit", paging.size(), "offset", paging.offset()));
        List<AlertView> items = sql.list("""
                SELECT id, project_id, kind, severity, status, subject, detail, raised_at, raised_by, acknowledged_by,
                       acknowledged_at, acknowledge_note, closed_by, closed_at, close_note FROM alert""" + where
                + " ORDER BY raised_at DESC, id DESC LIMIT :limit OFFSET :offset",
                r -> new AlertView(r.getLong("id"), r.getLongOrNull("project_id"), AlertService.Kind.valueOf(r.getString("kind")),
                        AlertService.Severity.valueOf(r.getString("severity")), r.getString("status"), r.getString("subject"),
                        r.getString("detail"), clock.inZone(r.getInstant("raised_at")), r.getString("raised_by"),
                        r.getString("acknowledged_by"), clock.inZone(r.getInstant("acknowledged_at")), r.getString("acknowledge_note"),
                        r.getString("closed_by"), clock.inZone(r.getInstant("closed_at")), r.getString("close_note")),
                params.toArray());
        return new Page(items, total);
    }
}

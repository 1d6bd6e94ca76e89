package cn.escrow.oversight;

import cn.escrow.grading.GradeService;
import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Filter;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Spot checks (抽查) of a project's fund collection: recorded by supervisors, read by the bureau and the enterprise. */
@ApplicationScoped
public class SpotCheckService {

    /** Regular (planned) or surprise check. */
    @Schema(name = "SpotCheckKind")
    public enum Kind { SCHEDULED, SURPRISE }

    /** A spot check as the API shows it. */
    public record SpotCheckView(long id, long projectId, Kind kind, OffsetDateTime checkedAt, String findings, boolean compliant,
                                String recordedBy, OffsetDateTime recordedAt) {
    }

    private static final String COLUMNS = "id, project_id, kind, checked_at, findings, compliant, recorded_by, recorded_at";

    private final Sql sql;
    private final RegistryService registry;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final GradeService grades;

    public SpotCheckService(Sql sql, RegistryService registry, AuditLog audit, EscrowClock clock, GradeService grades) {
        this.grades = grades;
        this.sql = sql;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public SpotCheckView record(Caller caller, long projectId, Kind kind, OffsetDateTime checkedAt, String findings, boolean compliant) {
        long enterpriseId = registry.project(caller, projectId).enterpriseId;
        Instant now = clock.now();
        if (checkedAt.toInstant().isAfter(now)) {
            throw new ValidationFailed("checkedAt", "must not be in the future");
        }
        SpotCheckView check = sql.one("""
                INSERT INTO spot_check (project_id, kind, checked_at, findings, compliant, recorded_by, recorded_at)
                VALUES (:p, :kind, :checkedAt, :findings, :compliant, :by, :now) RETURNING\s""" + COLUMNS, this::view,
                "p", projectId, "kind", kind, "checkedAt", checkedAt.toInstant(), "findings", findings, "compliant", compliant,
                "by", caller.actor(), "now", now);
        audit.record(caller.actor(), AuditAction.SPOT_CHECK_RECORDED, "spot-check:" + check.id(), projectId,
                details("kind", kind.name(), "checkedAt", checkedAt.toString(), "compliant", compliant));
        if (!compliant) {
            grades.lower(caller.actor(), java.util.List.of(enterpriseId), "SPOT_CHECK", "spot check " + check.id() + " failed");
        }
        return check;
    }

    /** The project's spot checks, latest check first; ENTERPRISE users only for their own projects. */
    public Filter.Page<SpotCheckView> list(Caller caller, long projectId, PageRequest paging) {
        registry.project(caller, projectId);
        return Filter.where().and("project_id = :p", "p", projectId)
                .page(sql, COLUMNS, "spot_check", "checked_at DESC, id DESC", this::view, paging);
    }

    private SpotCheckView view(Row r) throws SQLException {
        return new SpotCheckView(r.getLong("id"), r.getLong("project_id"), Kind.valueOf(r.getString("kind")),
                clock.inZone(r.getInstant("checked_at")), r.getString("findings"), r.getBoolean("compliant"),
                r.getString("recorded_by"), clock.inZone(r.getInstant("recorded_at")));
    }
}

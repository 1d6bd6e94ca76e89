package cn.escrow.supervision;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.alerts.AlertService;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Whether a project's releases are suspended: by hand (a supervisor, with a reason; another lifts it) or while the
 * bank's and the service's balances disagree (an open BALANCE_MISMATCH alert). No approval while suspended, and the
 * bank sees its approved instructions as not payable.
 */
@ApplicationScoped
public class ReleaseSuspensionService {

    private final Sql sql;
    private final SupervisionService supervision;
    private final AlertService alerts;
    private final AuditLog audit;
    private final EscrowClock clock;

    public ReleaseSuspensionService(Sql sql, SupervisionService supervision, AlertService alerts, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.supervision = supervision;
        this.alerts = alerts;
        this.audit = audit;
        this.clock = clock;
    }

    /** A suspension by hand, in force while liftedAt is null. */
    public record Suspension(long id, long projectId, String reason, String suspendedBy, OffsetDateTime suspendedAt,
                             String liftedBy, OffsetDateTime liftedAt, String liftReason) {
    }

    /** Why the project's releases are suspended now, or null when they are not. */
    public String why(long projectId) {
        String reason = sql.one("SELECT reason FROM release_suspension WHERE project_id = :p AND lifted_at IS NULL",
                r -> r.getString("reason"), "p", projectId);
        if (reason != null) {
            return "Releases are suspended by the bureau: " + reason;
        }
        if (alerts.hasOpen(projectId, AlertService.Kind.BALANCE_MISMATCH)) {
            return "Releases are suspended: the bank's and the service's balances disagree (open BALANCE_MISMATCH alert)";
        }
        return null;
    }

    @Transactional
    public Suspension suspend(Caller caller, long projectId, String reason) {
        supervision.lockRow(projectId); // one decision on the project's money at a time
        Long id = sql.one("""
                INSERT INTO release_suspension (project_id, reason, suspended_by, suspended_at)
                VALUES (:p, :reason, :by, :now) ON CONFLICT (project_id) WHERE lifted_at IS NULL DO NOTHING RETURNING id""",
                r -> r.getLong("id"), "p", projectId, "reason", reason, "by", caller.actor(), "now", clock.now());
        if (id == null) {
            throw new Conflict("Releases of project " + projectId + " are already suspended");
        }
        audit.record(caller.actor(), AuditAction.RELEASES_SUSPENDED, "project:" + projectId, projectId, details("reason", reason));
        return one(id);
    }

    @Transactional
    public Suspension lift(Caller caller, long projectId, String reason) {
        supervision.lockRow(projectId);
        Suspension active = sql.one(SELECT + " WHERE project_id = :p AND lifted_at IS NULL FOR UPDATE", this::toView, "p", projectId);
        if (active == null) {
            throw new Conflict("Releases of project " + projectId + " are not suspended by hand");
        }
        FourEyes.requireSecondPerson(caller, active.suspendedBy(), "suspended these releases");
        sql.update("UPDATE release_suspension SET lifted_by = :by, lifted_at = :now, lift_reason = :reason WHERE id = :id",
                "by", caller.actor(), "now", clock.now(), "reason", reason, "id", active.id());
        audit.record(caller.actor(), AuditAction.RELEASE_SUSPENSION_LIFTED, "project:" + projectId, projectId,
                details("reason", reason, "suspendedBy", active.suspendedBy()));
        return one(active.id());
    }

    /** The project's suspensions by hand, newest first; 404 when there is no such project. */
    public List<Suspension> history(long projectId) {
        supervision.requireProject(projectId);
        return sql.list(SELECT + " WHERE project_id = :p ORDER BY suspended_at DESC, id DESC", this::toView, "p", projectId);
    }

    private static final String SELECT = """
            SELECT id, project_id, reason, suspended_by, suspended_at, lifted_by, lifted_at, lift_reason FROM release_suspension""";

    private Suspension one(long id) {
        return sql.one(SELECT + " WHERE id = :id", this::toView, "id", id);
    }

    private Suspension toView(Row r) throws SQLException {
        return new Suspension(r.getLong("id"), r.getLong("project_id"), r.getString("reason"), r.getString("suspended_by"),
                clock.inZone(r.getInstant("suspended_at")), r.getString("lifted_by"), clock.inZone(r.getInstant("lifted_at")),
                r.getString("lift_reason"));
    }
}

package cn.escrow.oversight;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Filter;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Rectification notices (整改通知) after a spot check: a supervisor issues one with a deadline, the
 * enterprise responds, the supervisor accepts (CLOSED) or rejects (back to ISSUED, same deadline).
 * Once the deadline has passed nothing moves it any more: the rectification sweep marks it OVERDUE
 * and blacklists the enterprise. Each step locks the notice's row and is audited.
 */
@ApplicationScoped
public class RectificationService {

    /** Where a notice stands. */
    @Schema(name = "RectificationStatus")
    public enum Status { ISSUED, RESPONDED, CLOSED, OVERDUE }

    /** A rectification notice as the API shows it. */
    public record RectificationView(long id, long spotCheckId, long projectId, long enterpriseId, String requirement,
                                    OffsetDateTime deadline, Status status, String issuedBy, OffsetDateTime issuedAt,
                                    String response, String respondedBy, OffsetDateTime respondedAt, String decision,
                                    String decisionNote, String decidedBy, OffsetDateTime decidedAt, OffsetDateTime closedAt,
                                    OffsetDateTime overdueAt) {
    }

    private static final String COLUMNS = """
            id, spot_check_id, project_id, enterprise_id, requirement, deadline, status, issued_by, issued_at, response,
            responded_by, responded_at, decision, decision_note, decided_by, decided_at, closed_at, overdue_at""";

    private final Sql sql;
    private final AuditLog audit;
    private final EscrowClock clock;

    public RectificationService(Sql sql, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public RectificationView issue(Caller caller, long spotCheckId, String requirement, OffsetDateTime deadline) {
        Checked check = sql.one("""
                SELECT s.project_id, p.enterprise_id, s.compliant FROM spot_check s JOIN project p ON p.id = s.project_id
                WHERE s.id = :id""",
                r -> new Checked(r.getLong("project_id"), r.getLong("enterprise_id"), r.getBoolean("compliant")), "id", spotCheckId);
        if (check == null) {
            throw new NotFound("Spot check " + spotCheckId);
        }
        if (check.compliant()) {
            throw new Conflict("Spot check " + spotCheckId + " found the project compliant: there is nothing to rectify");
        }
        Instant now = clock.now();
        if (!deadline.toInstant().isAfter(now)) {
            throw new ValidationFailed("deadline", "must be in the future");
        }
        long projectId = check.projectId();
        long enterpriseId = check.enterpriseId();
        long id = sql.number("""
                INSERT INTO rectification (spot_check_id, project_id, enterprise_id, requirement, deadline, status, issued_by, issued_at)
                VALUES (:s, :p, :e, :requirement, :deadline, 'ISSUED', :by, :now) RETURNING id""",
                "s", spotCheckId, "p", projectId, "e", enterpriseId, "requirement", requirement, "deadline", deadline.toInstant(),
                "by", caller.actor(), "now", now);
        audit.record(caller.actor(), AuditAction.RECTIFICATION_ISSUED, "rectification:" + id, projectId,
                details("spotCheckId", spotCheckId, "enterpriseId", enterpriseId, "deadline", clock.inZone(deadline.toInstant()).toString()));
        return find(id);
    }

    /** The enterprise's answer: ISSUED to RESPONDED, only by a user of the notice's enterprise, before the deadline. */
    @Transactional
    public RectificationView respond(Caller caller, long id, String response) {
        Locked r = lock(id);
        if (caller.enterpriseId() == null || r.enterpriseId() != caller.enterpriseId()) {
            throw new NotFound("Rectification " + id); // another enterprise's: its existence is not revealed
        }
        requireOpen(r, Status.ISSUED, "respond to");
        sql.update("""
                UPDATE rectification SET status = 'RESPONDED', response = :response, responded_by = :by, responded_at = :now
                WHERE id = :id""", "response", response, "by", caller.actor(), "now", clock.now(), "id", id);
        audit.record(caller.actor(), AuditAction.RECTIFICATION_RESPONDED, "rectification:" + id, r.projectId(), details("enterpriseId", r.enterpriseId()));
        return find(id);
    }

    /** The supervisor accepts the response: RESPONDED to CLOSED. */
    @Transactional
    public RectificationView accept(Caller caller, long id, String note) {
        Locked r = lock(id);
        FourEyes.requireSecondPerson(caller, r.respondedBy(), "responded to this notice");
        requireOpen(r, Status.RESPONDED, "accept");
        Instant now = clock.now();
        sql.update("""
                UPDATE rectification SET status = 'CLOSED', decision = 'ACCEPTED', decision_note = :note, decided_by = :by,
                    decided_at = :now, closed_at = :now WHERE id = :id""", "note", note, "by", caller.actor(), "now", now, "id", id);
        audit.record(caller.actor(), AuditAction.RECTIFICATION_ACCEPTED, "rectification:" + id, r.projectId(), details("note", note));
        return find(id);
    }

    /** The supervisor rejects the response: back to ISSUED, and the deadline stands. */
    @Transactional
    public RectificationView reject(Caller caller, long id, String note) {
        Locked r = lock(id);
        FourEyes.requireSecondPerson(caller, r.respondedBy(), "responded to this notice");
        requireOpen(r, Status.RESPONDED, "reject");
        sql.update("""
                UPDATE rectification SET status = 'ISSUED', decision = 'REJECTED', decision_note = :note, decided_by = :by,
                    decided_at = :now WHERE id = :id""", "note", note, "by", caller.actor(), "now", clock.now(), "id", id);
        audit.record(caller.actor(), AuditAction.RECTIFICATION_REJECTED, "rectification:" + id, r.projectId(), details("note", note));
        return find(id);
    }

    /** One notice; ENTERPRISE users only their own enterprise's. */
    public RectificationView get(Caller caller, long id) {
        RectificationView v = find(id);
        if (caller.isEnterpriseOnly() && !Long.valueOf(v.enterpriseId()).equals(caller.enterpriseId())) {
            throw new NotFound("Rectification " + id); // another enterprise's: its existence is not revealed
        }
        return v;
    }

    /** Notices, newest first; ENTERPRISE users see only their own enterprise's (asking for another's is 404). */
    public Filter.Page<RectificationView> list(Caller caller, Long enterpriseId, Status status, PageRequest paging) {
        Long only = enterpriseId;
        if (caller.isEnterpriseOnly()) {
            if (enterpriseId != null && !enterpriseId.equals(caller.enterpriseId())) {
                throw new NotFound("Enterprise " + enterpriseId); // another enterprise: its existence is not revealed
            }
            only = caller.enterpriseId();
        }
        return Filter.where().and("enterprise_id = :e", "e", only).and("status = :status", "status", status)
                .andLikeAny("project_id IN (SELECT id FROM project WHERE %s)", "division_code", caller.divisions().likePatterns())
                .page(sql, COLUMNS, "rectification", "issued_at DESC, id DESC", this::toView, paging);
    }

    private record Checked(long projectId, long enterpriseId, boolean compliant) {
    }

    private record Locked(long projectId, long enterpriseId, Status status, Instant deadline, String respondedBy) {
    }

    private Locked lock(long id) {
        Locked locked = sql.one("""
                SELECT project_id, enterprise_id, status, deadline, responded_by FROM rectification WHERE id = :id FOR UPDATE""",
                row -> new Locked(row.getLong("project_id"), row.getLong("enterprise_id"), Status.valueOf(row.getString("status")),
                        row.getInstant("deadline"), row.getString("responded_by")), "id", id);
        if (locked == null) {
            throw new NotFound("Rectification " + id);
        }
        return locked;
    }

    /** The notice must be in {@code wanted}, and its deadline not passed (then only the sweep may move it, to OVERDUE). */
    private void requireOpen(Locked r, Status wanted, String verb) {
        if (r.status() != wanted) {
            throw new Conflict("Cannot " + verb + " a rectification that is " + r.status() + " (it must be " + wanted + ")");
        }
        if (!r.deadline().isAfter(clock.now())) {
            throw new Conflict("The rectification deadline " + clock.inZone(r.deadline()) + " has passed: it is overdue");
        }
    }

    private RectificationView find(long id) {
        RectificationView found = sql.one("SELECT " + COLUMNS + " FROM rectification WHERE id = :id", this::toView, "id", id);
        if (found == null) {
            throw new NotFound("Rectification " + id);
        }
        return found;
    }

    private RectificationView toView(Row r) throws SQLException {
        return new RectificationView(r.getLong("id"), r.getLong("spot_check_id"), r.getLong("project_id"), r.getLong("enterprise_id"),
                r.getString("requirement"), clock.inZone(r.getInstant("deadline")), Status.valueOf(r.getString("status")),
                r.getString("issued_by"), clock.inZone(r.getInstant("issued_at")), r.getString("response"), r.getString("responded_by"),
                clock.inZone(r.getInstant("responded_at")), r.getString("decision"), r.getString("decision_note"),
                r.getString("decided_by"), clock.inZone(r.getInstant("decided_at")), clock.inZone(r.getInstant("closed_at")),
                clock.inZone(r.getInstant("overdue_at")));
    }
}

package cn.escrow.oversight;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.Jdbc;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.SqlValues;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    /** A page of notices and the total. */
    public record Page(List<RectificationView> items, long total) {
    }

    private static final String COLUMNS = """
            id, spot_check_id, project_id, enterprise_id, requirement, deadline, status, issued_by, issued_at, response,
            responded_by, responded_at, decision, decision_note, decided_by, decided_at, closed_at, overdue_at""";

    private final EntityManager em;
    private final Jdbc jdbc;
    private final AuditLog audit;
    private final EscrowClock clock;

    public RectificationService(EntityManager em, Jdbc jdbc, AuditLog audit, EscrowClock clock) {
        this.em = em;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public RectificationView issue(Caller caller, long spotCheckId, String requirement, OffsetDateTime deadline) {
        List<?> rows = em.createNativeQuery("""
                SELECT s.project_id, p.enterprise_id, s.compliant FROM spot_check s JOIN project p ON p.id = s.project_id
                WHERE s.id = :id""").setParameter("id", spotCheckId).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound("Spot check " + spotCheckId);
        }
        Object[] check = (Object[]) rows.get(0);
        if (Boolean.TRUE.equals(check[2])) {
            throw new Conflict("Spot check " + spotCheckId + " found the project compliant: there is nothing to rectify");
        }
        Instant now = clock.now();
        if (!deadline.toInstant().isAfter(now)) {
            throw new ValidationFailed("deadline", "must be in the future");
        }
        long projectId = ((Number) check[0]).longValue();
        long enterpriseId = ((Number) check[1]).longValue();
        Number id = (Number) em.createNativeQuery("""
                INSERT INTO rectification (spot_check_id, project_id, enterprise_id, requirement, deadline, status, issued_by, issued_at)
                VALUES (:s, :p, :e, :requirement, :deadline, 'ISSUED', :by, :now) RETURNING id""")
                .setParameter("s", spotCheckId).setParameter("p", projectId).setParameter("e", enterpriseId)
                .setParameter("requirement", requirement).setParameter("deadline", deadline.toInstant())
                .setParameter("by", caller.actor()).setParameter("now", now).getSingleResult();
        audit.record(caller.actor(), AuditAction.RECTIFICATION_ISSUED, "rectification:" + id, projectId,
                details("spotCheckId", spotCheckId, "enterpriseId", enterpriseId, "deadline", clock.inZone(deadline.toInstant()).toString()));
        return view(id.longValue());
    }

    /** The enterprise's answer: ISSUED to RESPONDED, only by a user of the notice's enterprise, before the deadline. */
    @Transactional
    public RectificationView respond(Caller caller, long id, String response) {
        Locked r = lock(id);
        if (caller.enterpriseId() == null || r.enterpriseId() != caller.enterpriseId()) {
            throw new NotFound("Rectification " + id); // another enterprise's: its existence is not revealed
        }
        requireOpen(r, Status.ISSUED, "respond to");
        em.createNativeQuery("""
                UPDATE rectification SET status = 'RESPONDED', response = :response, responded_by = :by, responded_at = :now
                WHERE id = :id""")
                .setParameter("response", response).setParameter("by", caller.actor()).setParameter("now", clock.now())
                .setParameter("id", id).executeUpdate();
        audit.record(caller.actor(), AuditAction.RECTIFICATION_RESPONDED, "rectification:" + id, r.projectId(), details("enterpriseId", r.enterpriseId()));
        return view(id);
    }

    /** The supervisor accepts the response: RESPONDED to CLOSED. */
    @Transactional
    public RectificationView accept(Caller caller, long id, String note) {
        Locked r = lock(id);
        FourEyes.requireSecondPerson(caller, r.respondedBy(), "responded to this notice");
        requireOpen(r, Status.RESPONDED, "accept");
        Instant now = clock.now();
        em.createNativeQuery("""
                UPDATE rectification SET status = 'CLOSED', decision = 'ACCEPTED', decision_note = :note, decided_by = :by,
                    decided_at = :now, closed_at = :now WHERE id = :id""")
                .setParameter("note", note).setParameter("by", caller.actor()).setParameter("now", now).setParameter("id", id)
                .executeUpdate();
        audit.record(caller.actor(), AuditAction.RECTIFICATION_ACCEPTED, "rectification:" + id, r.projectId(), details("note", note));
        return view(id);
    }

    /** The supervisor rejects the response: back to ISSUED, and the deadline stands. */
    @Transactional
    public RectificationView reject(Caller caller, long id, String note) {
        Locked r = lock(id);
        FourEyes.requireSecondPerson(caller, r.respondedBy(), "responded to this notice");
        requireOpen(r, Status.RESPONDED, "reject");
        em.createNativeQuery("""
                UPDATE rectification SET status = 'ISSUED', decision = 'REJECTED', decision_note = :note, decided_by = :by,
                    decided_at = :now WHERE id = :id""")
                .setParameter("note", note).setParameter("by", caller.actor()).setParameter("now", clock.now()).setParameter("id", id)
                .executeUpdate();
        audit.record(caller.actor(), AuditAction.RECTIFICATION_REJECTED, "rectification:" + id, r.projectId(), details("note", note));
        return view(id);
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
    @SuppressWarnings("unchecked")
    public Page list(Caller caller, Long enterpriseId, Status status, PageRequest paging) {
        Long only = enterpriseId;
        if (caller.isEnterpriseOnly()) {
            if (enterpriseId != null && !enterpriseId.equals(caller.enterpriseId())) {
                throw new NotFound("Enterprise " + enterpriseId); // another enterprise: its existence is not revealed
            }
            only = caller.enterpriseId();
        }
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (only != null) {
            where.append(" AND enterprise_id = :e");
            params.put("e", only);
        }
        if (status != null) {
            where.append(" AND status = :status");
            params.put("status", status.name());
        }
        List<Object[]> rows = bind(em.createNativeQuery("SELECT " + COLUMNS + " FROM rectification" + where
                + " ORDER BY issued_at DESC, id DESC"), params)
                .setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        long total = ((Number) bind(em.createNativeQuery("SELECT count(*) FROM rectification" + where), params)
                .getSingleResult()).longValue();
        return new Page(rows.stream().map(this::toView).toList(), total);
    }

    private record Locked(long projectId, long enterpriseId, Status status, Instant deadline, String respondedBy) {
    }

    private Locked lock(long id) {
        Locked locked = jdbc.first("""
                SELECT project_id, enterprise_id, status, deadline, responded_by FROM rectification WHERE id = ? FOR UPDATE""",
                row -> new Locked(row.getLong("project_id"), row.getLong("enterprise_id"), Status.valueOf(row.getString("status")),
                        Jdbc.instant(row, "deadline"), row.getString("responded_by")), id);
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
        List<?> rows = em.createNativeQuery("SELECT " + COLUMNS + " FROM rectification WHERE id = :id").setParameter("id", id)
                .getResultList();
        if (rows.isEmpty()) {
            throw new NotFound("Rectification " + id);
        }
        return toView((Object[]) rows.get(0));
    }

    RectificationView view(long id) {
        return find(id);
    }

    private RectificationView toView(Object[] r) {
        return new RectificationView(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), ((Number) r[2]).longValue(),
                ((Number) r[3]).longValue(), (String) r[4], clock.inZone(SqlValues.instant(r[5])), Status.valueOf((String) r[6]),
                (String) r[7], clock.inZone(SqlValues.instant(r[8])), (String) r[9], (String) r[10],
                clock.inZone(SqlValues.instant(r[11])), (String) r[12], (String) r[13], (String) r[14],
                clock.inZone(SqlValues.instant(r[15])), clock.inZone(SqlValues.instant(r[16])), clock.inZone(SqlValues.instant(r[17])));
    }

    private static Query bind(Query query, Map<String, Object> params) {
        params.forEach(query::setParameter);
        return query;
    }
}

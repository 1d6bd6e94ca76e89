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
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import cn.escrow.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The enterprise blacklist (黑名单): {@code enterprise.blacklisted} is the current state, and every
 * change is a row of {@code blacklist_history}. A blacklisted enterprise registers no new project
 * and gets no release approved (both checked where those happen).
 */
@ApplicationScoped
public class BlacklistService {

    /** Put on the list, or taken off it. */
    @Schema(name = "BlacklistAction")
    public enum Action { ADD, LIFT }

    /** A supervisor's decision, or the rectification sweep. */
    public enum Source { MANUAL, RECTIFICATION_OVERDUE }

    /** One change of an enterprise's blacklist state. */
    public record HistoryEntry(long id, long enterpriseId, Action action, String reason, String by, OffsetDateTime at, Source source,
                               Long rectificationId) {
    }

    /** A page of history and the total. */
    public record Page(List<HistoryEntry> items, long total) {
    }

    private final EntityManager em;
    private final Jdbc jdbc;
    private final RegistryService registry;
    private final AuditLog audit;
    private final EscrowClock clock;

    public BlacklistService(EntityManager em, Jdbc jdbc, RegistryService registry, AuditLog audit, EscrowClock clock) {
        this.em = em;
        this.jdbc = jdbc;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /** Blacklists the enterprise by a supervisor's decision; 409 when it already is. */
    @Transactional
    public HistoryEntry add(Caller caller, long enterpriseId, String reason) {
        return change(caller, enterpriseId, Action.ADD, reason);
    }

    /** Lifts the enterprise's blacklisting; 409 when it is not blacklisted. */
    @Transactional
    public HistoryEntry lift(Caller caller, long enterpriseId, String reason) {
        return change(caller, enterpriseId, Action.LIFT, reason);
    }

    private HistoryEntry change(Caller caller, long enterpriseId, Action action, String reason) {
        List<?> rows = em.createNativeQuery("SELECT blacklisted FROM enterprise WHERE id = :id FOR UPDATE")
                .setParameter("id", enterpriseId).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound("Enterprise " + enterpriseId);
        }
        boolean blacklisted = Boolean.TRUE.equals(rows.get(0));
        boolean wanted = action == Action.ADD;
        if (blacklisted == wanted) {
            throw new Conflict("Enterprise " + enterpriseId + (wanted ? " is already blacklisted" : " is not blacklisted"));
        }
        if (!wanted) {
            // A supervisor's blacklisting is lifted by another person; one made by the rectification sweep, by anyone.
            String imposedBy = jdbc.first("""
                    SELECT acted_by, source FROM blacklist_history WHERE enterprise_id = ? AND action = 'ADD'
                    ORDER BY acted_at DESC, id DESC LIMIT 1""",
                    row -> Source.MANUAL.name().equals(row.getString("source")) ? row.getString("acted_by") : null, enterpriseId);
            FourEyes.requireSecondPerson(caller, imposedBy, "blacklisted this enterprise");
        }
        Instant now = clock.now();
        em.createNativeQuery("UPDATE enterprise SET blacklisted = :b WHERE id = :id")
                .setParameter("b", wanted).setParameter("id", enterpriseId).executeUpdate();
        Number id = (Number) em.createNativeQuery("""
                INSERT INTO blacklist_history (enterprise_id, action, reason, acted_by, acted_at, source)
                VALUES (:e, :action, :reason, :by, :now, 'MANUAL') RETURNING id""")
                .setParameter("e", enterpriseId).setParameter("action", action.name()).setParameter("reason", reason)
                .setParameter("by", caller.actor()).setParameter("now", now).getSingleResult();
        audit.record(caller.actor(), wanted ? AuditAction.ENTERPRISE_BLACKLISTED : AuditAction.ENTERPRISE_BLACKLIST_LIFTED, "enterprise:" + enterpriseId,
                null, details("source", Source.MANUAL.name(), "reason", reason));
        return new HistoryEntry(id.longValue(), enterpriseId, action, reason, caller.actor(), clock.inZone(now), Source.MANUAL, null);
    }

    /** The enterprise's blacklist history, newest first; ENTERPRISE users only their own. */
    @SuppressWarnings("unchecked")
    public Page history(Caller caller, long enterpriseId, PageRequest paging) {
        registry.enterprise(caller, enterpriseId);
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, enterprise_id, action, reason, acted_by, acted_at, source, rectification_id
                FROM blacklist_history WHERE enterprise_id = :e ORDER BY acted_at DESC, id DESC""")
                .setParameter("e", enterpriseId).setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM blacklist_history WHERE enterprise_id = :e")
                .setParameter("e", enterpriseId).getSingleResult()).longValue();
        return new Page(rows.stream().map(r -> new HistoryEntry(((Number) r[0]).longValue(), ((Number) r[1]).longValue(),
                Action.valueOf((String) r[2]), (String) r[3], (String) r[4], clock.inZone(SqlValues.instant(r[5])),
                Source.valueOf((String) r[6]), r[7] == null ? null : ((Number) r[7]).longValue())).toList(), total);
    }
}

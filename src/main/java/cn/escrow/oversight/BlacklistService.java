package cn.escrow.oversight;

import cn.escrow.grading.GradeService;
import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Filter;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import cn.escrow.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
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

    private final Sql sql;
    private final RegistryService registry;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final GradeService grades;

    public BlacklistService(Sql sql, RegistryService registry, AuditLog audit, EscrowClock clock, GradeService grades) {
        this.grades = grades;
        this.sql = sql;
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
        Boolean blacklisted = sql.one("SELECT blacklisted FROM enterprise WHERE id = :id FOR UPDATE",
                row -> row.getBoolean("blacklisted"), "id", enterpriseId);
        if (blacklisted == null) {
            throw new NotFound("Enterprise " + enterpriseId);
        }
        boolean wanted = action == Action.ADD;
        if (blacklisted == wanted) {
            throw new Conflict("Enterprise " + enterpriseId + (wanted ? " is already blacklisted" : " is not blacklisted"));
        }
        if (!wanted) {
            // A supervisor's blacklisting is lifted by another person; one made by the rectification sweep, by anyone.
            String imposedBy = sql.one("""
                    SELECT acted_by, source FROM blacklist_history WHERE enterprise_id = :e AND action = 'ADD'
                    ORDER BY acted_at DESC, id DESC LIMIT 1""",
                    row -> Source.MANUAL.name().equals(row.getString("source")) ? row.getString("acted_by") : null, "e", enterpriseId);
            FourEyes.requireSecondPerson(caller, imposedBy, "blacklisted this enterprise");
        }
        Instant now = clock.now();
        sql.update("UPDATE enterprise SET blacklisted = :b WHERE id = :id", "b", wanted, "id", enterpriseId);
        long id = sql.number("""
                INSERT INTO blacklist_history (enterprise_id, action, reason, acted_by, acted_at, source)
                VALUES (:e, :action, :reason, :by, :now, 'MANUAL') RETURNING id""",
                "e", enterpriseId, "action", action, "reason", reason, "by", caller.actor(), "now", now);
        audit.record(caller.actor(), wanted ? AuditAction.ENTERPRISE_BLACKLISTED : AuditAction.ENTERPRISE_BLACKLIST_LIFTED, "enterprise:" + enterpriseId,
                null, details("source", Source.MANUAL.name(), "reason", reason));
        if (wanted) {
            grades.lower(caller.actor(), List.of(enterpriseId), "BLACKLISTING", reason);
        }
        return new HistoryEntry(id, enterpriseId, action, reason, caller.actor(), clock.inZone(now), Source.MANUAL, null);
    }

    /** The enterprise's blacklist history, newest first; ENTERPRISE users only their own. */
    public Filter.Page<HistoryEntry> history(Caller caller, long enterpriseId, PageRequest paging) {
        registry.enterprise(caller, enterpriseId);
        return Filter.where().and("enterprise_id = :e", "e", enterpriseId).page(sql,
                "id, enterprise_id, action, reason, acted_by, acted_at, source, rectification_id", "blacklist_history",
                "acted_at DESC, id DESC",
                r -> new HistoryEntry(r.getLong("id"), r.getLong("enterprise_id"), Action.valueOf(r.getString("action")),
                        r.getString("reason"), r.getString("acted_by"), clock.inZone(r.getInstant("acted_at")),
                        Source.valueOf(r.getString("source")), r.getLongOrNull("rectification_id")), paging);
    }
}

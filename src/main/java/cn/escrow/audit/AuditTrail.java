package cn.escrow.audit;

import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Filter;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.error.ValidationFailed;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Reads the audit trail: pages of events, newest first, filtered by project, time, action and actor. */
@ApplicationScoped
public class AuditTrail {

    private final AuditEventRepository events;

    public AuditTrail(AuditEventRepository events) {
        this.events = events;
    }

    /** The filters of a page of events; any may be null (no filter). */
    public record Query(Long projectId, Instant from, Instant to, String action, String actor) {
    }

    /** A page of matching events, newest first; an action that is not an {@link AuditAction} is refused (400). */
    public Filter.Page<AuditEvent> page(Caller caller, Query q, PageRequest paging) {
        return Filter.where()
                .and("projectId = :projectId", "projectId", q.projectId())
                .and("at >= :from", "from", q.from())
                .and("at < :to", "to", q.to())
                .and("action = :action", "action", q.action() == null ? null : action(q.action()).name())
                .and("actor = :actor", "actor", q.actor())
                .andLikeAny("projectId IN (SELECT p.id FROM Project p WHERE %s)", "p.divisionCode", caller.divisions().likePatterns())
                .page(events, Sort.descending("at", "id"), paging);
    }

    /** The action named, or 400 validation-failed listing the known ones. */
    static AuditAction action(String name) {
        try {
            return AuditAction.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new ValidationFailed("action", "must be one of " + Arrays.stream(AuditAction.values())
                    .map(Enum::name).collect(Collectors.joining(", ")));
        }
    }
}

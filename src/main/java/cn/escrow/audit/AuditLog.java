package cn.escrow.audit;

import cn.escrow.platform.EscrowClock;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/** Appends audit events inside the caller's transaction, so an event exists exactly when its write does. */
@ApplicationScoped
public class AuditLog {

    private static final ObjectMapper DETAILS_JSON = new ObjectMapper();

    private final AuditEventRepository events;
    private final EscrowClock clock;

    public AuditLog(AuditEventRepository events, EscrowClock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, AuditAction action, String subject, Long projectId, Map<String, Object> details) {
        AuditEvent event = new AuditEvent();
        event.at = clock.now();
        event.actor = actor;
        event.action = action.name();
        event.subject = subject;
        event.projectId = projectId;
        event.details = details;
        events.persist(event);
    }

    /**
     * The details as the JSONB text the ORM would store, for statements that append their audit row
     * themselves (the bank push path writes its row in the same SQL statement as the push).
     */
    public static String json(Map<String, Object> details) {
        try {
            return DETAILS_JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Audit details are not serialisable", e);
        }
    }

    /** Audit details from name/value pairs, in order. */
    public static Map<String, Object> details(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}

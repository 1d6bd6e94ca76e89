package cn.escrow.audit;

import cn.escrow.platform.EscrowClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/** Appends audit events inside the caller's transaction, so an event exists exactly when its write does. */
@ApplicationScoped
public class AuditLog {

    private final EntityManager em;
    private final EscrowClock clock;

    public AuditLog(EntityManager em, EscrowClock clock) {
        this.em = em;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String actor, String action, String subject, Long projectId, Map<String, Object> details) {
        AuditEvent event = new AuditEvent();
        event.at = clock.now();
        event.actor = actor;
        event.action = action;
        event.subject = subject;
        event.projectId = projectId;
        event.details = details;
        em.persist(event);
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

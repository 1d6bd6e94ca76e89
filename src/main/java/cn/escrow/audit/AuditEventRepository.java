package cn.escrow.audit;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Audit events: appended by {@link AuditLog}, paged by {@link AuditTrail}; never changed. */
@ApplicationScoped
public class AuditEventRepository implements PanacheRepository<AuditEvent> {
}

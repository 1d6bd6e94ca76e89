package cn.escrow.oversight;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.SqlValues;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
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

    /** A page of spot checks and the total. */
    public record Page(List<SpotCheckView> items, long total) {
    }

    private static final String COLUMNS = "id, project_id, kind, checked_at, findings, compliant, recorded_by, recorded_at";

    private final EntityManager em;
    private final RegistryService registry;
    private final AuditLog audit;
    private final EscrowClock clock;

    public SpotCheckService(EntityManager em, RegistryService registry, AuditLog audit, EscrowClock clock) {
        this.em = em;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public SpotCheckView record(Caller caller, long projectId, Kind kind, OffsetDateTime checkedAt, String findings, boolean compliant) {
        registry.project(caller, projectId);
        Instant now = clock.now();
        if (checkedAt.toInstant().isAfter(now)) {
            throw new ValidationFailed("checkedAt", "must not be in the future");
        }
        Number id = (Number) em.createNativeQuery("""
                INSERT INTO spot_check (project_id, kind, checked_at, findings, compliant, recorded_by, recorded_at)
                VALUES (:p, :kind, :checkedAt, :findings, :compliant, :by, :now) RETURNING id""")
                .setParameter("p", projectId).setParameter("kind", kind.name()).setParameter("checkedAt", checkedAt.toInstant())
                .setParameter("findings", findings).setParameter("compliant", compliant).setParameter("by", caller.actor())
                .setParameter("now", now).getSingleResult();
        audit.record(caller.actor(), AuditAction.SPOT_CHECK_RECORDED, "spot-check:" + id, projectId,
                details("kind", kind.name(), "checkedAt", checkedAt.toString(), "compliant", compliant));
        return view(id.longValue());
    }

    /** The project's spot checks, latest check first; ENTERPRISE users only for their own projects. */
    @SuppressWarnings("unchecked")
    public Page list(Caller caller, long projectId, PageRequest paging) {
        registry.project(caller, projectId);
        List<Object[]> rows = em.createNativeQuery("SELECT " + COLUMNS
                        + " FROM spot_check WHERE project_id = :p ORDER BY checked_at DESC, id DESC")
                .setParameter("p", projectId).setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        long total = ((Number) em.createNativeQuery("SELECT count(*) FROM spot_check WHERE project_id = :p")
                .setParameter("p", projectId).getSingleResult()).longValue();
        return new Page(rows.stream().map(this::toView).toList(), total);
    }

    SpotCheckView view(long id) {
        return toView((Object[]) em.createNativeQuery("SELECT " + COLUMNS + " FROM spot_check WHERE id = :id")
                .setParameter("id", id).getSingleResult());
    }

    private SpotCheckView toView(Object[] r) {
        return new SpotCheckView(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), Kind.valueOf((String) r[2]),
                clock.inZone(SqlValues.instant(r[3])), (String) r[4], (Boolean) r[5], (String) r[6],
                clock.inZone(SqlValues.instant(r[7])));
    }
}

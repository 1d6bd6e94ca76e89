package cn.escrow.signing;

import cn.escrow.platform.SqlValues;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.Jdbc;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads why a project's online signing is disabled: its overdue disbursements and its active manual locks. */
@ApplicationScoped
public class SigningStatusService {

    private final EntityManager em;
    private final Jdbc jdbc;
    private final EscrowClock clock;

    public SigningStatusService(EntityManager em, Jdbc jdbc, EscrowClock clock) {
        this.em = em;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A project's signing state: on or off, and since when. */
    public record State(boolean enabled, Instant since) {
    }

    /**
     * The project's signing state; 404 when there is no such project or, for an ENTERPRISE user, when it
     * is another enterprise's (so its existence is not revealed).
     */
    public State state(Caller caller, long projectId) {
        State state = jdbc.first("SELECT signing_enabled, signing_changed_at, enterprise_id FROM project WHERE id = ?",
                r -> caller.isEnterpriseOnly() && r.getLong("enterprise_id") != caller.enterpriseId() ? null
                        : new State(r.getBoolean("signing_enabled"), Jdbc.instant(r, "signing_changed_at")), projectId);
        if (state == null) {
            throw new NotFound("Project " + projectId);
        }
        return state;
    }

    @SuppressWarnings("unchecked")
    public List<SigningReason> reasons(long projectId) {
        List<SigningReason> reasons = new ArrayList<>();
        List<Object[]> overdue = em.createNativeQuery("""
                SELECT d.serial_no, c.contract_no, d.amount, d.due_at
                FROM loan_disbursement d JOIN contract c ON c.id = d.contract_id
                WHERE d.project_id = :p AND d.status = 'OVERDUE'
                ORDER BY d.due_at, d.id""")
                .setParameter("p", projectId).getResultList();
        for (Object[] row : overdue) {
            reasons.add(SigningReason.overdue((String) row[0], (String) row[1], (BigDecimal) row[2], time(row[3])));
        }
        List<Object[]> locks = em.createNativeQuery("""
                SELECT id, reason, locked_by, locked_at FROM signing_lock
                WHERE project_id = :p AND lifted_at IS NULL ORDER BY locked_at, id""")
                .setParameter("p", projectId).getResultList();
        for (Object[] row : locks) {
            reasons.add(SigningReason.manual(((Number) row[0]).longValue(), (String) row[1], (String) row[2], time(row[3])));
        }
        return reasons;
    }

    private java.time.OffsetDateTime time(Object value) {
        return clock.inZone(SqlValues.instant(value));
    }
}

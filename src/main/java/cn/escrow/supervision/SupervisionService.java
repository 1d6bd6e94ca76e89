package cn.escrow.supervision;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.alerts.AlertService;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A project's construction figures and key supervised amount: set by supervisors, each change
 * audited and kept with its reason; a change that leaves the balance short of the remaining key
 * obligation records the top-up due and raises an alert.
 */
@ApplicationScoped
public class SupervisionService {

    private final EntityManager em;
    private final AuditLog audit;
    private final AlertService alerts;
    private final EscrowClock clock;
    private final EscrowConfig config;
    private final ObjectMapper json;

    public SupervisionService(EntityManager em, AuditLog audit, AlertService alerts, EscrowClock clock, EscrowConfig config,
                              ObjectMapper json) {
        this.em = em;
        this.audit = audit;
        this.alerts = alerts;
        this.clock = clock;
        this.config = config;
        this.json = json;
    }

    /** The figures a supervisor records for a project. */
    public record Parameters(BigDecimal floorArea, BigDecimal averagePrice, String fitOut, BigDecimal constructionCost) {
    }

    @Transactional
    public void setParameters(Caller caller, long projectId, Parameters p) {
        lockRow(projectId);
        em.createNativeQuery("""
                UPDATE project_supervision SET floor_area = :area, average_price = :price, fit_out = :fit,
                    construction_cost = :cost, updated_at = :now WHERE project_id = :p""")
                .setParameter("area", p.floorArea()).setParameter("price", p.averagePrice()).setParameter("fit", p.fitOut())
                .setParameter("cost", p.constructionCost()).setParameter("now", clock.now()).setParameter("p", projectId)
                .executeUpdate();
        audit.record(caller.actor(), AuditAction.SUPERVISION_PARAMETERS_SET, "project:" + projectId, projectId,
                details("floorArea", plain(p.floorArea()), "averagePrice", plain(p.averagePrice()), "fitOut", p.fitOut(),
                        "constructionCost", plain(p.constructionCost())));
    }

    /** The result of setting a key amount. */
    public record KeyAmountSet(BigDecimal keyAmount, BigDecimal previous, BigDecimal topUpDue) {
    }

    @Transactional
    public KeyAmountSet setKeyAmount(Caller caller, long projectId, BigDecimal keyAmount, String reason) {
        BigDecimal previous = lockRow(projectId);
        em.createNativeQuery("""
                UPDATE project_supervision SET key_amount = :k, key_amount_reason = :reason, key_amount_set_by = :by,
                    key_amount_set_at = :now, updated_at = :now WHERE project_id = :p""")
                .setParameter("k", keyAmount).setParameter("reason", reason).setParameter("by", caller.actor())
                .setParameter("now", clock.now()).setParameter("p", projectId).executeUpdate();
        Position position = position(projectId);
        KeyAmountFormula.Proposal proposal = proposal(projectId);
        em.createNativeQuery("""
                INSERT INTO key_amount_change (project_id, key_amount, previous, reason, basis, top_up_due, set_by, set_at)
                VALUES (:p, :k, :previous, :reason, CAST(:basis AS jsonb), :topUp, :by, :now)""")
                .setParameter("p", projectId).setParameter("k", keyAmount).setParameter("previous", previous)
                .setParameter("reason", reason).setParameter("basis", basisJson(proposal))
                .setParameter("topUp", position.topUpDue()).setParameter("by", caller.actor()).setParameter("now", clock.now())
                .executeUpdate();
        audit.record(caller.actor(), AuditAction.KEY_AMOUNT_SET, "project:" + projectId, projectId,
                details("keyAmount", plain(keyAmount), "previous", plain(previous), "reason", reason,
                        "topUpDue", plain(position.topUpDue())));
        // A recomputation that leaves the account short is a top-up demand (Kunming 88号); a first
        // key amount on a project still selling is not: its money has yet to come.
        if (previous.signum() > 0 && position.topUpDue().signum() > 0) {
            alerts.raise(caller.actor(), projectId, AlertService.Kind.KEY_TOP_UP_REQUIRED, AlertService.Severity.WARNING,
                    "project:" + projectId, "The balance falls " + position.topUpDue().toPlainString()
                            + " short of the remaining key obligation after the key amount was set to " + keyAmount.toPlainString());
        }
        return new KeyAmountSet(keyAmount, previous, position.topUpDue());
    }

    public KeyAmountFormula.Proposal proposal(long projectId) {
        Object[] row = row(projectId);
        BigDecimal income = (BigDecimal) em.createNativeQuery(
                "SELECT coalesce(sum(total_price), 0) FROM contract WHERE project_id = :p AND status = 'FILED'")
                .setParameter("p", projectId).getSingleResult();
        return KeyAmountFormula.propose(config.keyAmount(), (BigDecimal) row[1], (BigDecimal) row[2], (String) row[3], income);
    }

    /** The project's money position now (see {@link Position}). */
    public Position position(long projectId) {
        Object[] r = (Object[]) em.createNativeQuery("""
                SELECT coalesce((SELECT key_amount FROM project_supervision WHERE project_id = :p), 0),
                       coalesce((SELECT sum(key_part) FROM release_application WHERE project_id = :p
                                 AND status IN ('APPROVED', 'EXECUTED')), 0),
                       coalesce((SELECT balance FROM supervised_account WHERE project_id = :p), 0),
                       coalesce((SELECT sum(amount) FROM release_application WHERE project_id = :p AND status = 'APPROVED'), 0)""")
                .setParameter("p", projectId).getSingleResult();
        return Position.of(projectId, (BigDecimal) r[0], (BigDecimal) r[1], (BigDecimal) r[2], (BigDecimal) r[3]);
    }

    /** key_amount, floor_area, average_price, fit_out, construction_cost, reason, set_by, set_at (zeros when never set). */
    public Object[] row(long projectId) {
        requireProject(projectId);
        List<?> rows = em.createNativeQuery("""
                SELECT key_amount, floor_area, average_price, fit_out, construction_cost, key_amount_reason,
                       key_amount_set_by, key_amount_set_at
                FROM project_supervision WHERE project_id = :p""").setParameter("p", projectId).getResultList();
        return rows.isEmpty() ? new Object[] {BigDecimal.ZERO.setScale(2), null, null, null, null, null, null, null}
                : (Object[]) rows.get(0);
    }

    /**
     * Locks the project's supervision row, creating it on first use; every decision on the
     * project's key money (key amount, approvals) runs under this lock, one at a time.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public BigDecimal lockRow(long projectId) {
        requireProject(projectId);
        em.createNativeQuery("""
                INSERT INTO project_supervision (project_id, updated_at) VALUES (:p, :now) ON CONFLICT (project_id) DO NOTHING""")
                .setParameter("p", projectId).setParameter("now", clock.now()).executeUpdate();
        return (BigDecimal) em.createNativeQuery("SELECT key_amount FROM project_supervision WHERE project_id = :p FOR UPDATE")
                .setParameter("p", projectId).getSingleResult();
    }

    private void requireProject(long projectId) {
        if (em.createNativeQuery("SELECT 1 FROM project WHERE id = :p").setParameter("p", projectId).getResultList().isEmpty()) {
            throw new NotFound("Project " + projectId);
        }
    }

    private String basisJson(KeyAmountFormula.Proposal proposal) {
        Map<String, Object> basis = new java.util.LinkedHashMap<>();
        basis.put("formula", proposal.formula());
        basis.put("proposedKeyAmount", proposal.proposedKeyAmount());
        basis.putAll(proposal.inputs());
        basis.values().removeIf(java.util.Objects::isNull);
        try {
            return json.writeValueAsString(basis);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }
}

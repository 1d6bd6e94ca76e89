package cn.escrow.supervision;

import cn.escrow.grading.GradeService;
import static cn.escrow.audit.AuditLog.details;

import cn.escrow.alerts.AlertService;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A project's construction figures and key supervised amount: set by supervisors, each change
 * audited and kept with its reason; a change that leaves the balance short of the remaining key
 * obligation records the top-up due and raises an alert.
 */
@ApplicationScoped
public class SupervisionService {

    private final Sql sql;
    private final AuditLog audit;
    private final AlertService alerts;
    private final EscrowClock clock;
    private final EscrowConfig config;
    private final ObjectMapper json;
    private final GradeService grades;

    public SupervisionService(Sql sql, AuditLog audit, AlertService alerts, EscrowClock clock, EscrowConfig config,
                              ObjectMapper json, GradeService grades) {
        this.grades = grades;
        this.sql = sql;
        this.audit = audit;
        this.alerts = alerts;
        this.clock = clock;
        this.config = config;
        this.json = json;
    }

    /** The project's key amount changes, newest first; 404 when there is no such project. */
    public List<SupervisionResource.KeyAmountChange> changes(long projectId) {
        requireProject(projectId);
        return sql.list("""
                SELECT key_amount, previous, reason, top_up_due, set_by, set_at FROM key_amount_change
                WHERE project_id = :p ORDER BY set_at DESC, id DESC""",
                r -> new SupervisionResource.KeyAmountChange(r.getMoney("key_amount"), r.getMoney("previous"), r.getString("reason"),
                        r.getMoney("top_up_due"), r.getString("set_by"), clock.inZone(r.getInstant("set_at"))), "p", projectId);
    }

    /** The figures a supervisor records for a project. */
    public record Parameters(BigDecimal floorArea, BigDecimal averagePrice, String fitOut, BigDecimal constructionCost) {
    }

    @Transactional
    public void setParameters(Caller caller, long projectId, Parameters p) {
        lockRow(projectId);
        sql.update("""
                UPDATE project_supervision SET floor_area = :area, average_price = :price, fit_out = :fit,
                    construction_cost = :cost, updated_at = :now WHERE project_id = :p""",
                "area", p.floorArea(), "price", p.averagePrice(), "fit", p.fitOut(), "cost", p.constructionCost(),
                "now", clock.now(), "p", projectId);
        audit.record(caller.actor(), AuditAction.SUPERVISION_PARAMETERS_SET, "project:" + projectId, projectId,
                details("floorArea", plain(p.floorArea()), "averagePrice", plain(p.averagePrice()), "fitOut", p.fitOut(),
                        "constructionCost", plain(p.constructionCost())));
    }

    /** The result of setting a key amount. */
    public record KeyAmountSet(BigDecimal keyAmount, BigDecimal previous, BigDecimal topUpDue) {
    }

    /**
     * Sets the key amount at once. Callers are the two-person paths: a raise (which only protects buyers), a decrease
     * another person approved ({@link KeyAmountProposals}), a refund application another person approved.
     */
    @Transactional
    public KeyAmountSet setKeyAmount(Caller caller, long projectId, BigDecimal keyAmount, String reason) {
        return setKeyAmount(caller, projectId, keyAmount, reason, null);
    }

    /** As above, naming the decrease proposal this change applies. */
    @Transactional
    public KeyAmountSet setKeyAmount(Caller caller, long projectId, BigDecimal keyAmount, String reason, Long proposalId) {
        BigDecimal previous = lockRow(projectId);
        sql.update("""
                UPDATE project_supervision SET key_amount = :k, key_amount_reason = :reason, key_amount_set_by = :by,
                    key_amount_set_at = :now, updated_at = :now WHERE project_id = :p""",
                "k", keyAmount, "reason", reason, "by", caller.actor(), "now", clock.now(), "p", projectId);
        Position position = position(projectId);
        KeyAmountFormula.Proposal proposal = proposal(projectId);
        sql.update("""
                INSERT INTO key_amount_change (project_id, key_amount, previous, reason, basis, top_up_due, set_by, set_at, proposal_id)
                VALUES (:p, :k, :previous, :reason, CAST(:basis AS jsonb), :topUp, :by, :now, CAST(:proposal AS bigint))""",
                "p", projectId, "k", keyAmount, "previous", previous, "reason", reason, "basis", basisJson(proposal),
                "topUp", position.topUpDue(), "by", caller.actor(), "now", clock.now(), "proposal", proposalId);
        audit.record(caller.actor(), AuditAction.KEY_AMOUNT_SET, "project:" + projectId, projectId,
                details("keyAmount", plain(keyAmount), "previous", plain(previous), "reason", reason,
                        "topUpDue", plain(position.topUpDue()), "proposal", proposalId == null ? null : proposalId.toString()));
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
        Figures f = figures(projectId);
        BigDecimal income = sql.one("SELECT coalesce(sum(total_price), 0) AS income FROM contract WHERE project_id = :p AND status = 'FILED'",
                r -> r.getMoney("income"), "p", projectId);
        GradeService.Grade grade = grades.ofProject(projectId);
        return KeyAmountFormula.graded(KeyAmountFormula.propose(config.keyAmount(), f.floorArea(), f.averagePrice(), f.fitOut(), income),
                grade.name(), grades.percent(grade), config.keyAmount().gradeBPercent());
    }

    /** The project's money position now (see {@link Position}). */
    public Position position(long projectId) {
        return sql.one(POSITION_SQL, r -> Position.of(projectId, r.getMoney("key_amount"), r.getMoney("key_released"),
                r.getMoney("balance"), r.getMoney("pending"), r.getMoney("guaranteed")), "p", projectId);
    }

    /** What active court freezes hold on the project's account (a freeze without an amount counts nothing). */
    public BigDecimal frozenAmount(long projectId) {
        return sql.one("""
                SELECT coalesce(sum(amount), 0) AS frozen FROM judicial_action
                WHERE project_id = :p AND action = 'FREEZE' AND lifted_at IS NULL""", r -> r.getMoney("frozen"), "p", projectId);
    }

    private static final String POSITION_SQL = """
            SELECT coalesce((SELECT key_amount FROM project_supervision WHERE project_id = :p), 0) AS key_amount,
                   coalesce((SELECT sum(key_part) FROM release_application WHERE project_id = :p
                             AND status IN ('APPROVED', 'EXECUTED')), 0) AS key_released,
                   coalesce((SELECT balance FROM supervised_account WHERE project_id = :p), 0) AS balance,
                   coalesce((SELECT sum(amount) FROM release_application WHERE project_id = :p AND status = 'APPROVED'), 0) AS pending,
                   coalesce((SELECT sum(amount) FROM guarantee WHERE project_id = :p AND status = 'ACTIVE'), 0) AS guaranteed""";

    /** The figures a supervisor recorded for a project and its key amount with who set it (zeros and nulls when never set). */
    public record Figures(BigDecimal keyAmount, BigDecimal floorArea, BigDecimal averagePrice, String fitOut,
                          BigDecimal constructionCost, String keyAmountReason, String keyAmountSetBy, Instant keyAmountSetAt) {
    }

    /** The project's recorded figures; 404 when there is no such project. */
    public Figures figures(long projectId) {
        requireProject(projectId);
        Figures f = sql.one("""
                SELECT key_amount, floor_area, average_price, fit_out, construction_cost, key_amount_reason,
                       key_amount_set_by, key_amount_set_at
                FROM project_supervision WHERE project_id = :p""",
                r -> new Figures(r.getMoney("key_amount"), r.getBigDecimal("floor_area"), r.getBigDecimal("average_price"),
                        r.getString("fit_out"), r.getBigDecimal("construction_cost"), r.getString("key_amount_reason"),
                        r.getString("key_amount_set_by"), r.getInstant("key_amount_set_at")), "p", projectId);
        return f != null ? f : new Figures(BigDecimal.ZERO.setScale(2), null, null, null, null, null, null, null);
    }

    /**
     * Locks the project's supervision row, creating it on first use; every decision on the
     * project's key money (key amount, approvals) runs under this lock, one at a time.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public BigDecimal lockRow(long projectId) {
        requireProject(projectId);
        sql.update("INSERT INTO project_supervision (project_id, updated_at) VALUES (:p, :now) ON CONFLICT (project_id) DO NOTHING",
                "p", projectId, "now", clock.now());
        return sql.one("SELECT key_amount FROM project_supervision WHERE project_id = :p FOR UPDATE",
                r -> r.getMoney("key_amount"), "p", projectId);
    }

    /** 404 unless the project exists. */
    public void requireProject(long projectId) {
        if (sql.one("SELECT 1 AS found FROM project WHERE id = :p", r -> true, "p", projectId) == null) {
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

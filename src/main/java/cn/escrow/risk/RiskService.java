package cn.escrow.risk;

import cn.escrow.audit.AuditAction;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.db.SqlFile;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Computes project risk set-based ({@code sql/risk.sql}): every project (the job) or one (on demand), under one
 * advisory lock; writes a project's row only when its risk changed, and for every level change a
 * {@code project_risk_change}, a RISK_LEVEL_CHANGED alert and audit event.
 */
@ApplicationScoped
public class RiskService {

    static final SqlFile STATEMENTS = SqlFile.load("risk.sql");

    /** What a run did: projects computed, rows written (changed), level changes. */
    public record Run(long projects, long written, long changes, long durationMs) {
    }

    private final Sql sql;
    private final AdvisoryLocks locks;
    private final EscrowClock clock;
    private final EscrowConfig.Risk config;
    private final String weights;

    public RiskService(Sql sql, AdvisoryLocks locks, EscrowClock clock, EscrowConfig config, ObjectMapper json) {
        this.sql = sql;
        this.locks = locks;
        this.clock = clock;
        this.config = config.risk();
        this.weights = weights(config.risk().weights(), json);
    }

    /** Recomputes every project. */
    @Transactional
    public Run computeAll(String actor) {
        return compute(null, actor);
    }

    /** Recomputes one project (on demand, before it is shown). */
    @Transactional
    public Run computeOne(long projectId, String actor) {
        return compute(projectId, actor);
    }

    private Run compute(Long projectId, String actor) {
        long started = System.nanoTime();
        locks.acquire(AdvisoryLock.RISK);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("project", projectId);
        p.put("now", clock.now());
        p.put("due_soon", config.dueSoon().toString());
        p.put("deduction_window", config.deductionWindow().toString());
        p.put("no_release_after", config.noReleaseAfter().toString());
        p.put("sales_min_monthly", config.salesMinMonthly());
        p.put("sales_collapse_ratio", config.salesCollapseRatio());
        p.put("weights", weights);
        p.put("cap", config.cap());
        p.put("yellow", config.yellow());
        p.put("orange", config.orange());
        p.put("red", config.red());
        p.put("actor", actor);
        p.put("action", AuditAction.RISK_LEVEL_CHANGED.name());
        return sql.one(STATEMENTS.get("compute"), r -> new Run(r.getLong("projects"), r.getLong("written"), r.getLong("changes"),
                (System.nanoTime() - started) / 1_000_000), p);
    }

    /** The weights by factor kind, as the statement reads them (a JSON object). */
    static String weights(EscrowConfig.Risk.Weights w, ObjectMapper json) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("LOAN_OVERDUE", w.loanOverdue());
        m.put("LOAN_DUE_SOON", w.loanDueSoon());
        m.put("KEY_SHORTFALL", w.keyShortfall());
        m.put("UNEXPLAINED_DEBITS", w.unexplainedDebits());
        m.put("FREEZE", w.freeze());
        m.put("DEDUCTION", w.deduction());
        m.put("RECTIFICATION_OPEN", w.rectificationOpen());
        m.put("RECTIFICATION_OVERDUE", w.rectificationOverdue());
        m.put("SALES_COLLAPSE", w.salesCollapse());
        m.put("NO_NODE_RELEASE", w.noNodeRelease());
        m.put("MISSING_STATEMENTS", w.missingStatements());
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

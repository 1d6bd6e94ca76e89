package cn.escrow.payees;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import cn.escrow.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The registered payees of a project: proposed by its developer or the bureau, approved or rejected by a supervisor
 * other than the proposer. Releases pay only approved payees (escrow.releases.require-registered-payee).
 */
@ApplicationScoped
public class PayeeService {

    /** What a payee does for the project; CONSTRUCTION, MATERIAL and EQUIPMENT are its builders and suppliers. */
    public enum Kind { CONSTRUCTION, MATERIAL, EQUIPMENT, DESIGN, SUPERVISION, OTHER }

    /** A payee as the API shows it. */
    public record PayeeView(long id, long projectId, String name, String accountNo, String bankName, Kind kind, String status,
                            String proposedBy, OffsetDateTime proposedAt, String decidedBy, OffsetDateTime decidedAt,
                            String decisionReason) {
    }

    /** A proposed payee. */
    public record Proposal(String name, String accountNo, String bankName, Kind kind) {
    }

    private static final String VIEW_SQL = """
            SELECT id, project_id, name, account_no, bank_name, kind, status, proposed_by, proposed_at, decided_by, decided_at,
                   decision_reason FROM payee""";

    private final Sql sql;
    private final RegistryService registry;
    private final AuditLog audit;
    private final EscrowClock clock;

    public PayeeService(Sql sql, RegistryService registry, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public PayeeView propose(Caller caller, long projectId, Proposal p) {
        registry.project(caller, projectId); // 404 outside the caller's scope
        Long id = sql.one("""
                INSERT INTO payee (project_id, name, account_no, bank_name, kind, status, proposed_by, proposed_at)
                VALUES (:p, :name, :account, :bank, :kind, 'PROPOSED', :by, :now)
                ON CONFLICT ON CONSTRAINT payee_account_once DO NOTHING RETURNING id""", r -> r.getLong("id"),
                "p", projectId, "name", p.name(), "account", p.accountNo(), "bank", p.bankName(), "kind", p.kind(),
                "by", caller.actor(), "now", clock.now());
        if (id == null) {
            throw new Conflict("Account " + p.accountNo() + " is already a payee of project " + projectId);
        }
        audit.record(caller.actor(), AuditAction.PAYEE_PROPOSED, "payee:" + id, projectId,
                details("name", p.name(), "accountNo", p.accountNo(), "bankName", p.bankName(), "kind", p.kind().name()));
        return view(id);
    }

    @Transactional
    public PayeeView decide(Caller caller, long id, boolean approve, String reason) {
        PayeeView v = view(id);
        if (v == null) {
            throw new NotFound("Payee " + id);
        }
        FourEyes.requireSecondPerson(caller, v.proposedBy(), "proposed this payee");
        int updated = sql.update("""
                UPDATE payee SET status = :status, decided_by = :by, decided_at = :now, decision_reason = :reason
                WHERE id = :id AND status = 'PROPOSED'""", "status", approve ? "APPROVED" : "REJECTED", "by", caller.actor(),
                "now", clock.now(), "reason", reason, "id", id);
        if (updated == 0) {
            throw new Conflict("Payee " + id + " is " + v.status() + ", not awaiting a decision");
        }
        audit.record(caller.actor(), approve ? AuditAction.PAYEE_APPROVED : AuditAction.PAYEE_REJECTED, "payee:" + id,
                v.projectId(), details("reason", reason));
        return view(id);
    }

    /** The project's payees, APPROVED ones first, by name (404 outside the caller's scope). */
    public List<PayeeView> list(Caller caller, long projectId) {
        registry.project(caller, projectId);
        return sql.list(VIEW_SQL + " WHERE project_id = :p ORDER BY status <> 'APPROVED', name, id", this::toView,
                "p", projectId);
    }

    /** The project's approved payee with this account, or null. */
    public PayeeView approved(long projectId, String accountNo) {
        return sql.one(VIEW_SQL + " WHERE project_id = :p AND account_no = :a AND status = 'APPROVED'", this::toView,
                "p", projectId, "a", accountNo);
    }

    private PayeeView view(long id) {
        return sql.one(VIEW_SQL + " WHERE id = :id", this::toView, "id", id);
    }

    private PayeeView toView(Row r) throws SQLException {
        return new PayeeView(r.getLong("id"), r.getLong("project_id"), r.getString("name"), r.getString("account_no"),
                r.getString("bank_name"), Kind.valueOf(r.getString("kind")), r.getString("status"), r.getString("proposed_by"),
                clock.inZone(r.getInstant("proposed_at")), r.getString("decided_by"), clock.inZone(r.getInstant("decided_at")),
                r.getString("decision_reason"));
    }
}

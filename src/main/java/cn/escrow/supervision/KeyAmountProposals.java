package cn.escrow.supervision;

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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Setting a project's key amount with four eyes: a raise (or the first amount) applies at once, since it only
 * protects buyers; a decrease frees supervised money, so it is proposed by one person and applied or rejected by
 * another, against the key amount it was proposed from.
 */
@ApplicationScoped
public class KeyAmountProposals {

    /** A proposed decrease and its decision. */
    public record KeyAmountProposal(long id, long projectId, BigDecimal keyAmount, BigDecimal previous, String reason,
                                    String status, String proposedBy, OffsetDateTime proposedAt, String decidedBy,
                                    OffsetDateTime decidedAt, String decisionNote) {
    }

    /** What a request to set the key amount did: {@code applied} when it was a raise, else {@code proposal}. */
    public record Outcome(SupervisionService.KeyAmountSet applied, KeyAmountProposal proposal) {
    }

    private static final String COLUMNS = "id, project_id, key_amount, previous, reason, status, proposed_by, proposed_at, "
            + "decided_by, decided_at, decision_note";

    private final Sql sql;
    private final SupervisionService supervision;
    private final AuditLog audit;
    private final EscrowClock clock;

    public KeyAmountProposals(Sql sql, SupervisionService supervision, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.supervision = supervision;
        this.audit = audit;
        this.clock = clock;
    }

    /** Applies a raise at once; proposes a decrease (409 while another proposal of the project waits). */
    @Transactional
    public Outcome set(Caller caller, long projectId, BigDecimal keyAmount, String reason) {
        BigDecimal current = supervision.lockRow(projectId);
        if (keyAmount.compareTo(current) >= 0) {
            return new Outcome(supervision.setKeyAmount(caller, projectId, keyAmount, reason), null);
        }
        if (sql.number("SELECT count(*) FROM key_amount_proposal WHERE project_id = :p AND status = 'PROPOSED'", "p", projectId) > 0) {
            throw new Conflict("A key amount decrease of project " + projectId + " awaits a decision");
        }
        KeyAmountProposal p = sql.one("""
                INSERT INTO key_amount_proposal (project_id, key_amount, previous, reason, status, proposed_by, proposed_at)
                VALUES (:p, :k, :previous, :reason, 'PROPOSED', :by, :now) RETURNING\s""" + COLUMNS, this::view,
                "p", projectId, "k", keyAmount, "previous", current, "reason", reason, "by", caller.actor(), "now", clock.now());
        audit.record(caller.actor(), AuditAction.KEY_AMOUNT_DECREASE_PROPOSED, "key-amount-proposal:" + p.id(), projectId,
                details("keyAmount", keyAmount.toPlainString(), "previous", current.toPlainString(), "reason", reason));
        return new Outcome(null, p);
    }

    /**
     * Another person applies or rejects a proposal: 403 for its proposer; 409 when it is not PROPOSED, or (to apply)
     * when the key amount changed since it was proposed.
     */
    @Transactional
    public KeyAmountProposal decide(Caller caller, long projectId, long proposalId, boolean apply, String note) {
        BigDecimal current = supervision.lockRow(projectId);
        KeyAmountProposal p = find(projectId, proposalId);
        if (!"PROPOSED".equals(p.status())) {
            throw new Conflict("Key amount proposal " + proposalId + " is " + p.status());
        }
        FourEyes.requireSecondPerson(caller, p.proposedBy(), "proposed this key amount");
        if (apply && current.compareTo(p.previous()) != 0) {
            throw new Conflict("The key amount changed since the proposal (now " + current.toPlainString() + ")");
        }
        sql.update("""
                UPDATE key_amount_proposal SET status = :s, decided_by = :by, decided_at = :now, decision_note = :note
                WHERE id = :id""", "s", apply ? "APPLIED" : "REJECTED", "by", caller.actor(), "now", clock.now(), "note", note,
                "id", proposalId);
        if (apply) {
            supervision.setKeyAmount(caller, projectId, p.keyAmount(), p.reason() + " (proposed by " + p.proposedBy() + ")", proposalId);
        } else {
            audit.record(caller.actor(), AuditAction.KEY_AMOUNT_DECREASE_REJECTED, "key-amount-proposal:" + proposalId, projectId,
                    details("keyAmount", p.keyAmount().toPlainString(), "proposedBy", p.proposedBy(), "note", note));
        }
        return find(projectId, proposalId);
    }

    /** The project's proposals, newest first; 404 when there is no such project. */
    public List<KeyAmountProposal> list(long projectId) {
        supervision.requireProject(projectId);
        return sql.list("SELECT " + COLUMNS + " FROM key_amount_proposal WHERE project_id = :p ORDER BY proposed_at DESC, id DESC",
                this::view, "p", projectId);
    }

    private KeyAmountProposal find(long projectId, long proposalId) {
        KeyAmountProposal p = sql.one("SELECT " + COLUMNS + " FROM key_amount_proposal WHERE id = :id AND project_id = :p",
                this::view, "id", proposalId, "p", projectId);
        if (p == null) {
            throw new NotFound("Key amount proposal " + proposalId);
        }
        return p;
    }

    private KeyAmountProposal view(Row r) throws SQLException {
        return new KeyAmountProposal(r.getLong("id"), r.getLong("project_id"), r.getMoney("key_amount"), r.getMoney("previous"),
                r.getString("reason"), r.getString("status"), r.getString("proposed_by"), clock.inZone(r.getInstant("proposed_at")),
                r.getString("decided_by"), clock.inZone(r.getInstant("decided_at")), r.getString("decision_note"));
    }
}

package cn.escrow.loans;

import cn.escrow.audit.AuditAction;
import cn.escrow.bank.BankViews.DisbursementView;
import cn.escrow.bank.PushViews;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import cn.escrow.signing.SigningControl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The end of loan notices that will never be paid: revoked by their lender, withdrawn by a supervisor,
 * or withdrawn with their contract's cancellation. Only a notice with no money matched to it can be
 * withdrawn; doing it twice changes nothing; withdrawing the last overdue notice of a project gives its
 * signing back in the same transaction (unless a manual lock remains). Each withdrawal is an audit event
 * with its reason.
 *
 * <p>Every path takes the supervised account's row lock first, as every push does, so a withdrawal and a
 * loan credit of the same project never cross: the credit either matched first (then the notice cannot be
 * withdrawn) or finds the notice withdrawn.
 */
@ApplicationScoped
public class LoanNoticeService {

    /** Why a notice was withdrawn (the audit event's {@code cause}). */
    enum Cause { REVOKED_BY_LENDER, WITHDRAWN_BY_SUPERVISOR, CONTRACT_CANCELLED }

    private static final String WITHDRAW = """
            WITH target AS (
                SELECT id, status FROM loan_disbursement
                WHERE ((id = :id AND matched_amount = 0) OR contract_id = :contract) AND status IN ('AWAITING_FUNDS', 'OVERDUE')
                FOR UPDATE),
            withdrawn AS (
                UPDATE loan_disbursement d SET status = 'WITHDRAWN', withdrawn_at = :now, withdrawn_by = :actor, withdrawal_reason = :reason
                FROM target WHERE d.id = target.id
                RETURNING d.id, d.serial_no, d.bank_code, d.project_id, target.status AS previous_status),
            audited AS (
                INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                SELECT :now, :actor, :action, 'disbursement:' || serial_no, project_id,
                       jsonb_build_object('lenderCode', bank_code, 'reason', CAST(:reason AS text), 'cause', CAST(:cause AS text),
                                          'previousStatus', previous_status)
                FROM withdrawn)
            SELECT id, serial_no, previous_status FROM withdrawn""";

    private final Sql sql;
    private final PushViews views;
    private final EscrowClock clock;
    private final SigningControl signing;

    public LoanNoticeService(Sql sql, PushViews views, EscrowClock clock, SigningControl signing) {
        this.sql = sql;
        this.views = views;
        this.clock = clock;
        this.signing = signing;
    }

    /** A notice its lender pushed, as it stands; 404 for any other serial, another lender's included. */
    public DisbursementView lenderNotice(Caller lender, String serialNo) {
        Long id = sql.one("SELECT id FROM loan_disbursement WHERE bank_code = :lender AND serial_no = :serial", r -> r.getLong("id"),
                "lender", lender.bankCode(), "serial", serialNo);
        if (id == null) {
            throw new NotFound("Loan notice " + serialNo);
        }
        return views.disbursement(id);
    }

    /** The lender revokes a notice it pushed (a refused or re-issued loan). */
    @Transactional
    public DisbursementView revoke(Caller lender, String serialNo, String reason) {
        Long id = sql.one("""
                SELECT d.id FROM loan_disbursement d JOIN supervised_account a ON a.project_id = d.project_id
                WHERE d.bank_code = :lender AND d.serial_no = :serial FOR UPDATE OF a""", r -> r.getLong("id"),
                "lender", lender.bankCode(), "serial", serialNo);
        if (id == null) {
            throw new NotFound("Loan notice " + serialNo);
        }
        return withdrawOne(id, lender.actor(), reason, Cause.REVOKED_BY_LENDER);
    }

    /** A supervisor withdraws a notice that will never be paid. */
    @Transactional
    public DisbursementView withdraw(Caller supervisor, long id, String reason) {
        Long found = sql.one("""
                SELECT d.id FROM loan_disbursement d JOIN supervised_account a ON a.project_id = d.project_id
                WHERE d.id = :id FOR UPDATE OF a""", r -> r.getLong("id"), "id", id);
        if (found == null) {
            throw new NotFound("Loan notice " + id);
        }
        return withdrawOne(id, supervisor.actor(), reason, Cause.WITHDRAWN_BY_SUPERVISOR);
    }

    /**
     * Locks the supervised account of a contract's project, the first lock of every push and withdrawal:
     * a cancellation takes it before it locks the contract, so that it and a notice's push cannot deadlock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAccountOfContract(String contractNo) {
        sql.one("""
                SELECT a.project_id FROM supervised_account a JOIN contract c ON c.project_id = a.project_id
                WHERE c.contract_no = :contract FOR UPDATE OF a""", r -> r.getLong("project_id"), "contract", contractNo);
    }

    /**
     * Withdraws every notice of a cancelled contract that is not settled (the caller holds the account lock, see
     * {@link #lockAccountOfContract}), a partly paid one too: the rest will never come for a cancelled contract,
     * and left awaiting it would go overdue and lock the project's signing for good. Matched money stays matched.
     * Returns the serial numbers withdrawn.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<String> withdrawForContract(long contractId, long projectId, String actor, String reason) {
        List<Withdrawn> withdrawn = withdraw(null, contractId, actor, reason, Cause.CONTRACT_CANCELLED);
        afterWithdrawal(projectId, actor, withdrawn);
        return withdrawn.stream().map(Withdrawn::serialNo).toList();
    }

    private DisbursementView withdrawOne(long id, String actor, String reason, Cause cause) {
        Current current = sql.one("SELECT status, matched_amount, project_id, serial_no FROM loan_disbursement WHERE id = :id",
                r -> new Current(r.getString("status"), r.getBigDecimal("matched_amount"), r.getLong("project_id"),
                        r.getString("serial_no")), "id", id);
        if ("WITHDRAWN".equals(current.status())) {
            return views.disbursement(id); // a repeat: 200, nothing changes
        }
        if (current.matchedAmount().signum() > 0) {
            throw new Conflict("Loan notice " + current.serialNo() + " has " + current.matchedAmount().toPlainString()
                    + " CNY of loan money matched to it and cannot be withdrawn");
        }
        afterWithdrawal(current.projectId(), actor, withdraw(id, null, actor, reason, cause));
        return views.disbursement(id);
    }

    private List<Withdrawn> withdraw(Long id, Long contractId, String actor, String reason, Cause cause) {
        Instant now = clock.now();
        return sql.list(WITHDRAW, r -> new Withdrawn(r.getString("serial_no"), "OVERDUE".equals(r.getString("previous_status"))),
                "id", id, "contract", contractId, "now", now, "actor", actor, "reason", reason, "cause", cause.name(),
                "action", AuditAction.LOAN_DISBURSEMENT_WITHDRAWN.name());
    }

    /** The project may get its signing back when an overdue notice went. */
    private void afterWithdrawal(long projectId, String actor, List<Withdrawn> withdrawn) {
        if (withdrawn.stream().anyMatch(Withdrawn::wasOverdue)) {
            signing.afterOverdueWithdrawn(projectId, actor);
        }
    }

    private record Current(String status, BigDecimal matchedAmount, long projectId, String serialNo) {
    }

    private record Withdrawn(String serialNo, boolean wasOverdue) {
    }
}

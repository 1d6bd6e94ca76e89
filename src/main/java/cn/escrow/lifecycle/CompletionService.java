package cn.escrow.lifecycle;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.guarantees.GuaranteeService;
import cn.escrow.lifecycle.LifecycleViews.LifecycleView;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import cn.escrow.supervision.SupervisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Completion filing (竣工验收备案) and first registration (首次登记), which open the last construction nodes, and the end
 * of supervision: one supervisor applies, another approves once the obligations are met ({@link Obligations}); the
 * project is then ENDED, its remaining balance leaves supervision, its account is CLOSED and the bank reads the close
 * instruction. Every step runs under the project's supervision lock, as release approvals do.
 */
@ApplicationScoped
public class CompletionService {

    private final Sql sql;
    private final SupervisionService supervision;
    private final Obligations obligations;
    private final GuaranteeService guarantees;
    private final AuditLog audit;
    private final EscrowClock clock;

    public CompletionService(Sql sql, SupervisionService supervision, Obligations obligations, GuaranteeService guarantees,
                             AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.supervision = supervision;
        this.obligations = obligations;
        this.guarantees = guarantees;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public LifecycleView fileCompletion(Caller caller, long projectId, String certificateNo, LocalDate filedOn) {
        LifecycleView now = locked(projectId);
        if (now.completionCertificateNo() != null) {
            throw new Conflict("Completion filing of project " + projectId + " is recorded already (" + now.completionCertificateNo() + ")");
        }
        sql.update("""
                UPDATE project_lifecycle SET completion_certificate_no = :no, completion_filed_on = :on, completion_recorded_by = :by
                WHERE project_id = :p""", "no", certificateNo, "on", filedOn, "by", caller.actor(), "p", projectId);
        audit.record(caller.actor(), AuditAction.COMPLETION_FILED, "project:" + projectId, projectId,
                details("certificateNo", certificateNo, "filedOn", filedOn.toString()));
        guarantees.expireAll(caller.actor(), projectId, "COMPLETION_FILING"); // a guarantee covers the building until completion
        return view(projectId);
    }

    @Transactional
    public LifecycleView recordFirstRegistration(Caller caller, long projectId, String certificateNo, LocalDate registeredOn) {
        LifecycleView now = locked(projectId);
        if (now.completionCertificateNo() == null) {
            throw new Conflict("First registration comes after the completion filing, which is not recorded");
        }
        if (now.registrationCertificateNo() != null) {
            throw new Conflict("First registration of project " + projectId + " is recorded already (" + now.registrationCertificateNo() + ")");
        }
        sql.update("""
                UPDATE project_lifecycle SET registration_certificate_no = :no, registered_on = :on, registration_recorded_by = :by
                WHERE project_id = :p""", "no", certificateNo, "on", registeredOn, "by", caller.actor(), "p", projectId);
        audit.record(caller.actor(), AuditAction.FIRST_REGISTRATION_RECORDED, "project:" + projectId, projectId,
                details("certificateNo", certificateNo, "registeredOn", registeredOn.toString()));
        return view(projectId);
    }

    /** The first of the two decisions: 409 with the obligations still open (unmet), or once applied for. */
    @Transactional
    public LifecycleView applyForEnd(Caller caller, long projectId, String reason) {
        LifecycleView now = locked(projectId);
        if (!"SUPERVISED".equals(now.state())) {
            throw new Conflict("The end of supervision of project " + projectId + " is " + now.state() + " already");
        }
        obligations.requireMet(projectId, now);
        sql.update("""
                UPDATE project_lifecycle SET state = 'ENDING', end_reason = :reason, end_applied_by = :by, end_applied_at = :now
                WHERE project_id = :p""", "reason", reason, "by", caller.actor(), "now", clock.now(), "p", projectId);
        audit.record(caller.actor(), AuditAction.SUPERVISION_END_APPLIED, "project:" + projectId, projectId, details("reason", reason));
        return view(projectId);
    }

    /** The second decision, by another person: the obligations are checked again, the account closes. */
    @Transactional
    public LifecycleView approveEnd(Caller caller, long projectId, String reason) {
        LifecycleView now = locked(projectId);
        if (!"ENDING".equals(now.state())) {
            throw new Conflict("No end of supervision of project " + projectId + " awaits a decision (it is " + now.state() + ")");
        }
        FourEyes.requireSecondPerson(caller, now.endAppliedBy(), "applied for the end of this project's supervision");
        obligations.requireMet(projectId, now);
        BigDecimal balance = sql.one("SELECT balance FROM supervised_account WHERE project_id = :p FOR UPDATE",
                r -> r.getMoney("balance"), "p", projectId);
        if (balance != null) {
            sql.update("""
                    INSERT INTO former_account (account_no, project_id, bank_code, final_balance, closed_at, why)
                    SELECT account_no, project_id, bank_code, balance, :now, 'SUPERVISION_ENDED' FROM supervised_account
                    WHERE project_id = :p""", "now", clock.now(), "p", projectId);
            sql.update("UPDATE supervised_account SET status = 'CLOSED', closed_at = :now WHERE project_id = :p",
                    "now", clock.now(), "p", projectId);
        }
        BigDecimal released = balance == null ? BigDecimal.ZERO.setScale(2) : balance;
        sql.update("""
                UPDATE project_lifecycle SET state = 'ENDED', ended_by = :by, ended_at = :now, released_balance = :released
                WHERE project_id = :p""", "by", caller.actor(), "now", clock.now(), "released", released, "p", projectId);
        audit.record(caller.actor(), AuditAction.SUPERVISION_ENDED, "project:" + projectId, projectId,
                details("releasedBalance", released.toPlainString(), "reason", reason));
        return view(projectId);
    }

    /** The project's lifecycle; 404 when there is no such project (a project without one is SUPERVISED). */
    public LifecycleView view(long projectId) {
        supervision.requireProject(projectId);
        LifecycleView v = sql.one("""
                SELECT completion_certificate_no, completion_filed_on, registration_certificate_no, registered_on, state, end_reason,
                       end_applied_by, end_applied_at, ended_by, ended_at, released_balance
                FROM project_lifecycle WHERE project_id = :p""",
                r -> new LifecycleView(projectId, r.getString("completion_certificate_no"), r.getLocalDate("completion_filed_on"),
                        r.getString("registration_certificate_no"), r.getLocalDate("registered_on"), r.getString("state"),
                        r.getString("end_reason"), r.getString("end_applied_by"), clock.inZone(r.getInstant("end_applied_at")),
                        r.getString("ended_by"), clock.inZone(r.getInstant("ended_at")), r.getMoney("released_balance")),
                "p", projectId);
        return v != null ? v : new LifecycleView(projectId, null, null, null, null, "SUPERVISED", null, null, null, null, null, null);
    }

    /** Takes the project's supervision lock and makes sure its lifecycle row exists. */
    private LifecycleView locked(long projectId) {
        supervision.lockRow(projectId);
        sql.update("INSERT INTO project_lifecycle (project_id) VALUES (:p) ON CONFLICT (project_id) DO NOTHING", "p", projectId);
        return view(projectId);
    }

    /** The close instruction of an account whose project's supervision ended; a bank sees only its own (else 404). */
    public LifecycleViews.CloseInstruction closeInstruction(Caller caller, String accountNo) {
        LifecycleViews.CloseInstruction ci = sql.one("""
                SELECT a.project_id, a.bank_code, a.account_no, a.status, l.ended_at, l.released_balance
                FROM supervised_account a JOIN project_lifecycle l ON l.project_id = a.project_id AND l.state = 'ENDED'
                WHERE a.account_no = :no AND a.status = 'CLOSED' AND (CAST(:bank AS varchar) IS NULL OR a.bank_code = :bank)""",
                r -> new LifecycleViews.CloseInstruction(r.getLong("project_id"), r.getString("bank_code"), r.getString("account_no"),
                        r.getString("status"), clock.inZone(r.getInstant("ended_at")), r.getMoney("released_balance"),
                        "解除监管: supervision of the project has ended; the balance is free to the developer and the account is no "
                                + "longer supervised. Further pushes for it are refused (account-closed)."),
                "no", accountNo, "bank", caller.bankCode());
        if (ci == null) {
            throw new cn.escrow.platform.error.NotFound("Close instruction for account " + accountNo);
        }
        return ci;
    }
}

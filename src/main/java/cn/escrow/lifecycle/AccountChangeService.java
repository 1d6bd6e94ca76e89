package cn.escrow.lifecycle;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.lifecycle.LifecycleViews.AccountChangeView;
import cn.escrow.lifecycle.LifecycleViews.AccountView;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.AccountClosed;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import cn.escrow.supervision.SupervisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.List;

/**
 * A change of a project's supervised account or bank: one person applies, another approves or rejects. The approval
 * hands the balance over under the project's supervision lock and the account's row lock (the lock order of release
 * approvals and pushes): the old number becomes a former account holding the balance it had, the new number carries
 * the same ledger and awaits its bank's confirmation of exactly that balance. One open change per project (a unique
 * index), so two changes at once cannot both be applied.
 */
@ApplicationScoped
public class AccountChangeService {

    private final Sql sql;
    private final AgreementService agreements;
    private final SupervisionService supervision;
    private final AuditLog audit;
    private final EscrowClock clock;

    public AccountChangeService(Sql sql, AgreementService agreements, SupervisionService supervision, AuditLog audit,
                                EscrowClock clock) {
        this.sql = sql;
        this.agreements = agreements;
        this.supervision = supervision;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public AccountChangeView apply(Caller caller, long projectId, String toBankCode, String toAccountNo, String reason) {
        supervision.lockRow(projectId);
        AccountView account = agreements.account(projectId);
        if (account == null) {
            throw new UnknownReference("Project " + projectId + " has no supervised account");
        }
        if ("CLOSED".equals(account.status())) {
            throw new AccountClosed("The project's supervised account is closed: supervision has ended");
        }
        if (sql.one("""
                SELECT 1 AS found FROM supervised_account WHERE account_no = :no
                UNION ALL SELECT 1 FROM former_account WHERE account_no = :no""", r -> true, "no", toAccountNo) != null) {
            throw new Conflict("Account number " + toAccountNo + " is or was a supervised account");
        }
        long id = sql.number("SELECT nextval(pg_get_serial_sequence('account_change', 'id'))");
        String changeNo = "AC%08d".formatted(id);
        // The unique index on open changes answers a second application, also a concurrent one, with 409.
        sql.update("""
                INSERT INTO account_change (id, change_no, project_id, from_bank_code, from_account_no, to_bank_code, to_account_no,
                    reason, status, applied_by, applied_at)
                OVERRIDING SYSTEM VALUE
                VALUES (:id, :no, :p, :fromBank, :fromAccount, :toBank, :toAccount, :reason, 'APPLIED', :by, :now)""",
                "id", id, "no", changeNo, "p", projectId, "fromBank", account.bankCode(), "fromAccount", account.accountNo(),
                "toBank", toBankCode, "toAccount", toAccountNo, "reason", reason, "by", caller.actor(), "now", clock.now());
        audit.record(caller.actor(), AuditAction.ACCOUNT_CHANGE_APPLIED, "account-change:" + changeNo, projectId,
                details("from", account.bankCode() + "/" + account.accountNo(), "to", toBankCode + "/" + toAccountNo, "reason", reason));
        return view(changeNo);
    }

    /** Approves the change and hands the balance over (see the class comment); 409 unless it is APPLIED. */
    @Transactional
    public AccountChangeView approve(Caller caller, String changeNo, String reason) {
        AccountChangeView change = decidable(caller, changeNo);
        long projectId = change.projectId();
        supervision.lockRow(projectId);
        AccountView account = sql.one("""
                SELECT project_id, bank_code, account_no, status, balance FROM supervised_account WHERE project_id = :p FOR UPDATE""",
                r -> new AccountView(r.getLong("project_id"), r.getString("bank_code"), r.getString("account_no"),
                        r.getString("status"), r.getMoney("balance"), null, null, null), "p", projectId);
        String status = sql.one("SELECT status FROM account_change WHERE change_no = :no FOR UPDATE", r -> r.getString("status"),
                "no", changeNo);
        if (!"APPLIED".equals(status)) {
            throw new Conflict("Account change " + changeNo + " is " + status + ", not awaiting a decision");
        }
        if ("CLOSED".equals(account.status())) {
            throw new AccountClosed("The project's supervised account is closed: supervision has ended");
        }
        sql.update("""
                INSERT INTO former_account (account_no, project_id, bank_code, final_balance, closed_at, why)
                VALUES (:no, :p, :bank, :balance, :now, 'CHANGED')""",
                "no", account.accountNo(), "p", projectId, "bank", account.bankCode(), "balance", account.balance(), "now", clock.now());
        sql.update("""
                UPDATE supervised_account SET bank_code = :bank, account_no = :no, status = 'AWAITING_CONFIRMATION',
                    confirmed_by = NULL, confirmed_at = NULL WHERE project_id = :p""",
                "bank", change.toBankCode(), "no", change.toAccountNo(), "p", projectId);
        sql.update("""
                UPDATE account_change SET status = 'APPROVED', decided_by = :by, decided_at = :now, decision_reason = :reason,
                    handed_over = :balance WHERE change_no = :no""",
                "by", caller.actor(), "now", clock.now(), "reason", reason, "balance", account.balance(), "no", changeNo);
        audit.record(caller.actor(), AuditAction.ACCOUNT_CHANGE_APPROVED, "account-change:" + changeNo, projectId,
                details("from", account.bankCode() + "/" + account.accountNo(), "to", change.toBankCode() + "/" + change.toAccountNo(),
                        "handedOver", account.balance().toPlainString(), "reason", reason));
        return view(changeNo);
    }

    @Transactional
    public AccountChangeView reject(Caller caller, String changeNo, String reason) {
        AccountChangeView change = decidable(caller, changeNo);
        int rejected = sql.update("""
                UPDATE account_change SET status = 'REJECTED', decided_by = :by, decided_at = :now, decision_reason = :reason
                WHERE change_no = :no AND status = 'APPLIED'""", "by", caller.actor(), "now", clock.now(), "reason", reason, "no", changeNo);
        if (rejected == 0) {
            throw new Conflict("Account change " + changeNo + " is not awaiting a decision");
        }
        audit.record(caller.actor(), AuditAction.ACCOUNT_CHANGE_REJECTED, "account-change:" + changeNo, change.projectId(),
                details("reason", reason));
        return view(changeNo);
    }

    private AccountChangeView decidable(Caller caller, String changeNo) {
        AccountChangeView change = view(changeNo);
        FourEyes.requireSecondPerson(caller, change.appliedBy(), "applied for this account change");
        return change;
    }

    private static final String VIEW_SQL = """
            SELECT change_no, project_id, from_bank_code, from_account_no, to_bank_code, to_account_no, reason, status,
                   applied_by, applied_at, decided_by, decided_at, decision_reason, handed_over
            FROM account_change""";

    /** The change; 404 when there is none of that number. */
    public AccountChangeView view(String changeNo) {
        AccountChangeView v = sql.one(VIEW_SQL + " WHERE change_no = :no", this::toView, "no", changeNo);
        if (v == null) {
            throw new NotFound("Account change " + changeNo);
        }
        return v;
    }

    /** A project's changes, newest first. */
    public List<AccountChangeView> list(long projectId) {
        return sql.list(VIEW_SQL + " WHERE project_id = :p ORDER BY applied_at DESC, id DESC", this::toView, "p", projectId);
    }

    private AccountChangeView toView(Row r) throws SQLException {
        return new AccountChangeView(r.getString("change_no"), r.getLong("project_id"), r.getString("from_bank_code"),
                r.getString("from_account_no"), r.getString("to_bank_code"), r.getString("to_account_no"), r.getString("reason"),
                r.getString("status"), r.getString("applied_by"), clock.inZone(r.getInstant("applied_at")), r.getString("decided_by"),
                clock.inZone(r.getInstant("decided_at")), r.getString("decision_reason"),
                r.getMoney("handed_over"));
    }
}

package cn.escrow.lifecycle;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.lifecycle.LifecycleViews.AccountView;
import cn.escrow.lifecycle.LifecycleViews.AgreementView;
import cn.escrow.lifecycle.LifecycleViews.DocumentView;
import cn.escrow.lifecycle.LifecycleViews.FormerAccountView;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.AccountClosed;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.security.Caller;
import cn.escrow.registry.RegistryService;
import cn.escrow.supervision.SupervisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;

/**
 * The three-party supervision agreement (bureau, developer, supervising bank) and the bank's confirmation of the
 * account it opens. An account opened under an agreement, or handed over to, awaits the bank's confirmation; the bank
 * confirms with the opening balance it holds, which must equal the ledger's, so a hand-over is reconciled.
 */
@ApplicationScoped
public class AgreementService {

    private final Sql sql;
    private final RegistryService registry;
    private final SupervisionService supervision;
    private final AuditLog audit;
    private final EscrowClock clock;

    public AgreementService(Sql sql, RegistryService registry, SupervisionService supervision, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.registry = registry;
        this.supervision = supervision;
        this.audit = audit;
        this.clock = clock;
    }

    /** What a supervisor records. */
    public record NewAgreement(String agreementNo, LocalDate signedOn, LocalDate validFrom, LocalDate validUntil, String bankCode,
                               String accountNo, String accountName, SignedDocument document) {
    }

    /**
     * Records the agreement and opens the project's account under it (awaiting the bank's confirmation); a project
     * whose account was opened before must name that account, which then awaits confirmation too.
     */
    @Transactional
    public AgreementView record(Caller caller, long projectId, NewAgreement a) {
        supervision.lockRow(projectId);
        if (a.validUntil() != null && a.validUntil().isBefore(a.validFrom())) {
            throw new cn.escrow.platform.error.ValidationFailed("validUntil", "must not be before validFrom");
        }
        if (sql.one("SELECT 1 AS found FROM supervision_agreement WHERE project_id = :p", r -> true, "p", projectId) != null) {
            throw new Conflict("Project " + projectId + " already has its supervision agreement");
        }
        AccountView account = account(projectId);
        if (account == null) {
            if (sql.one("SELECT 1 AS found FROM former_account WHERE account_no = :no", r -> true, "no", a.accountNo()) != null) {
                throw new Conflict("Account number " + a.accountNo() + " was used before and cannot be used again");
            }
            registry.openAccount(caller, projectId, a.bankCode(), a.accountNo(), a.accountName());
        } else if (!account.accountNo().equals(a.accountNo()) || !account.bankCode().equals(a.bankCode())) {
            throw new UnknownReference("The project's supervised account is " + account.accountNo() + " at " + account.bankCode()
                    + ": the agreement must name it");
        } else if ("CLOSED".equals(account.status())) {
            throw new AccountClosed("The project's supervised account is closed");
        }
        sql.update("UPDATE supervised_account SET status = 'AWAITING_CONFIRMATION' WHERE project_id = :p AND confirmed_at IS NULL",
                "p", projectId);
        SignedDocument d = a.document();
        sql.update("""
                INSERT INTO supervision_agreement (project_id, agreement_no, bank_code, signed_on, valid_from, valid_until,
                    document_name, document_type, document_sha256, document_size, document, recorded_by, recorded_at)
                VALUES (:p, :no, :bank, :signed, :from, CAST(:until AS date), :name, :type, :sha, :size, :doc, :by, :now)""",
                "p", projectId, "no", a.agreementNo(), "bank", a.bankCode(), "signed", a.signedOn(), "from", a.validFrom(),
                "until", a.validUntil(), "name", d.name(), "type", d.type(), "sha", d.sha256(), "size", d.content().length,
                "doc", d.content(), "by", caller.actor(), "now", clock.now());
        audit.record(caller.actor(), AuditAction.AGREEMENT_RECORDED, "agreement:" + a.agreementNo(), projectId,
                details("bankCode", a.bankCode(), "accountNo", a.accountNo(), "documentSha256", d.sha256(), "documentType", d.type()));
        return view(projectId);
    }

    /**
     * The supervising bank confirms the account it holds, with the balance it holds: equal to the ledger's (0.00 for a
     * new account, the handed-over balance after a change), else 409 and nothing changes. A repeat answers the account.
     */
    @Transactional
    public AccountView confirm(Caller bank, String accountNo, BigDecimal openingBalance) {
        Long projectId = sql.one("SELECT project_id FROM supervised_account WHERE account_no = :no AND bank_code = :bank",
                r -> r.getLong("project_id"), "no", accountNo, "bank", bank.bankCode());
        if (projectId == null) {
            closedOrUnknown(accountNo, bank.bankCode());
        }
        supervision.lockRow(projectId);
        AccountView account = sql.one(ACCOUNT_SQL + " FOR UPDATE", this::account, "p", projectId);
        if ("CLOSED".equals(account.status())) {
            throw new AccountClosed("Account " + accountNo + " is closed");
        }
        if (account.confirmedAt() != null) {
            return account;
        }
        if (account.balance().compareTo(openingBalance) != 0) {
            throw new Conflict("The ledger holds " + account.balance().toPlainString() + " on account " + accountNo
                    + ", the bank reports " + openingBalance.toPlainString() + ": the hand-over does not reconcile");
        }
        sql.update("""
                UPDATE supervised_account SET status = 'ACTIVE', confirmed_by = :by, confirmed_at = :now WHERE project_id = :p""",
                "by", bank.actor(), "now", clock.now(), "p", projectId);
        audit.record(bank.actor(), AuditAction.ACCOUNT_CONFIRMED, "account:" + accountNo, projectId,
                details("bankCode", bank.bankCode(), "openingBalance", openingBalance.toPlainString()));
        return account(projectId);
    }

    /** 409 {@code account-closed} for a number this bank's project used before, else 404. */
    void closedOrUnknown(String accountNo, String bankCode) {
        if (sql.one("SELECT 1 AS found FROM former_account WHERE account_no = :no AND bank_code = :bank", r -> true,
                "no", accountNo, "bank", bankCode) != null) {
            throw new AccountClosed("Account " + accountNo + " is no longer a supervised account");
        }
        throw new NotFound("Account " + accountNo + " at your bank");
    }

    public AgreementView view(long projectId) {
        AgreementView v = sql.one("""
                SELECT project_id, agreement_no, bank_code, signed_on, valid_from, valid_until, document_name, document_type,
                       document_sha256, document_size, recorded_by, recorded_at
                FROM supervision_agreement WHERE project_id = :p""",
                r -> new AgreementView(projectId, r.getString("agreement_no"), r.getString("bank_code"), r.getLocalDate("signed_on"),
                        r.getLocalDate("valid_from"), r.getLocalDate("valid_until"), new DocumentView(r.getString("document_name"),
                        r.getString("document_type"), r.getString("document_sha256"), r.getInt("document_size")),
                        r.getString("recorded_by"), clock.inZone(r.getInstant("recorded_at")), account(projectId),
                        formerAccounts(projectId)), "p", projectId);
        if (v == null) {
            throw new NotFound("Supervision agreement of project " + projectId);
        }
        return v;
    }

    /** The stored document's type and bytes; 404 when there is no agreement. */
    public SignedDocument document(long projectId) {
        SignedDocument d = sql.one("""
                SELECT document_name, document_type, document_sha256, document FROM supervision_agreement WHERE project_id = :p""",
                r -> new SignedDocument(r.getString("document_name"), r.getString("document_type"), r.getString("document_sha256"),
                        r.getBytes("document")), "p", projectId);
        if (d == null) {
            throw new NotFound("Supervision agreement of project " + projectId);
        }
        return d;
    }

    private static final String ACCOUNT_SQL = """
            SELECT project_id, bank_code, account_no, status, balance, confirmed_by, confirmed_at, closed_at
            FROM supervised_account WHERE project_id = :p""";

    /** The project's account, or null when it has none. */
    public AccountView account(long projectId) {
        return sql.one(ACCOUNT_SQL, this::account, "p", projectId);
    }

    private AccountView account(Row r) throws SQLException {
        return new AccountView(r.getLong("project_id"), r.getString("bank_code"), r.getString("account_no"), r.getString("status"),
                r.getMoney("balance"), r.getString("confirmed_by"), clock.inZone(r.getInstant("confirmed_at")),
                clock.inZone(r.getInstant("closed_at")));
    }

    public List<FormerAccountView> formerAccounts(long projectId) {
        return sql.list("""
                SELECT bank_code, account_no, final_balance, closed_at, why FROM former_account
                WHERE project_id = :p ORDER BY closed_at, account_no""",
                r -> new FormerAccountView(r.getString("bank_code"), r.getString("account_no"), r.getMoney("final_balance"),
                        clock.inZone(r.getInstant("closed_at")), r.getString("why")), "p", projectId);
    }
}

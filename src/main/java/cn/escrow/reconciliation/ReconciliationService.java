package cn.escrow.reconciliation;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.alerts.AlertService;
import cn.escrow.alerts.AlertService.Kind;
import cn.escrow.alerts.AlertService.Severity;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.lifecycle.AccountStatusChecks;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * End-of-day reconciliation: a bank reports an account's closing balance and entry count for a
 * service-zone date; we compare them with the sum and count of the entries it pushed. A difference
 * raises a HIGH BALANCE_MISMATCH alert, which suspends releases from the project until it is closed
 * (the bank statement is authoritative). The bank may correct a day's statement (a new version, the
 * history kept); a correction that matches, or a late entry that makes the ledger match (see
 * {@link LateEntries}), closes the alert.
 */
@ApplicationScoped
public class ReconciliationService {

    private static final String VIEW_SQL = """
            SELECT a.account_no, d.project_id, d.bank_code, d.balance_date, d.closing_balance, d.entry_count,
                   d.own_closing_balance, d.own_entry_count, d.matches, d.received_at, d.version, d.current, d.rechecked_at
            FROM daily_balance d JOIN supervised_account a ON a.project_id = d.project_id
            """;

    private static final String ACCOUNT_SQL = "SELECT project_id, bank_code, status, closed_at FROM supervised_account WHERE account_no = :no";

    private final Sql sql;
    private final AuditLog audit;
    private final AlertService alerts;
    private final EscrowClock clock;
    private final AccountStatusChecks accountLife;

    public ReconciliationService(Sql sql, AuditLog audit, AlertService alerts, EscrowClock clock, AccountStatusChecks accountLife) {
        this.accountLife = accountLife;
        this.sql = sql;
        this.audit = audit;
        this.alerts = alerts;
        this.clock = clock;
    }

    @Transactional
    public Outcome<DailyBalanceView> push(Caller bank, DailyBalancePush push) {
        LocalDate date = parseDate(push.date());
        Instant now = clock.now();
        if (date.isAfter(LocalDate.ofInstant(now, clock.zone()))) {
            throw new ValidationFailed("date", "must not be after today in the service zone");
        }
        long projectId = account(push.accountNo(), bank, date, false);
        String fingerprint = push.fingerprint();
        Outcome<DailyBalanceView> replay = replay(projectId, date, fingerprint);
        if (replay != null) {
            return replay;
        }
        account(push.accountNo(), bank, date, true);
        // A concurrent identical push may have committed while we waited for the account lock.
        replay = replay(projectId, date, fingerprint);
        if (replay != null) {
            return replay;
        }

        Instant dayStart = date.atStartOfDay(clock.zone()).toInstant();
        Instant nextDay = date.plusDays(1).atStartOfDay(clock.zone()).toInstant();
        Own own = sql.one("""
                SELECT coalesce(sum(CASE WHEN direction = 'CREDIT' THEN amount ELSE -amount END), 0) AS balance,
                       count(*) FILTER (WHERE booked_at >= :dayStart) AS entries
                FROM account_transaction WHERE project_id = :p AND booked_at < :nextDay""",
                r -> new Own(r.getMoney("balance"), r.getInt("entries")),
                "p", projectId, "dayStart", dayStart, "nextDay", nextDay);
        BigDecimal ownBalance = own.balance();
        int ownCount = own.entries();
        boolean matches = ownBalance.compareTo(push.closingBalance()) == 0 && ownCount == push.entryCount();

        // A different statement for a day already reported is the bank's correction: the next version, the last one current.
        int version = sql.one("""
                WITH previous AS (UPDATE daily_balance SET current = false
                                  WHERE project_id = :p AND balance_date = :date AND current RETURNING version)
                SELECT coalesce(max(version), 0) + 1 AS version FROM previous""", r -> r.getInt("version"),
                "p", projectId, "date", date);
        sql.update("""
                INSERT INTO daily_balance (bank_code, project_id, balance_date, closing_balance, entry_count,
                    own_closing_balance, own_entry_count, matches, received_at, content_hash, version, current)
                VALUES (:bank, :p, :date, :closing, :count, :ownClosing, :ownCount, :matches, :now, :hash, :version, true)""",
                "bank", bank.bankCode(), "p", projectId, "date", date, "closing", push.closingBalance(),
                "count", push.entryCount(), "ownClosing", ownBalance, "ownCount", ownCount, "matches", matches,
                "now", now, "hash", fingerprint, "version", version);
        String subject = subject(push.accountNo(), date);
        String closing = push.closingBalance().setScale(2).toPlainString();
        if (matches) {
            closeMismatch(bank.actor(), projectId, subject, "The bank's statement version " + version + " matches the ledger");
        } else if (!alerts.hasOpen(projectId, Kind.BALANCE_MISMATCH, subject)) {
            alerts.raise(bank.actor(), projectId, Kind.BALANCE_MISMATCH, Severity.HIGH, subject,
                    "On " + date + " the bank reports a closing balance of " + closing + " in " + push.entryCount()
                            + " entries; the pushed entries give " + ownBalance.toPlainString() + " in " + ownCount
                            + ". Releases are suspended until this alert is closed.");
        }
        audit.record(bank.actor(), version == 1 ? AuditAction.DAILY_BALANCE_PUSHED : AuditAction.DAILY_BALANCE_CORRECTED, subject,
                projectId, details("bankCode", bank.bankCode(), "accountNo", push.accountNo(), "date", date.toString(),
                        "version", version, "closingBalance", closing, "entryCount", push.entryCount(),
                        "ownClosingBalance", ownBalance.toPlainString(), "ownEntryCount", ownCount, "matches", matches));
        return new Outcome<>(view(projectId, date), true);
    }

    static String subject(String accountNo, LocalDate date) {
        return "daily-balance:" + accountNo + ":" + date;
    }

    /** Closes the day's open BALANCE_MISMATCH alerts, saying why. */
    void closeMismatch(String actor, long projectId, String subject, String why) {
        for (long alertId : sql.list("""
                SELECT id FROM alert WHERE project_id = :p AND kind = 'BALANCE_MISMATCH' AND subject = :subject
                  AND status <> 'CLOSED' ORDER BY id""", r -> r.getLong("id"), "p", projectId, "subject", subject)) {
            alerts.close(actor, alertId, why);
        }
    }

    /** Every version of the account's statement for a day, newest first; 404 when the day was never reported. */
    public List<DailyBalanceView> versions(long projectId, LocalDate date) {
        List<DailyBalanceView> versions = sql.list(VIEW_SQL + " WHERE d.project_id = :p AND d.balance_date = :d ORDER BY d.version DESC",
                this::toView, "p", projectId, "d", date);
        if (versions.isEmpty()) {
            throw new NotFound("Daily balance of " + date);
        }
        return versions;
    }

    /** The account's reconciled days, newest first. */
    public List<DailyBalanceView> list(long projectId, PageRequest paging) {
        return sql.list(VIEW_SQL + " WHERE d.project_id = :p AND d.current ORDER BY d.balance_date DESC LIMIT :limit OFFSET :offset",
                this::toView, "p", projectId, "limit", paging.size(), "offset", paging.offset());
    }

    public long count(long projectId) {
        return sql.number("SELECT count(*) FROM daily_balance WHERE project_id = :p AND current", "p", projectId);
    }

    /** The project of a supervised account, for reads; 404 when there is no such account. */
    public long projectOf(String accountNo) {
        Long projectId = sql.one("SELECT project_id FROM supervised_account WHERE account_no = :no",
                r -> r.getLong("project_id"), "no", accountNo);
        if (projectId == null) {
            throw new NotFound("Account " + accountNo);
        }
        return projectId;
    }

    static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationFailed("date", "must be a valid date yyyy-MM-dd");
        }
    }

    /**
     * The account's project after checking it exists (else 422; a former number 409 {@code account-closed}), is held at
     * the bank (else 403), and was still supervised on the statement's day; optionally locks it. A closed account takes
     * statements up to its closing day: the bank's end-of-day statement of that day comes after the closing and is the
     * last reconciliation of the supervised ledger; a later day's is refused ({@code account-closed}). A number the project
     * left for another is refused whatever the day: the ledger carries on under the new number, so the old bank's figures
     * cannot be reconciled against it.
     */
    private long account(String accountNo, Caller bank, LocalDate date, boolean lock) {
        Account account = sql.one(lock ? ACCOUNT_SQL + " FOR UPDATE" : ACCOUNT_SQL,
                r -> new Account(r.getLong("project_id"), r.getString("bank_code"), r.getString("status"),
                        r.getInstant("closed_at")), "no", accountNo);
        if (account == null) {
            accountLife.refuseFormer(accountNo);
            throw new UnknownReference("Account " + accountNo + " is not a supervised account");
        }
        if (!account.bankCode().equals(bank.bankCode())) {
            throw new Forbidden("Account " + accountNo + " is not held at your bank");
        }
        if (account.closedAt() != null && date.isAfter(LocalDate.ofInstant(account.closedAt(), clock.zone()))) {
            AccountStatusChecks.refuseClosed(accountNo, account.status());
        }
        return account.projectId();
    }

    /**
     * A re-send identical to the current version of the day's statement is a replay (200, the day as it stands). Anything
     * else is the bank's correction, even back to an earlier version's figures: the bank's latest statement is authoritative.
     */
    private Outcome<DailyBalanceView> replay(long projectId, LocalDate date, String fingerprint) {
        if (sql.one("""
                SELECT 1 AS found FROM daily_balance WHERE project_id = :p AND balance_date = :d AND current AND content_hash = :h""",
                r -> true, "p", projectId, "d", date, "h", fingerprint) == null) {
            return null;
        }
        return new Outcome<>(view(projectId, date), false);
    }

    private DailyBalanceView view(long projectId, LocalDate date) {
        return sql.one(VIEW_SQL + " WHERE d.project_id = :p AND d.balance_date = :d AND d.current", this::toView,
                "p", projectId, "d", date);
    }

    private DailyBalanceView toView(Row r) throws SQLException {
        return new DailyBalanceView(r.getString("account_no"), r.getLong("project_id"), r.getString("bank_code"),
                r.getLocalDate("balance_date"), r.getMoney("closing_balance"), r.getInt("entry_count"),
                r.getMoney("own_closing_balance"), r.getInt("own_entry_count"), r.getBoolean("matches"),
                clock.inZone(r.getInstant("received_at")), r.getInt("version"), r.getBoolean("current"),
                clock.inZone(r.getInstant("rechecked_at")));
    }

    /** What the pushed entries give for the day: the closing balance and the day's entry count. */
    private record Own(BigDecimal balance, int entries) {
    }

    private record Account(long projectId, String bankCode, String status, Instant closedAt) {
    }
}

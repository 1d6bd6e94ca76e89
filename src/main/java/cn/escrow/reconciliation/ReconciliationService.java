package cn.escrow.reconciliation;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.alerts.AlertService;
import cn.escrow.alerts.AlertService.Kind;
import cn.escrow.alerts.AlertService.Severity;
import cn.escrow.audit.AuditLog;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.SqlValues;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * End-of-day reconciliation: a bank reports an account's closing balance and entry count for a
 * service-zone date; we compare them with the sum and count of the entries it pushed. A difference
 * raises a HIGH BALANCE_MISMATCH alert, which suspends releases from the project until a supervisor
 * closes it (the bank statement is authoritative; the fix is on whichever side lost an entry).
 */
@ApplicationScoped
public class ReconciliationService {

    private static final String VIEW_SQL = """
            SELECT a.account_no, d.project_id, d.bank_code, d.balance_date, d.closing_balance, d.entry_count,
                   d.own_closing_balance, d.own_entry_count, d.matches, d.received_at
            FROM daily_balance d JOIN supervised_account a ON a.project_id = d.project_id
            """;

    private final EntityManager em;
    private final AuditLog audit;
    private final AlertService alerts;
    private final EscrowClock clock;

    public ReconciliationService(EntityManager em, AuditLog audit, AlertService alerts, EscrowClock clock) {
        this.em = em;
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
        long projectId = account(push.accountNo(), bank, false);
        String fingerprint = push.fingerprint();
        Outcome<DailyBalanceView> replay = replay(projectId, date, push, fingerprint);
        if (replay != null) {
            return replay;
        }
        account(push.accountNo(), bank, true);
        // A concurrent identical push may have committed while we waited for the account lock.
        replay = replay(projectId, date, push, fingerprint);
        if (replay != null) {
            return replay;
        }

        Instant dayStart = date.atStartOfDay(clock.zone()).toInstant();
        Instant nextDay = date.plusDays(1).atStartOfDay(clock.zone()).toInstant();
        Object[] own = (Object[]) em.createNativeQuery("""
                SELECT COALESCE(sum(CASE WHEN direction = 'CREDIT' THEN amount ELSE -amount END), 0),
                       count(*) FILTER (WHERE booked_at >= :dayStart)
                FROM account_transaction WHERE project_id = :p AND booked_at < :nextDay""")
                .setParameter("p", projectId).setParameter("dayStart", dayStart).setParameter("nextDay", nextDay)
                .getSingleResult();
        BigDecimal ownBalance = ((BigDecimal) own[0]).setScale(2);
        int ownCount = ((Number) own[1]).intValue();
        boolean matches = ownBalance.compareTo(push.closingBalance()) == 0 && ownCount == push.entryCount();

        List<?> inserted = em.createNativeQuery("""
                INSERT INTO daily_balance (bank_code, project_id, balance_date, closing_balance, entry_count,
                    own_closing_balance, own_entry_count, matches, received_at, content_hash)
                VALUES (:bank, :p, :date, :closing, :count, :ownClosing, :ownCount, :matches, :now, :hash)
                ON CONFLICT ON CONSTRAINT daily_balance_key DO NOTHING
                RETURNING id""")
                .setParameter("bank", bank.bankCode()).setParameter("p", projectId).setParameter("date", date)
                .setParameter("closing", push.closingBalance()).setParameter("count", push.entryCount())
                .setParameter("ownClosing", ownBalance).setParameter("ownCount", ownCount).setParameter("matches", matches)
                .setParameter("now", now).setParameter("hash", fingerprint)
                .getResultList();
        if (inserted.isEmpty()) {
            return replay(projectId, date, push, fingerprint);
        }
        String subject = "daily-balance:" + push.accountNo() + ":" + date;
        String closing = push.closingBalance().setScale(2).toPlainString();
        if (!matches) {
            alerts.raise(bank.actor(), projectId, Kind.BALANCE_MISMATCH, Severity.HIGH, subject,
                    "On " + date + " the bank reports a closing balance of " + closing + " in " + push.entryCount()
                            + " entries; the pushed entries give " + ownBalance.toPlainString() + " in " + ownCount
                            + ". Releases are suspended until this alert is closed.");
        }
        audit.record(bank.actor(), "DAILY_BALANCE_PUSHED", subject, projectId,
                details("bankCode", bank.bankCode(), "accountNo", push.accountNo(), "date", date.toString(),
                        "closingBalance", closing, "entryCount", push.entryCount(),
                        "ownClosingBalance", ownBalance.toPlainString(), "ownEntryCount", ownCount, "matches", matches));
        return new Outcome<>(view(projectId, date), true);
    }

    /** The account's reconciled days, newest first. */
    public List<DailyBalanceView> list(long projectId, PageRequest paging) {
        List<?> rows = em.createNativeQuery(VIEW_SQL + " WHERE d.project_id = :p ORDER BY d.balance_date DESC")
                .setParameter("p", projectId).setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        return rows.stream().map(o -> toView((Object[]) o)).toList();
    }

    public long count(long projectId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM daily_balance WHERE project_id = :p")
                .setParameter("p", projectId).getSingleResult()).longValue();
    }

    /** The project of a supervised account, for reads; 404 when there is no such account. */
    public long projectOf(String accountNo) {
        List<?> rows = em.createNativeQuery("SELECT project_id FROM supervised_account WHERE account_no = :no")
                .setParameter("no", accountNo).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound("Account " + accountNo);
        }
        return ((Number) rows.get(0)).longValue();
    }

    private static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new ValidationFailed("date", "must be a valid date yyyy-MM-dd");
        }
    }

    /** The account's project after checking it exists (else 422) and is held at the bank (else 403); optionally locks it. */
    private long account(String accountNo, Caller bank, boolean lock) {
        List<?> rows = em.createNativeQuery("SELECT project_id, bank_code FROM supervised_account WHERE account_no = :no"
                + (lock ? " FOR UPDATE" : "")).setParameter("no", accountNo).getResultList();
        if (rows.isEmpty()) {
            throw new UnknownReference("Account " + accountNo + " is not a supervised account");
        }
        Object[] account = (Object[]) rows.get(0);
        if (!account[1].equals(bank.bankCode())) {
            throw new Forbidden("Account " + accountNo + " is not held at your bank");
        }
        return ((Number) account[0]).longValue();
    }

    private Outcome<DailyBalanceView> replay(long projectId, LocalDate date, DailyBalancePush push, String fingerprint) {
        List<?> rows = em.createNativeQuery("SELECT content_hash FROM daily_balance WHERE project_id = :p AND balance_date = :d")
                .setParameter("p", projectId).setParameter("d", date).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        if (!fingerprint.equals(rows.get(0))) {
            throw new ReconciliationConflict(push.accountNo(), push.date());
        }
        return new Outcome<>(view(projectId, date), false);
    }

    private DailyBalanceView view(long projectId, LocalDate date) {
        return toView((Object[]) em.createNativeQuery(VIEW_SQL + " WHERE d.project_id = :p AND d.balance_date = :d")
                .setParameter("p", projectId).setParameter("d", date).getSingleResult());
    }

    private DailyBalanceView toView(Object[] r) {
        return new DailyBalanceView((String) r[0], ((Number) r[1]).longValue(), (String) r[2], localDate(r[3]),
                (BigDecimal) r[4], ((Number) r[5]).intValue(), (BigDecimal) r[6], ((Number) r[7]).intValue(),
                (Boolean) r[8], clock.inZone(SqlValues.instant(r[9])));
    }

    private static LocalDate localDate(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }
}

package cn.escrow.reconciliation;

import cn.escrow.audit.AuditAction;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/** Raises STATEMENT_MISSING for every supervised account whose bank sent no end-of-day statement for a day, in one statement. */
@ApplicationScoped
public class MissingStatementService {

    static final String ACTOR = "system:statement-missing";

    private final Sql sql;
    private final AdvisoryLocks locks;
    private final EscrowClock clock;

    public MissingStatementService(Sql sql, AdvisoryLocks locks, EscrowClock clock) {
        this.sql = sql;
        this.locks = locks;
        this.clock = clock;
    }

    /** Yesterday in the service zone: the day whose statements are due when the sweep runs. */
    public LocalDate dueDay() {
        return clock.today().minusDays(1);
    }

    /**
     * For {@code day}: every account opened before the day ended, with no statement for it and no alert for it yet,
     * gets a WARNING alert and an audit event. Returns how many were raised.
     */
    @Transactional
    public long raiseMissing(LocalDate day) {
        locks.acquire(AdvisoryLock.STATEMENT_MISSING_SWEEP); // one sweep at a time across instances: no alert twice
        ZonedDateTime dayEnd = day.plusDays(1).atStartOfDay(clock.zone());
        return sql.number("""
                WITH missing AS (
                    SELECT a.project_id, a.account_no, a.bank_code FROM supervised_account a
                    WHERE a.created_at < :dayEnd
                      AND NOT EXISTS (SELECT 1 FROM daily_balance d WHERE d.project_id = a.project_id AND d.balance_date = :day)
                      AND NOT EXISTS (SELECT 1 FROM alert al WHERE al.project_id = a.project_id AND al.kind = 'STATEMENT_MISSING'
                                      AND al.subject = 'daily-balance:' || a.account_no || ':' || :dayText)),
                raised AS (
                    INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by)
                    SELECT project_id, 'STATEMENT_MISSING', 'WARNING', 'OPEN', 'daily-balance:' || account_no || ':' || :dayText,
                           format('Bank %s sent no end-of-day statement of account %s for %s', bank_code, account_no, :dayText),
                           :now, :actor
                    FROM missing RETURNING id, project_id, subject),
                audited AS (
                    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                    SELECT :now, :actor, :action, 'alert:' || id, project_id,
                           jsonb_build_object('kind', 'STATEMENT_MISSING', 'severity', 'WARNING', 'subject', subject)
                    FROM raised)
                SELECT count(*) FROM raised""",
                "dayEnd", dayEnd.toInstant(), "day", day, "dayText", day.toString(), "now", clock.now(), "actor", ACTOR,
                "action", AuditAction.ALERT_RAISED.name());
    }
}

package cn.escrow.reconciliation;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.alerts.AlertService;
import cn.escrow.alerts.AlertService.Kind;
import cn.escrow.alerts.AlertService.Severity;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An entry booked on a day the bank has already reported (a late push) changes our figures for that day and every
 * later reported day: they are re-checked in the push's transaction, one set-based statement reaching the current
 * statements through their index. A day that now matches closes its BALANCE_MISMATCH alert; one that stops matching
 * raises it. Entries booked after the last reported day (the usual case) touch no row.
 */
@ApplicationScoped
public class LateEntries {

    private final Sql sql;
    private final AlertService alerts;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final ReconciliationService reconciliation;

    public LateEntries(Sql sql, AlertService alerts, AuditLog audit, EscrowClock clock, ReconciliationService reconciliation) {
        this.sql = sql;
        this.alerts = alerts;
        this.audit = audit;
        this.clock = clock;
        this.reconciliation = reconciliation;
    }

    private record Rechecked(String accountNo, LocalDate date, boolean was, boolean matches, BigDecimal own, int ownCount) {
    }

    /**
     * Re-checks the reported days an entry of {@code signedAmount} booked at {@code bookedAt} changes. {@code lastReported}
     * is the account's last reported day, read by the push under the account's lock (a statement takes that lock too):
     * an entry booked after it, the usual case, costs no statement.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void booked(String actor, long projectId, Instant bookedAt, BigDecimal signedAmount, String serialNo,
                       LocalDate lastReported) {
        LocalDate day = LocalDate.ofInstant(bookedAt, clock.zone());
        if (lastReported == null || day.isAfter(lastReported)) {
            return;
        }
        List<Rechecked> changed = sql.list("""
                UPDATE daily_balance d
                SET own_closing_balance = d.own_closing_balance + :signed,
                    own_entry_count = d.own_entry_count + CASE WHEN d.balance_date = :day THEN 1 ELSE 0 END,
                    matches = d.closing_balance = d.own_closing_balance + :signed
                              AND d.entry_count = d.own_entry_count + CASE WHEN d.balance_date = :day THEN 1 ELSE 0 END,
                    rechecked_at = :now
                FROM daily_balance o JOIN supervised_account a ON a.project_id = o.project_id
                WHERE o.id = d.id AND d.project_id = :p AND d.current AND d.balance_date >= :day
                RETURNING a.account_no, d.balance_date, o.matches AS was, d.matches, d.own_closing_balance, d.own_entry_count""",
                r -> new Rechecked(r.getString("account_no"), r.getLocalDate("balance_date"), r.getBoolean("was"),
                        r.getBoolean("matches"), r.getMoney("own_closing_balance"), r.getInt("own_entry_count")),
                "signed", signedAmount, "day", day, "now", clock.now(), "p", projectId);
        for (Rechecked c : changed) {
            String subject = ReconciliationService.subject(c.accountNo(), c.date());
            audit.record(actor, AuditAction.DAILY_BALANCE_RECHECKED, subject, projectId,
                    details("entry", serialNo, "ownClosingBalance", c.own().toPlainString(), "ownEntryCount", c.ownCount(),
                            "matches", c.matches()));
            if (c.matches() && !c.was()) {
                reconciliation.closeMismatch(actor, projectId, subject,
                        "Re-checked after the late entry " + serialNo + ": the ledger now matches the bank's statement");
            } else if (!c.matches() && !alerts.hasOpen(projectId, Kind.BALANCE_MISMATCH, subject)) {
                alerts.raise(actor, projectId, Kind.BALANCE_MISMATCH, Severity.HIGH, subject, "The late entry " + serialNo
                        + " changes the ledger for " + c.date() + " to " + c.own().toPlainString() + " in " + c.ownCount()
                        + " entries, which no longer matches the bank's statement. Releases are suspended until this alert is closed.");
            }
        }
    }
}

package cn.escrow.alerts;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Raises alerts for supervisors (in the transaction of what caused them) and takes their
 * acknowledgement and closing. Every step is audited.
 */
@ApplicationScoped
public class AlertService {

    /** What an alert is about. */
    @Schema(name = "AlertKind")
    public enum Kind {
        /** A RELEASE debit that names no approved release, or does not match its amount and payee account. */
        UNMATCHED_RELEASE_DEBIT,
        /** An approved release the bank has not paid by its deadline (escrow.releases.pay-deadline; raised by the sweep). */
        RELEASE_NOT_PAID,
        /** A debit explained by no release, refund, reversal or court deduction. */
        UNEXPLAINED_DEBIT,
        /** A court froze (part of) the supervised account. */
        JUDICIAL_FREEZE,
        /** A court lifted a freeze. */
        JUDICIAL_UNFREEZE,
        /** A court deduction the bureau consented to. */
        JUDICIAL_DEDUCTION,
        /** A court deduction without the bureau's recorded consent (before 法〔2022〕12号 judged deductions; no longer raised). */
        UNCONSENTED_DEDUCTION,
        /** A court deduction of key money (within the remaining key obligation) for a creditor other than the project's builders. */
        DEDUCTION_WITHIN_KEY_OBLIGATION,
        /** A refund paid out of key money without an approved refund application: the developer must top up. */
        REFUND_TOOK_KEY_MONEY,
        /** The bank's end-of-day figures differ from ours: releases are suspended until it is closed. */
        BALANCE_MISMATCH,
        /** An account's bank sent no end-of-day statement for a day by the configured time the next day (raised by the sweep). */
        STATEMENT_MISSING,
        /** The balance no longer covers the remaining key obligation: the developer must top up. */
        KEY_TOP_UP_REQUIRED,
        /** A loan notice still awaits its money within escrow.loan-arrival.warn-before of its due time (raised by the sweep). */
        LOAN_DUE_SOON,
        /** A loan notice was marked overdue and its project's signing disabled (raised by the sweep). */
        LOAN_OVERDUE,
        /** A loan notice was pushed more than escrow.loan-arrival.notice-lag-alert after the loan was disbursed. */
        LATE_LOAN_NOTICE,
        /** Money moved on a supervised account its bank has not confirmed yet (taken all the same: buyer money is never turned away). */
        UNCONFIRMED_ACCOUNT_ACTIVITY,
        /** A key-money release added a top-up duty for a guarantor (保函): it must pay its share into the account. */
        GUARANTEE_TOP_UP_DUE,
        /** A guarantee ends within escrow.guarantees.warn-before (raised by the guarantee sweep). */
        GUARANTEE_EXPIRING,
        /** A guarantee expired (its end date, or completion filing): the guaranteed part is key money again. */
        GUARANTEE_EXPIRED,
        /** A project's risk level changed (docs/risk.md); HIGH when it reaches ORANGE or RED. */
        RISK_LEVEL_CHANGED,
        /** A DOWN_PAYMENT notice is not paid escrow.collection.down-payment-days after its issue (raised once per notice by the sweep). */
        DOWN_PAYMENT_NOT_COLLECTED
    }

    public enum Severity { INFO, WARNING, HIGH }

    private final Sql sql;
    private final AuditLog audit;
    private final EscrowClock clock;

    public AlertService(Sql sql, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
    }

    /** Raises an alert in the current transaction and returns its id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public long raise(String actor, Long projectId, Kind kind, Severity severity, String subject, String detail) {
        long id = sql.one("""
                INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by)
                VALUES (CAST(:p AS bigint), :kind, :severity, 'OPEN', :subject, :detail, :now, :actor) RETURNING id""",
                r -> r.getLong("id"), "p", projectId, "kind", kind, "severity", severity, "subject", subject, "detail", detail,
                "now", clock.now(), "actor", actor);
        audit.record(actor, AuditAction.ALERT_RAISED, "alert:" + id, projectId,
                details("kind", kind.name(), "severity", severity.name(), "subject", subject));
        return id;
    }

    /** True while the project has an alert of this kind that is not closed. */
    public boolean hasOpen(long projectId, Kind kind) {
        return sql.one("SELECT 1 AS found FROM alert WHERE project_id = :p AND kind = :k AND status <> 'CLOSED' LIMIT 1",
                r -> true, "p", projectId, "k", kind) != null;
    }

    /** True while the project has an alert of this kind about this subject that is not closed. */
    public boolean hasOpen(long projectId, Kind kind, String subject) {
        return sql.one("""
                SELECT 1 AS found FROM alert WHERE project_id = :p AND kind = :k AND subject = :s AND status <> 'CLOSED' LIMIT 1""",
                r -> true, "p", projectId, "k", kind, "s", subject) != null;
    }

    @Transactional
    public void acknowledge(Caller caller, long alertId, String note) {
        Long projectId = lockOpen(alertId);
        sql.update("""
                UPDATE alert SET status = 'ACKNOWLEDGED', acknowledged_by = :by, acknowledged_at = :now, acknowledge_note = :note
                WHERE id = :id""", "by", caller.actor(), "now", clock.now(), "note", note, "id", alertId);
        audit.record(caller.actor(), AuditAction.ALERT_ACKNOWLEDGED, "alert:" + alertId, projectId, details("note", note));
    }

    /** Closes an alert that is not closed yet: by a person, or by the service when what raised it is explained. */
    @Transactional
    public void close(String actor, long alertId, String note) {
        Long projectId = lockOpen(alertId);
        sql.update("UPDATE alert SET status = 'CLOSED', closed_by = :by, closed_at = :now, close_note = :note WHERE id = :id",
                "by", actor, "now", clock.now(), "note", note, "id", alertId);
        audit.record(actor, AuditAction.ALERT_CLOSED, "alert:" + alertId, projectId, details("note", note));
    }

    /** Locks an alert that is not closed yet and returns its project id (may be null). */
    private Long lockOpen(long alertId) {
        Open alert = sql.one("SELECT project_id, status FROM alert WHERE id = :id FOR UPDATE",
                r -> new Open(r.getLongOrNull("project_id"), r.getString("status")), "id", alertId);
        if (alert == null) {
            throw new NotFound("Alert " + alertId);
        }
        if ("CLOSED".equals(alert.status())) {
            throw new Conflict("Alert " + alertId + " is already closed");
        }
        return alert.projectId();
    }

    private record Open(Long projectId, String status) {
    }
}

package cn.escrow.guarantees;

import cn.escrow.alerts.AlertService.Kind;
import cn.escrow.audit.AuditAction;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The guarantee sweep, set-based: one GUARANTEE_EXPIRING alert per guarantee ending within
 * {@code escrow.guarantees.warn-before}, and guarantees past their end date EXPIRED with a GUARANTEE_EXPIRED alert
 * (their part is key money again). Each statement writes its alerts and their audit events itself.
 */
@ApplicationScoped
public class GuaranteeSweepService {

    private static final String WARN = """
            WITH warned AS (
                UPDATE guarantee SET expiry_warned = TRUE
                WHERE status = 'ACTIVE' AND NOT expiry_warned AND valid_until <= :warnUntil
                RETURNING project_id, guarantee_no, valid_until),
            raised AS (
                INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by)
                SELECT project_id, :kind, 'WARNING', 'OPEN', 'guarantee:' || guarantee_no,
                       'Guarantee ' || guarantee_no || ' ends on ' || valid_until || ': renew it or top the account up', :now, 'system'
                FROM warned RETURNING id, project_id, subject)
            INSERT INTO audit_event (at, actor, action, subject, project_id, details)
            SELECT :now, 'system', :action, 'alert:' || id, project_id,
                   jsonb_build_object('kind', CAST(:kind AS text), 'severity', 'WARNING', 'subject', subject)
            FROM raised""";

    private static final String EXPIRE = """
            WITH expired AS (
                UPDATE guarantee SET status = 'EXPIRED', expired_at = :now, expiry_reason = 'END_DATE'
                WHERE status = 'ACTIVE' AND valid_until < :today
                RETURNING project_id, guarantee_no),
            raised AS (
                INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by)
                SELECT project_id, :kind, 'HIGH', 'OPEN', 'guarantee:' || guarantee_no,
                       'Guarantee ' || guarantee_no || ' has expired: its part is key money again', :now, 'system'
                FROM expired RETURNING id, project_id, subject),
            alerted AS (
                INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                SELECT :now, 'system', :alertAction, 'alert:' || id, project_id,
                       jsonb_build_object('kind', CAST(:kind AS text), 'severity', 'HIGH', 'subject', subject)
                FROM raised)
            INSERT INTO audit_event (at, actor, action, subject, project_id, details)
            SELECT :now, 'system', :action, 'guarantee:' || guarantee_no, project_id, jsonb_build_object('reason', 'END_DATE')
            FROM expired""";

    private final Sql sql;
    private final EscrowClock clock;
    private final EscrowConfig config;

    public GuaranteeSweepService(Sql sql, EscrowClock clock, EscrowConfig config) {
        this.sql = sql;
        this.clock = clock;
        this.config = config;
    }

    /** What a run did. */
    public record Swept(int warned, int expired) {
    }

    @Transactional
    public Swept sweep() {
        Instant now = clock.now();
        LocalDate today = now.atZone(clock.zone()).toLocalDate();
        LocalDate warnUntil = now.plus(config.guarantees().warnBefore()).atZone(clock.zone()).toLocalDate();
        int warned = sql.update(WARN, "warnUntil", warnUntil, "kind", Kind.GUARANTEE_EXPIRING.name(), "now", now,
                "action", AuditAction.ALERT_RAISED.name());
        int expired = sql.update(EXPIRE, "today", today, "kind", Kind.GUARANTEE_EXPIRED.name(), "now", now,
                "alertAction", AuditAction.ALERT_RAISED.name(), "action", AuditAction.GUARANTEE_EXPIRED.name());
        return new Swept(warned, expired);
    }
}

package cn.escrow.collection;

import cn.escrow.alerts.AlertService.Kind;
import cn.escrow.audit.AuditAction;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;

/**
 * One DOWN_PAYMENT_NOT_COLLECTED alert per down-payment notice still ISSUED {@code escrow.collection.down-payment-days}
 * after its issue, with its audit event, by one statement; the unique index on (payment_notice_id, kind) keeps it to one
 * per notice whatever runs twice or at once.
 */
@ApplicationScoped
public class DownPaymentSweepService {

    private static final String RAISE = """
            WITH raised AS (
                INSERT INTO alert AS al (project_id, kind, severity, status, subject, detail, raised_at, raised_by, payment_notice_id)
                SELECT n.project_id, :kind, 'WARNING', 'OPEN', 'payment-notice:' || n.notice_no,
                       'Down payment notice ' || n.notice_no || ' of contract ' || c.contract_no || ' is not paid ' || :days
                           || ' days after its issue (' || n.paid_amount || ' of ' || n.amount || ' in)', :now, 'system', n.id
                FROM payment_notice n JOIN contract c ON c.id = n.contract_id
                WHERE n.status = 'ISSUED' AND n.kind = 'DOWN_PAYMENT' AND n.issued_at <= :cutoff
                  AND NOT EXISTS (SELECT 1 FROM alert x WHERE x.payment_notice_id = n.id AND x.kind = :kind)
                ON CONFLICT (payment_notice_id, kind) WHERE payment_notice_id IS NOT NULL DO NOTHING
                RETURNING al.id, al.project_id, al.subject)
            INSERT INTO audit_event (at, actor, action, subject, project_id, details)
            SELECT :now, 'system', :action, 'alert:' || id, project_id,
                   jsonb_build_object('kind', CAST(:kind AS text), 'severity', 'WARNING', 'subject', subject)
            FROM raised""";

    private final Sql sql;
    private final EscrowConfig config;

    public DownPaymentSweepService(Sql sql, EscrowConfig config) {
        this.sql = sql;
        this.config = config;
    }

    /** Raises the alerts due at {@code now}; the number raised. */
    @Transactional
    public int sweep(Instant now) {
        int days = config.collection().downPaymentDays();
        return sql.update(RAISE, "kind", Kind.DOWN_PAYMENT_NOT_COLLECTED.name(), "days", String.valueOf(days), "now", now,
                "cutoff", now.minus(Duration.ofDays(days)), "action", AuditAction.ALERT_RAISED.name());
    }
}

package cn.escrow.supervision;

import cn.escrow.audit.AuditAction;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Release instructions as the supervising bank reads them before it pays (Tai'an 划拨验证): only approved releases on
 * its own accounts, with the payee account and amount its payment must match, and the deadline; and the sweep that
 * raises RELEASE_NOT_PAID when a deadline passes.
 */
@ApplicationScoped
public class ReleaseInstructionService {

    static final String NOT_PAID_ACTOR = "system:release-not-paid";

    private final Sql sql;
    private final EscrowClock clock;
    private final AdvisoryLocks locks;

    public ReleaseInstructionService(Sql sql, EscrowClock clock, AdvisoryLocks locks) {
        this.sql = sql;
        this.clock = clock;
        this.locks = locks;
    }

    /** What the bank checks its payment against. */
    @Schema(description = "An approved release the supervising bank may pay: exactly amount, to payeeAccountNo, by payBy")
    public record ReleaseInstruction(String releaseNo, String accountNo, long projectId, String status, BigDecimal amount,
                                     String payeeName, String payeeAccountNo, String purpose, OffsetDateTime approvedAt,
                                     OffsetDateTime payBy, OffsetDateTime executedAt,
                                     @Schema(description = "True while the release is APPROVED and the project's releases are not suspended: the bank may pay it now")
                                     boolean payable,
                                     @Schema(description = "Approved during a court freeze: pay it and report the payment to the court")
                                     boolean payAndReportToCourt) {
    }

    private static final String VIEW_SQL = """
            SELECT r.release_no, a.account_no, r.project_id, r.status, r.amount, r.payee_name, r.payee_account_no, r.purpose,
                   r.decided_at, r.pay_by, r.executed_at, r.pay_and_report_to_court,
                   EXISTS (SELECT 1 FROM release_suspension s WHERE s.project_id = r.project_id AND s.lifted_at IS NULL)
                   OR EXISTS (SELECT 1 FROM alert al WHERE al.project_id = r.project_id AND al.kind = 'BALANCE_MISMATCH'
                              AND al.status <> 'CLOSED') AS suspended
            FROM release_application r JOIN supervised_account a ON a.project_id = r.project_id""";

    /** The approved, unpaid instructions on the bank's accounts (a person: all accounts), oldest deadline first; {@code accountNo} narrows to one account. */
    public List<ReleaseInstruction> approved(Caller bank, String accountNo, PageRequest paging) {
        return sql.list(VIEW_SQL + """
                 WHERE (CAST(:bank AS text) IS NULL OR a.bank_code = :bank) AND r.status = 'APPROVED' AND (CAST(:account AS text) IS NULL OR a.account_no = :account)
                ORDER BY r.pay_by, r.id LIMIT :size OFFSET :offset""", this::toView,
                "bank", bank.bankCode(), "account", accountNo, "size", paging.size(), "offset", paging.offset());
    }

    public long approvedCount(Caller bank, String accountNo) {
        return sql.number("""
                SELECT count(*) FROM release_application r JOIN supervised_account a ON a.project_id = r.project_id
                WHERE (CAST(:bank AS text) IS NULL OR a.bank_code = :bank) AND r.status = 'APPROVED' AND (CAST(:account AS text) IS NULL OR a.account_no = :account)""",
                "bank", bank.bankCode(), "account", accountNo);
    }

    /** One instruction of any state, if it is on one of the bank's accounts; 404 otherwise (another bank learns nothing). */
    public ReleaseInstruction one(Caller bank, String releaseNo) {
        ReleaseInstruction view = sql.one(VIEW_SQL + " WHERE r.release_no = :no AND (CAST(:bank AS text) IS NULL OR a.bank_code = :bank)"
                + " AND r.status IN ('APPROVED', 'EXECUTED')",
                this::toView, "no", releaseNo, "bank", bank.bankCode());
        if (view == null) {
            throw new NotFound("Release instruction " + releaseNo);
        }
        return view;
    }

    private ReleaseInstruction toView(Row r) throws SQLException {
        String status = r.getString("status");
        return new ReleaseInstruction(r.getString("release_no"), r.getString("account_no"), r.getLong("project_id"), status,
                r.getMoney("amount"), r.getString("payee_name"), r.getString("payee_account_no"), r.getString("purpose"),
                clock.inZone(r.getInstant("decided_at")), clock.inZone(r.getInstant("pay_by")),
                clock.inZone(r.getInstant("executed_at")), "APPROVED".equals(status) && !r.getBoolean("suspended"),
                r.getBoolean("pay_and_report_to_court"));
    }

    /**
     * Raises RELEASE_NOT_PAID (WARNING) for every approved release past its deadline, once per deadline (a reversal
     * sets a new one), with an audit event each; one statement. Returns how many were raised.
     */
    @Transactional
    public long raiseNotPaid() {
        locks.acquire(AdvisoryLock.RELEASE_NOT_PAID_SWEEP); // one sweep at a time across instances: no alert twice
        return sql.number("""
                WITH due AS (
                    SELECT r.project_id, r.release_no, r.amount, r.pay_by FROM release_application r
                    WHERE r.status = 'APPROVED' AND r.pay_by <= :now
                      AND NOT EXISTS (SELECT 1 FROM alert al WHERE al.kind = 'RELEASE_NOT_PAID'
                                      AND al.subject = 'release:' || r.release_no AND al.raised_at >= r.pay_by)),
                raised AS (
                    INSERT INTO alert (project_id, kind, severity, status, subject, detail, raised_at, raised_by)
                    SELECT project_id, 'RELEASE_NOT_PAID', 'WARNING', 'OPEN', 'release:' || release_no,
                           format('Release %s (%s CNY) was approved but the bank has not paid it by %s', release_no, amount,
                                  to_char(pay_by AT TIME ZONE :zone, 'YYYY-MM-DD HH24:MI')),
                           :now, :actor
                    FROM due RETURNING id, project_id, subject),
                audited AS (
                    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                    SELECT :now, :actor, :action, 'alert:' || id, project_id,
                           jsonb_build_object('kind', 'RELEASE_NOT_PAID', 'severity', 'WARNING', 'subject', subject)
                    FROM raised)
                SELECT count(*) FROM raised""",
                "now", clock.now(), "zone", clock.zone().getId(), "actor", NOT_PAID_ACTOR, "action", AuditAction.ALERT_RAISED.name());
    }
}

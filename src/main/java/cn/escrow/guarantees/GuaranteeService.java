package cn.escrow.guarantees;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.alerts.AlertService;
import cn.escrow.alerts.AlertService.Kind;
import cn.escrow.alerts.AlertService.Severity;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import cn.escrow.supervision.Position;
import cn.escrow.supervision.ReleaseCap;
import cn.escrow.supervision.SupervisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Bank guarantees (保函) standing in for part of a project's key amount. Recorded, and added to by each key-money
 * release, under the project's supervision row lock, the lock every release approval takes: a release approved during a
 * guarantee's substitution sees it either wholly or not at all. The acceptance rule and the top-up share are
 * {@link ReleaseCap}'s.
 */
@ApplicationScoped
public class GuaranteeService {

    private final Sql sql;
    private final SupervisionService supervision;
    private final AlertService alerts;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final EscrowConfig config;

    public GuaranteeService(Sql sql, SupervisionService supervision, AlertService alerts, AuditLog audit, EscrowClock clock,
                            EscrowConfig config) {
        this.sql = sql;
        this.supervision = supervision;
        this.alerts = alerts;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
    }

    /** A guarantee as the API shows it. */
    public record GuaranteeView(String guaranteeNo, long projectId, String guarantorName, String guarantorCode, BigDecimal amount,
                                LocalDate validFrom, LocalDate validUntil, @Schema(description = "PROPOSED (awaiting a second person), ACTIVE, REJECTED or EXPIRED") String status,
                                @Schema(description = "What the guarantor owes the account for key money released since") BigDecimal topUpDue,
                                @Schema(description = "What the guarantor's payments into the account have settled of its duty so far")
                                BigDecimal topUpPaid,
                                String recordedBy, OffsetDateTime recordedAt,
                                @Schema(description = "Who accepted it (empty for guarantees recorded before acceptance took a second person)")
                                String acceptedBy, OffsetDateTime acceptedAt, String decidedBy, String decisionNote, OffsetDateTime expiredAt,
                                @Schema(description = "END_DATE, COMPLETION_FILING") String expiryReason) {
    }

    /** What a supervisor records. */
    public record NewGuarantee(String guaranteeNo, String guarantorName, String guarantorCode, BigDecimal amount, LocalDate validFrom,
                               LocalDate validUntil) {
    }

    /**
     * Records a guarantee as PROPOSED: it frees key money, so another person accepts it ({@link #decide}). The rules are
     * checked now, to refuse early, and again at acceptance.
     */
    @Transactional
    public GuaranteeView record(Caller caller, long projectId, NewGuarantee g) {
        if (g.validUntil().isBefore(g.validFrom())) {
            throw new ValidationFailed("validUntil", "must not be before validFrom");
        }
        requireFuture(g.validUntil());
        supervision.lockRow(projectId);
        requireAcceptable(projectId, g.amount());
        sql.update("""
                INSERT INTO guarantee (guarantee_no, project_id, guarantor_name, guarantor_code, amount, valid_from, valid_until,
                    status, recorded_by, recorded_at)
                VALUES (:no, :p, :name, :code, :amount, :from, :until, 'PROPOSED', :by, :now)""",
                "no", g.guaranteeNo(), "p", projectId, "name", g.guarantorName(), "code", g.guarantorCode(), "amount", g.amount(),
                "from", g.validFrom(), "until", g.validUntil(), "by", caller.actor(), "now", clock.now());
        audit.record(caller.actor(), AuditAction.GUARANTEE_RECORDED, "guarantee:" + g.guaranteeNo(), projectId,
                details("guarantor", g.guarantorCode(), "amount", g.amount().toPlainString(), "validUntil", g.validUntil().toString()));
        return view(g.guaranteeNo());
    }

    /**
     * Another person accepts (ACTIVE: its amount is free money from now) or rejects a PROPOSED guarantee, under the
     * project's supervision lock: 403 for whoever recorded it; 409 when it is not PROPOSED, or (to accept) when the rules
     * refuse it now or it has run out.
     */
    @Transactional
    public GuaranteeView decide(Caller caller, long projectId, String guaranteeNo, boolean accept, String note) {
        supervision.lockRow(projectId);
        GuaranteeView g = sql.one(VIEW_SQL + " WHERE guarantee_no = :no AND project_id = :p FOR UPDATE", this::toView,
                "no", guaranteeNo, "p", projectId);
        if (g == null) {
            throw new NotFound("Guarantee " + guaranteeNo);
        }
        if (!"PROPOSED".equals(g.status())) {
            throw new Conflict("Guarantee " + guaranteeNo + " is " + g.status());
        }
        FourEyes.requireSecondPerson(caller, g.recordedBy(), "recorded this guarantee");
        if (accept) {
            if (!g.validUntil().isAfter(clock.today())) {
                throw new Conflict("Guarantee " + guaranteeNo + " ran out on " + g.validUntil());
            }
            requireAcceptable(projectId, g.amount());
            sql.update("UPDATE guarantee SET status = 'ACTIVE', accepted_by = :by, accepted_at = :now, decision_note = :note "
                    + "WHERE guarantee_no = :no", "by", caller.actor(), "now", clock.now(), "note", note, "no", guaranteeNo);
        } else {
            sql.update("UPDATE guarantee SET status = 'REJECTED', decided_by = :by, decision_note = :note WHERE guarantee_no = :no",
                    "by", caller.actor(), "note", note, "no", guaranteeNo);
        }
        audit.record(caller.actor(), accept ? AuditAction.GUARANTEE_ACCEPTED : AuditAction.GUARANTEE_REJECTED,
                "guarantee:" + guaranteeNo, projectId, details("amount", g.amount().toPlainString(), "recordedBy", g.recordedBy(),
                        "note", note));
        return view(guaranteeNo);
    }

    private void requireFuture(LocalDate validUntil) {
        if (!validUntil.isAfter(clock.today())) {
            throw new ValidationFailed("validUntil", "must be after today");
        }
    }

    private void requireAcceptable(long projectId, BigDecimal amount) {
        String refusal = ReleaseCap.guaranteeRefusal(supervision.position(projectId), amount, config.guarantees().maxSharePercent());
        if (refusal != null) {
            throw new GuaranteeRefused(refusal);
        }
    }

    /**
     * After a release of {@code keyPart} key money is approved (in its transaction, under the supervision lock): each
     * active guarantee owes its share of it, {@code keyPart × guarantee ÷ key amount}, and an alert says so.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void afterKeyRelease(String actor, long projectId, String releaseNo, BigDecimal keyPart) {
        if (keyPart.signum() == 0) {
            return;
        }
        Position pos = supervision.position(projectId);
        for (GuaranteeView g : active(projectId)) {
            BigDecimal duty = ReleaseCap.guarantorTopUp(keyPart, g.amount(), pos.keyAmount());
            if (duty.signum() == 0) {
                continue;
            }
            sql.update("UPDATE guarantee SET top_up_due = top_up_due + :duty WHERE guarantee_no = :no", "duty", duty, "no", g.guaranteeNo());
            audit.record(actor, AuditAction.GUARANTEE_TOP_UP_ADDED, "guarantee:" + g.guaranteeNo(), projectId,
                    details("release", releaseNo, "keyPart", keyPart.toPlainString(), "topUp", duty.toPlainString()));
            alerts.raise(actor, projectId, Kind.GUARANTEE_TOP_UP_DUE, Severity.WARNING, "guarantee:" + g.guaranteeNo(),
                    "Release " + releaseNo + " took " + keyPart.toPlainString() + " of key money: guarantor " + g.guarantorCode()
                            + " owes the account " + duty.toPlainString());
        }
    }

    /** At completion filing every active or proposed guarantee of the project expires (in the caller's transaction). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void expireAll(String actor, long projectId, String reason) {
        List<String> expired = sql.list("""
                UPDATE guarantee SET status = 'EXPIRED', expired_at = :now, expiry_reason = :reason
                WHERE project_id = :p AND status IN ('ACTIVE', 'PROPOSED') RETURNING guarantee_no""",
                r -> r.getString("guarantee_no"), "now", clock.now(), "reason", reason, "p", projectId);
        for (String no : expired) {
            audit.record(actor, AuditAction.GUARANTEE_EXPIRED, "guarantee:" + no, projectId, details("reason", reason));
        }
    }

    private List<GuaranteeView> active(long projectId) {
        return sql.list(VIEW_SQL + " WHERE project_id = :p AND status = 'ACTIVE' ORDER BY id", this::toView, "p", projectId);
    }

    public List<GuaranteeView> list(long projectId) {
        return sql.list(VIEW_SQL + " WHERE project_id = :p ORDER BY recorded_at DESC, id DESC", this::toView, "p", projectId);
    }

    public GuaranteeView view(String guaranteeNo) {
        return sql.one(VIEW_SQL + " WHERE guarantee_no = :no", this::toView, "no", guaranteeNo);
    }

    private static final String VIEW_SQL = """
            SELECT guarantee_no, project_id, guarantor_name, guarantor_code, amount, valid_from, valid_until, status, top_up_due, top_up_paid,
                   recorded_by, recorded_at, accepted_by, accepted_at, decided_by, decision_note, expired_at, expiry_reason
            FROM guarantee""";

    private GuaranteeView toView(Row r) throws SQLException {
        return new GuaranteeView(r.getString("guarantee_no"), r.getLong("project_id"), r.getString("guarantor_name"),
                r.getString("guarantor_code"), r.getMoney("amount"), r.getLocalDate("valid_from"), r.getLocalDate("valid_until"),
                r.getString("status"), r.getMoney("top_up_due"), r.getMoney("top_up_paid"), r.getString("recorded_by"), clock.inZone(r.getInstant("recorded_at")),
                r.getString("accepted_by"), clock.inZone(r.getInstant("accepted_at")), r.getString("decided_by"), r.getString("decision_note"),
                clock.inZone(r.getInstant("expired_at")), r.getString("expiry_reason"));
    }

    /** A guarantee the rules do not accept (the account short of the key amount, or the share passed): 409 with {@code rule}. */
    public static class GuaranteeRefused extends Conflict {
        GuaranteeRefused(String detail) {
            super(detail);
        }

        @Override
        public Problem problem() {
            return super.problem().with("rule", "GUARANTEE_NOT_ACCEPTED");
        }
    }
}

package cn.escrow.supervision;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.attachments.AttachmentService;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.guarantees.GuaranteeService;
import cn.escrow.lifecycle.Milestones;
import cn.escrow.payees.PayeeService;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import cn.escrow.supervision.ReleaseRefused.Rule;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Release of supervised money by construction node. An enterprise applies; a supervisor approves
 * or rejects; the bank executes (see {@link DebitChecks}). An approval takes money from the free
 * part first and the rest from the key part, which may not pass the node's cumulative cap.
 * Approvals of one project run one at a time under its supervision row lock, so two approvals
 * that together would pass a cap cannot both succeed.
 */
@ApplicationScoped
public class ReleaseService {

    private final Sql sql;
    private final SupervisionService supervision;
    private final ReleaseSuspensionService suspensions;
    private final Milestones milestones;
    private final GuaranteeService guarantees;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final EscrowConfig config;
    private final ObjectMapper json;
    private final ReleaseTargets targets;
    private final AttachmentService attachments;

    public ReleaseService(Sql sql, SupervisionService supervision, ReleaseSuspensionService suspensions, Milestones milestones,
                          GuaranteeService guarantees, AuditLog audit, EscrowClock clock, EscrowConfig config, ObjectMapper json,
                          ReleaseTargets targets, AttachmentService attachments) {
        this.targets = targets;
        this.attachments = attachments;
        this.sql = sql;
        this.supervision = supervision;
        this.suspensions = suspensions;
        this.milestones = milestones;
        this.guarantees = guarantees;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
        this.json = json;
    }

    /** A release application as the API shows it. */
    public record ReleaseView(String releaseNo, long projectId, String nodeCode, BigDecimal amount, BigDecimal keyPart,
                              String payeeName, String payeeAccountNo, String purpose, List<String> documents, String status,
                              String appliedBy, OffsetDateTime appliedAt, String decidedBy, OffsetDateTime decidedAt,
                              String decisionReason, OffsetDateTime executedAt,
                              @Schema(description = "A blacklisted developer's release: who gave the first of its two approvals")
                              String firstApprovedBy, OffsetDateTime firstApprovedAt,
                              @Schema(description = "APPROVED: the bank pays by then, or a RELEASE_NOT_PAID alert is raised")
                              OffsetDateTime payBy,
                              @Schema(description = "Approved while a court freeze was active: the bank pays it and reports the "
                                      + "payment to the court (法〔2022〕12号)")
                              boolean payAndReportToCourt,
                              @Schema(description = "From escrow.releases.spending-categories") String spendingCategory,
                              @Schema(description = "The registered payee it pays (null only without escrow.releases.require-registered-payee)")
                              Long payeeId,
                              @Schema(description = "Filed by the bureau on the creditor's (the payee's) behalf")
                              boolean forCreditor,
                              @Schema(description = "The application's files (PDF, JPEG, PNG), without content: the approver reads "
                                      + "them through GET /releases/{releaseNo}/attachments/{id}")
                              List<AttachmentService.AttachmentView> attachments) {

        ReleaseView withAttachments(List<AttachmentService.AttachmentView> files) {
            return new ReleaseView(releaseNo, projectId, nodeCode, amount, keyPart, payeeName, payeeAccountNo, purpose, documents,
                    status, appliedBy, appliedAt, decidedBy, decidedAt, decisionReason, executedAt, firstApprovedBy, firstApprovedAt,
                    payBy, payAndReportToCourt, spendingCategory, payeeId, forCreditor, files);
        }
    }

    /** What an enterprise applies for. */
    public record Application(String nodeCode, BigDecimal amount, String payeeName, String payeeAccountNo, String purpose,
                              List<String> documents, String spendingCategory) {
    }

    @Transactional
    public String apply(Caller caller, long projectId, Application a) {
        Long enterpriseId = sql.one("SELECT enterprise_id FROM project WHERE id = :p", r -> r.getLong("enterprise_id"), "p", projectId);
        if (enterpriseId == null) {
            throw new NotFound("Project " + projectId);
        }
        if (caller.isEnterpriseOnly() && !enterpriseId.equals(caller.enterpriseId())) {
            throw new NotFound("Project " + projectId); // another enterprise's: its existence is not revealed
        }
        boolean forCreditor = !caller.isEnterpriseOnly(); // the bureau files only on a registered creditor's behalf
        if (sql.one("SELECT 1 AS found FROM construction_node WHERE code = :c", r -> true, "c", a.nodeCode()) == null) {
            throw new UnknownReference("Construction node " + a.nodeCode() + " does not exist");
        }
        if (sql.one("SELECT 1 AS found FROM supervised_account WHERE project_id = :p", r -> true, "p", projectId) == null) {
            throw new UnknownReference("Project " + projectId + " has no supervised account");
        }
        PayeeService.PayeeView payee = targets.check(projectId, a.spendingCategory(), a.payeeAccountNo(), forCreditor);
        long id = sql.number("SELECT nextval(pg_get_serial_sequence('release_application', 'id'))");
        String releaseNo = "RL%08d".formatted(id);
        sql.update("""
                INSERT INTO release_application (id, release_no, project_id, node_code, amount, payee_name, payee_account_no,
                    purpose, documents, status, applied_by, applied_at, spending_category, payee_id, for_creditor)
                OVERRIDING SYSTEM VALUE
                VALUES (:id, :no, :p, :node, :amount, :payee, :payeeAccount, :purpose, CAST(:docs AS jsonb), 'APPLIED', :by, :now,
                    :category, CAST(:payeeId AS bigint), :forCreditor)""",
                "id", id, "no", releaseNo, "p", projectId, "node", a.nodeCode(), "amount", a.amount(),
                "payee", payee != null ? payee.name() : a.payeeName(), "category", a.spendingCategory(),
                "payeeId", payee == null ? null : payee.id(), "forCreditor", forCreditor,
                "payeeAccount", a.payeeAccountNo(), "purpose", a.purpose(), "docs", toJson(a.documents()),
                "by", caller.actor(), "now", clock.now());
        audit.record(caller.actor(), AuditAction.RELEASE_APPLIED, "release:" + releaseNo, projectId,
                details("node", a.nodeCode(), "amount", a.amount().toPlainString(), "payee", a.payeeName(),
                        "spendingCategory", a.spendingCategory(), "forCreditor", forCreditor));
        return releaseNo;
    }

    /** What an approval reads of the release under its lock. */
    private record Pending(String status, BigDecimal amount, String nodeCode, ReleaseCap.Node node, boolean blacklisted,
                           String firstApprovedBy) {
    }

    @Transactional
    public void approve(Caller caller, String releaseNo, String reason) {
        long projectId = projectOf(releaseNo);
        FourEyes.requireSecondPerson(caller, applicant(releaseNo), "applied for this release");
        // Lock order: supervision row, account row, release row (a bank push locks account, then release).
        supervision.lockRow(projectId);
        if (sql.one("SELECT 1 AS found FROM supervised_account WHERE project_id = :p FOR UPDATE", r -> true, "p", projectId) == null) {
            throw new ReleaseRefused(Rule.NO_ACCOUNT, "The project has no supervised account");
        }
        Pending r = sql.one("""
                SELECT a.status, a.amount, a.node_code, n.cap_percent, n.min_retained_percent, n.name, e.blacklisted, a.first_approved_by
                FROM release_application a JOIN construction_node n ON n.code = a.node_code
                JOIN project p ON p.id = a.project_id JOIN enterprise e ON e.id = p.enterprise_id
                WHERE a.release_no = :no FOR UPDATE OF a""",
                row -> new Pending(row.getString("status"), row.getMoney("amount"), row.getString("node_code"), new ReleaseCap.Node(row.getString("name"),
                        row.getBigDecimal("cap_percent"), row.getBigDecimal("min_retained_percent")), row.getBoolean("blacklisted"),
                        row.getString("first_approved_by")),
                "no", releaseNo);
        if (!"APPLIED".equals(r.status())) {
            throw new ReleaseRefused(Rule.NOT_APPLIED, "Release " + releaseNo + " is " + r.status() + ", not awaiting a decision");
        }
        String notYet = milestones.whyNot(projectId, r.nodeCode());
        if (notYet != null) {
            throw new ReleaseRefused(Rule.MILESTONE_NOT_REACHED, notYet);
        }
        String suspended = suspensions.why(projectId);
        if (suspended != null) {
            throw new ReleaseRefused(Rule.RELEASES_SUSPENDED, suspended);
        }
        ReleaseCap.Verdict verdict = ReleaseCap.judge(supervision.position(projectId), r.amount(), r.node());
        if (!verdict.allowed()) {
            throw new ReleaseRefused(verdict.refusedBy(), verdict.detail());
        }
        // A blacklisted developer's construction payments go on (cutting them off makes a stalled building likelier),
        // but each takes two supervisors' approvals.
        if (r.blacklisted() && config.releases().blacklistSecondApprover()) {
            if (r.firstApprovedBy() == null) {
                sql.update("UPDATE release_application SET first_approved_by = :by, first_approved_at = :now WHERE release_no = :no",
                        "by", caller.actor(), "now", clock.now(), "no", releaseNo);
                audit.record(caller.actor(), AuditAction.RELEASE_FIRST_APPROVED, "release:" + releaseNo, projectId,
                        details("reason", reason, "why", "the enterprise is blacklisted: a second supervisor decides"));
                return;
            }
            FourEyes.requireSecondPerson(caller, r.firstApprovedBy(), "gave this blacklisted developer's release its first approval");
        }
        decide(caller, releaseNo, projectId, "APPROVED", AuditAction.RELEASE_APPROVED, verdict.keyPart(), reason);
        guarantees.afterKeyRelease(caller.actor(), projectId, releaseNo, verdict.keyPart());
    }

    @Transactional
    public void reject(Caller caller, String releaseNo, String reason) {
        long projectId = projectOf(releaseNo);
        FourEyes.requireSecondPerson(caller, applicant(releaseNo), "applied for this release");
        String status = sql.one("SELECT status FROM release_application WHERE release_no = :no FOR UPDATE",
                r -> r.getString("status"), "no", releaseNo);
        if (!"APPLIED".equals(status)) {
            throw new ReleaseRefused(Rule.NOT_APPLIED, "Release " + releaseNo + " is " + status + ", not awaiting a decision");
        }
        decide(caller, releaseNo, projectId, "REJECTED", AuditAction.RELEASE_REJECTED, BigDecimal.ZERO, reason);
    }

    private void decide(Caller caller, String releaseNo, long projectId, String status, AuditAction action, BigDecimal keyPart,
                        String reason) {
        sql.update("""
                UPDATE release_application SET status = :status, key_part = :keyPart, decided_by = :by, decided_at = :now,
                    decision_reason = :reason, pay_by = CAST(:payBy AS timestamptz),
                    pay_and_report_to_court = (:status = 'APPROVED' AND EXISTS (SELECT 1 FROM judicial_action
                        WHERE project_id = :p AND action = 'FREEZE' AND lifted_at IS NULL))
                WHERE release_no = :no""",
                "status", status, "keyPart", keyPart, "by", caller.actor(), "now", clock.now(), "reason", reason,
                "payBy", "APPROVED".equals(status) ? clock.now().plus(config.releases().payDeadline()) : null, "no", releaseNo,
                "p", projectId);
        audit.record(caller.actor(), action, "release:" + releaseNo, projectId,
                details("keyPart", keyPart.toPlainString(), "reason", reason));
    }

    private String applicant(String releaseNo) {
        return sql.one("SELECT applied_by FROM release_application WHERE release_no = :no", row -> row.getString("applied_by"),
                "no", releaseNo);
    }

    /** The project of a release; 404 when there is no such release. */
    public long projectOf(String releaseNo) {
        Long projectId = sql.one("SELECT project_id FROM release_application WHERE release_no = :no",
                r -> r.getLong("project_id"), "no", releaseNo);
        if (projectId == null) {
            throw new NotFound("Release " + releaseNo);
        }
        return projectId;
    }

    private String toJson(List<String> documents) {
        try {
            return json.writeValueAsString(documents == null ? List.of() : documents);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String VIEW_SQL = """
            SELECT release_no, project_id, node_code, amount, key_part, payee_name, payee_account_no, purpose,
                   CAST(documents AS text) AS documents, status, applied_by, applied_at, decided_by, decided_at, decision_reason,
                   executed_at, first_approved_by, first_approved_at, pay_by, pay_and_report_to_court, spending_category,
                   payee_id, for_creditor
            FROM release_application""";

    public ReleaseView view(String releaseNo) {
        ReleaseView v = sql.one(VIEW_SQL + " WHERE release_no = :no", this::toView, "no", releaseNo);
        return v == null ? null : v.withAttachments(attachments.of(releaseNo));
    }

    /** A project's applications, newest first, each with its attachments. */
    public List<ReleaseView> list(long projectId) {
        return sql.list(VIEW_SQL + " WHERE project_id = :p ORDER BY applied_at DESC, id DESC", this::toView, "p", projectId)
                .stream().map(v -> v.withAttachments(attachments.of(v.releaseNo()))).toList();
    }

    private ReleaseView toView(Row r) throws SQLException {
        return new ReleaseView(r.getString("release_no"), r.getLong("project_id"), r.getString("node_code"), r.getMoney("amount"),
                r.getMoney("key_part"), r.getString("payee_name"), r.getString("payee_account_no"), r.getString("purpose"),
                documents(r.getString("documents")), r.getString("status"), r.getString("applied_by"),
                clock.inZone(r.getInstant("applied_at")), r.getString("decided_by"), clock.inZone(r.getInstant("decided_at")),
                r.getString("decision_reason"), clock.inZone(r.getInstant("executed_at")), r.getString("first_approved_by"),
                clock.inZone(r.getInstant("first_approved_at")), clock.inZone(r.getInstant("pay_by")),
                r.getBoolean("pay_and_report_to_court"), r.getString("spending_category"), r.getLongOrNull("payee_id"),
                r.getBoolean("for_creditor"), List.of());
    }

    private List<String> documents(String text) {
        try {
            return List.of(json.readValue(text, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

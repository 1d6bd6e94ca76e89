package cn.escrow.supervision;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.alerts.AlertService;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.Jdbc;
import cn.escrow.platform.SqlValues;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.FourEyes;
import cn.escrow.supervision.ReleaseRefused.Rule;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Release of supervised money by construction node. An enterprise applies; a supervisor approves
 * or rejects; the bank executes (see {@link DebitChecks}). An approval takes money from the free
 * part first and the rest from the key part, which may not pass the node's cumulative cap.
 * Approvals of one project run one at a time under its supervision row lock, so two approvals
 * that together would pass a cap cannot both succeed.
 */
@ApplicationScoped
public class ReleaseService {

    private final EntityManager em;
    private final Jdbc jdbc;
    private final SupervisionService supervision;
    private final AlertService alerts;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final ObjectMapper json;

    public ReleaseService(EntityManager em, Jdbc jdbc, SupervisionService supervision, AlertService alerts, AuditLog audit,
                          EscrowClock clock, ObjectMapper json) {
        this.em = em;
        this.jdbc = jdbc;
        this.supervision = supervision;
        this.alerts = alerts;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    /** A release application as the API shows it. */
    public record ReleaseView(String releaseNo, long projectId, String nodeCode, BigDecimal amount, BigDecimal keyPart,
                              String payeeName, String payeeAccountNo, String purpose, List<String> documents, String status,
                              String appliedBy, OffsetDateTime appliedAt, String decidedBy, OffsetDateTime decidedAt,
                              String decisionReason, OffsetDateTime executedAt) {
    }

    /** What an enterprise applies for. */
    public record Application(String nodeCode, BigDecimal amount, String payeeName, String payeeAccountNo, String purpose,
                              List<String> documents) {
    }

    @Transactional
    public String apply(Caller caller, long projectId, Application a) {
        List<?> project = em.createNativeQuery("SELECT enterprise_id FROM project WHERE id = :p").setParameter("p", projectId)
                .getResultList();
        if (project.isEmpty()) {
            throw new NotFound("Project " + projectId);
        }
        if (caller.isEnterpriseOnly() && ((Number) project.get(0)).longValue() != caller.enterpriseId()) {
            throw new NotFound("Project " + projectId); // another enterprise's: its existence is not revealed
        }
        if (em.createNativeQuery("SELECT 1 FROM construction_node WHERE code = :c").setParameter("c", a.nodeCode())
                .getResultList().isEmpty()) {
            throw new UnknownReference("Construction node " + a.nodeCode() + " does not exist");
        }
        if (em.createNativeQuery("SELECT 1 FROM supervised_account WHERE project_id = :p").setParameter("p", projectId)
                .getResultList().isEmpty()) {
            throw new UnknownReference("Project " + projectId + " has no supervised account");
        }
        long id = ((Number) em.createNativeQuery("SELECT nextval(pg_get_serial_sequence('release_application', 'id'))")
                .getSingleResult()).longValue();
        String releaseNo = "RL%08d".formatted(id);
        em.createNativeQuery("""
                INSERT INTO release_application (id, release_no, project_id, node_code, amount, payee_name, payee_account_no,
                    purpose, documents, status, applied_by, applied_at)
                OVERRIDING SYSTEM VALUE
                VALUES (:id, :no, :p, :node, :amount, :payee, :payeeAccount, :purpose, CAST(:docs AS jsonb), 'APPLIED', :by, :now)""")
                .setParameter("id", id).setParameter("no", releaseNo).setParameter("p", projectId)
                .setParameter("node", a.nodeCode()).setParameter("amount", a.amount()).setParameter("payee", a.payeeName())
                .setParameter("payeeAccount", a.payeeAccountNo()).setParameter("purpose", a.purpose())
                .setParameter("docs", toJson(a.documents())).setParameter("by", caller.actor()).setParameter("now", clock.now())
                .executeUpdate();
        audit.record(caller.actor(), AuditAction.RELEASE_APPLIED, "release:" + releaseNo, projectId,
                details("node", a.nodeCode(), "amount", a.amount().toPlainString(), "payee", a.payeeName()));
        return releaseNo;
    }

    @Transactional
    public void approve(Caller caller, String releaseNo, String reason) {
        long projectId = projectOf(releaseNo);
        FourEyes.requireSecondPerson(caller, applicant(releaseNo), "applied for this release");
        // Lock order: supervision row, account row, release row (a bank push locks account, then release).
        supervision.lockRow(projectId);
        if (em.createNativeQuery("SELECT 1 FROM supervised_account WHERE project_id = :p FOR UPDATE").setParameter("p", projectId)
                .getResultList().isEmpty()) {
            throw new ReleaseRefused(Rule.NO_ACCOUNT, "The project has no supervised account");
        }
        Object[] r = (Object[]) em.createNativeQuery("""
                SELECT a.status, a.amount, n.cap_percent, n.min_retained_percent, n.name, e.blacklisted
                FROM release_application a JOIN construction_node n ON n.code = a.node_code
                JOIN project p ON p.id = a.project_id JOIN enterprise e ON e.id = p.enterprise_id
                WHERE a.release_no = :no FOR UPDATE OF a""").setParameter("no", releaseNo).getSingleResult();
        if (!"APPLIED".equals(r[0])) {
            throw new ReleaseRefused(Rule.NOT_APPLIED, "Release " + releaseNo + " is " + r[0] + ", not awaiting a decision");
        }
        if (Boolean.TRUE.equals(r[5])) {
            throw new ReleaseRefused(Rule.ENTERPRISE_BLACKLISTED, "The enterprise is blacklisted: no release approvals");
        }
        if (alerts.hasOpen(projectId, AlertService.Kind.BALANCE_MISMATCH)) {
            throw new ReleaseRefused(Rule.RELEASES_SUSPENDED,
                    "Releases are suspended: the bank's and the service's balances disagree (open BALANCE_MISMATCH alert)");
        }
        BigDecimal amount = (BigDecimal) r[1];
        Position pos = supervision.position(projectId);
        if (amount.compareTo(pos.available()) > 0) {
            throw new ReleaseRefused(Rule.INSUFFICIENT_BALANCE, "The account has " + pos.available().toPlainString()
                    + " available (balance less approved, unpaid releases)");
        }
        BigDecimal keyPart = amount.subtract(pos.freeAmount()).max(BigDecimal.ZERO);
        BigDecimal cap = KeyAmountFormula.percentOf(pos.keyAmount(), (BigDecimal) r[2]);
        if (pos.keyReleased().add(keyPart).compareTo(cap) > 0) {
            throw new ReleaseRefused(Rule.NODE_CAP_EXCEEDED, "Node " + r[4] + " allows " + cap.toPlainString()
                    + " of key money in all; " + pos.keyReleased().toPlainString() + " is released and this needs "
                    + keyPart.toPlainString() + " more (free money: " + pos.freeAmount().toPlainString() + ")");
        }
        BigDecimal retained = KeyAmountFormula.percentOf(pos.keyAmount(), (BigDecimal) r[3]);
        if (pos.available().subtract(amount).compareTo(retained) < 0) {
            throw new ReleaseRefused(Rule.MIN_RETAINED_BALANCE, "Node " + r[4] + " keeps at least " + retained.toPlainString()
                    + " in the account");
        }
        decide(caller, releaseNo, projectId, "APPROVED", AuditAction.RELEASE_APPROVED, keyPart, reason);
    }

    @Transactional
    public void reject(Caller caller, String releaseNo, String reason) {
        long projectId = projectOf(releaseNo);
        FourEyes.requireSecondPerson(caller, applicant(releaseNo), "applied for this release");
        Object status = em.createNativeQuery("SELECT status FROM release_application WHERE release_no = :no FOR UPDATE")
                .setParameter("no", releaseNo).getSingleResult();
        if (!"APPLIED".equals(status)) {
            throw new ReleaseRefused(Rule.NOT_APPLIED, "Release " + releaseNo + " is " + status + ", not awaiting a decision");
        }
        decide(caller, releaseNo, projectId, "REJECTED", AuditAction.RELEASE_REJECTED, BigDecimal.ZERO, reason);
    }

    private void decide(Caller caller, String releaseNo, long projectId, String status, AuditAction action, BigDecimal keyPart,
                        String reason) {
        em.createNativeQuery("""
                UPDATE release_application SET status = :status, key_part = :keyPart, decided_by = :by, decided_at = :now,
                    decision_reason = :reason WHERE release_no = :no""")
                .setParameter("status", status).setParameter("keyPart", keyPart).setParameter("by", caller.actor())
                .setParameter("now", clock.now()).setParameter("reason", reason).setParameter("no", releaseNo).executeUpdate();
        audit.record(caller.actor(), action, "release:" + releaseNo, projectId,
                details("keyPart", keyPart.toPlainString(), "reason", reason));
    }

    private String applicant(String releaseNo) {
        return jdbc.first("SELECT applied_by FROM release_application WHERE release_no = ?", row -> row.getString("applied_by"),
                releaseNo);
    }

    /** The project of a release; 404 when there is no such release. */
    public long projectOf(String releaseNo) {
        List<?> rows = em.createNativeQuery("SELECT project_id FROM release_application WHERE release_no = :no")
                .setParameter("no", releaseNo).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound("Release " + releaseNo);
        }
        return ((Number) rows.get(0)).longValue();
    }

    private String toJson(List<String> documents) {
        try {
            return json.writeValueAsString(documents == null ? List.of() : documents);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public ReleaseView view(String releaseNo) {
        Object[] r = (Object[]) em.createNativeQuery("""
                SELECT release_no, project_id, node_code, amount, key_part, payee_name, payee_account_no, purpose,
                       CAST(documents AS text), status, applied_by, applied_at, decided_by, decided_at, decision_reason, executed_at
                FROM release_application WHERE release_no = :no""").setParameter("no", releaseNo).getSingleResult();
        return new ReleaseView((String) r[0], ((Number) r[1]).longValue(), (String) r[2], (BigDecimal) r[3], (BigDecimal) r[4],
                (String) r[5], (String) r[6], (String) r[7], documents((String) r[8]), (String) r[9], (String) r[10],
                clock.inZone(SqlValues.instant(r[11])), (String) r[12], clock.inZone(SqlValues.instant(r[13])), (String) r[14],
                clock.inZone(SqlValues.instant(r[15])));
    }

    private List<String> documents(String text) {
        try {
            return List.of(json.readValue(text, String[].class));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

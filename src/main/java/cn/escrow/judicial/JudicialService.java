package cn.escrow.judicial;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.alerts.AlertService;
import cn.escrow.alerts.AlertService.Kind;
import cn.escrow.alerts.AlertService.Severity;
import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.bank.IdempotencyConflict;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.judicial.JudicialPushes.Action;
import cn.escrow.judicial.JudicialPushes.ConsentRequest;
import cn.escrow.judicial.JudicialPushes.JudicialActionPush;
import cn.escrow.judicial.JudicialViews.ConsentView;
import cn.escrow.judicial.JudicialViews.FreezeView;
import cn.escrow.judicial.JudicialViews.JudicialActionView;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.SqlValues;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Court actions on supervised accounts (pushed by banks, exactly once, like every push) and the
 * bureau's consents to court deductions. Each push raises the alert supervisors must see: a
 * freeze, its lifting, and a deduction with or without the bureau's recorded consent.
 */
@ApplicationScoped
public class JudicialService {

    /** Actions dated further ahead of the service clock than this are refused as implausible. */
    private static final Duration MAX_FUTURE = Duration.ofDays(1);

    private static final String VIEW_SQL = """
            SELECT j.id, j.serial_no, j.bank_code, j.project_id, a.account_no, j.action, j.court, j.document_no, j.amount,
                   j.acted_at, j.received_at, j.freeze_document_no, j.lifted_at, j.consent_id, t.serial_no
            FROM judicial_action j JOIN supervised_account a ON a.project_id = j.project_id
            LEFT JOIN account_transaction t ON t.id = j.linked_transaction_id
            """;

    private static final String CONSENT_SQL =
            "SELECT id, project_id, court, document_no, amount, reason, given_by, given_at FROM deduction_consent";

    private final EntityManager em;
    private final AuditLog audit;
    private final AlertService alerts;
    private final EscrowClock clock;

    public JudicialService(EntityManager em, AuditLog audit, AlertService alerts, EscrowClock clock) {
        this.em = em;
        this.audit = audit;
        this.alerts = alerts;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ pushes

    @Transactional
    public Outcome<JudicialActionView> push(Caller bank, JudicialActionPush push) {
        checkFields(push);
        String fingerprint = push.fingerprint();
        Outcome<JudicialActionView> replay = replay(bank.bankCode(), push.serialNo(), fingerprint);
        if (replay != null) {
            return replay;
        }
        Instant now = clock.now();
        if (push.actedAt().toInstant().isAfter(now.plus(MAX_FUTURE))) {
            throw new ValidationFailed("actedAt", "must not be more than a day ahead of the service clock");
        }
        long projectId = lockAccount(push.accountNo(), bank);
        // A concurrent identical push may have committed while we waited for the account lock.
        replay = replay(bank.bankCode(), push.serialNo(), fingerprint);
        if (replay != null) {
            return replay;
        }

        Long liftedFreeze = null;
        Long consentId = null;
        String consentProblem = null;
        switch (push.action()) {
            case FREEZE -> {
                if (single("""
                        SELECT id FROM judicial_action
                        WHERE project_id = :p AND action = 'FREEZE' AND document_no = :doc AND lifted_at IS NULL""",
                        "p", projectId, "doc", push.documentNo()) != null) {
                    throw new Conflict("A freeze by document " + push.documentNo() + " is already active on this account");
                }
            }
            case UNFREEZE -> {
                Object[] freeze = single("""
                        SELECT id, acted_at FROM judicial_action
                        WHERE project_id = :p AND action = 'FREEZE' AND document_no = :doc AND lifted_at IS NULL
                        ORDER BY acted_at, id LIMIT 1 FOR UPDATE""", "p", projectId, "doc", push.freezeDocumentNo());
                if (freeze == null) {
                    throw new UnknownReference("No active freeze by document " + push.freezeDocumentNo() + " on this account");
                }
                if (push.actedAt().toInstant().isBefore(SqlValues.instant(freeze[1]))) {
                    throw new ValidationFailed("actedAt", "must not be before the freeze it lifts");
                }
                liftedFreeze = ((Number) freeze[0]).longValue();
            }
            case DEDUCTION -> {
                Object[] consent = single("""
                        SELECT c.id, c.amount - COALESCE((SELECT sum(j.amount) FROM judicial_action j WHERE j.consent_id = c.id), 0)
                        FROM deduction_consent c WHERE c.project_id = :p AND c.document_no = :doc FOR UPDATE OF c""",
                        "p", projectId, "doc", push.documentNo());
                if (consent == null) {
                    consentProblem = "the bureau recorded no consent for document " + push.documentNo();
                } else if (((BigDecimal) consent[1]).compareTo(push.amount()) < 0) {
                    consentProblem = "it exceeds what the bureau's consent to document " + push.documentNo()
                            + " leaves (" + ((BigDecimal) consent[1]).setScale(2).toPlainString() + ")";
                } else {
                    consentId = ((Number) consent[0]).longValue();
                }
            }
            default -> throw new IllegalStateException("unreachable");
        }

        List<?> inserted = em.createNativeQuery("""
                INSERT INTO judicial_action (bank_code, serial_no, project_id, action, court, document_no, amount, acted_at,
                    received_at, freeze_document_no, consent_id, content_hash)
                VALUES (:bank, :serial, :project, :action, :court, :doc, :amount, :actedAt, :now, :freezeDoc, :consent, :hash)
                ON CONFLICT ON CONSTRAINT judicial_action_key DO NOTHING
                RETURNING id""")
                .setParameter("bank", bank.bankCode())
                .setParameter("serial", push.serialNo())
                .setParameter("project", projectId)
                .setParameter("action", push.action().name())
                .setParameter("court", push.court())
                .setParameter("doc", push.documentNo())
                .setParameter("amount", push.amount())
                .setParameter("actedAt", push.actedAt().toInstant())
                .setParameter("now", now)
                .setParameter("freezeDoc", push.freezeDocumentNo())
                .setParameter("consent", consentId)
                .setParameter("hash", fingerprint)
                .getResultList();
        if (inserted.isEmpty()) {
            return replay(bank.bankCode(), push.serialNo(), fingerprint);
        }
        long id = ((Number) inserted.get(0)).longValue();
        String subject = "judicial-action:" + push.serialNo();
        String money = push.amount() == null ? null : push.amount().setScale(2).toPlainString();
        switch (push.action()) {
            case FREEZE -> alerts.raise(bank.actor(), projectId, Kind.JUDICIAL_FREEZE, Severity.WARNING, subject,
                    push.court() + " froze " + money + " on account " + push.accountNo() + " (document " + push.documentNo() + ")");
            case UNFREEZE -> {
                em.createNativeQuery("UPDATE judicial_action SET lifted_at = :at WHERE id = :id")
                        .setParameter("at", push.actedAt().toInstant()).setParameter("id", liftedFreeze).executeUpdate();
                alerts.raise(bank.actor(), projectId, Kind.JUDICIAL_UNFREEZE, Severity.INFO, subject,
                        push.court() + " lifted the freeze by document " + push.freezeDocumentNo() + " on account "
                                + push.accountNo() + " (document " + push.documentNo() + ")");
            }
            case DEDUCTION -> {
                if (consentId != null) {
                    alerts.raise(bank.actor(), projectId, Kind.JUDICIAL_DEDUCTION, Severity.INFO, subject,
                            push.court() + " deducted " + money + " from account " + push.accountNo() + " (document "
                                    + push.documentNo() + ") with the bureau's consent " + consentId);
                } else {
                    alerts.raise(bank.actor(), projectId, Kind.UNCONSENTED_DEDUCTION, Severity.HIGH, subject,
                            push.court() + " deducted " + money + " from account " + push.accountNo() + " (document "
                                    + push.documentNo() + "), but " + consentProblem);
                }
                linkEarlierDebit(bank.actor(), id, projectId, push);
            }
            default -> throw new IllegalStateException("unreachable");
        }
        audit.record(bank.actor(), AuditAction.JUDICIAL_ACTION_PUSHED, subject, projectId,
                details("bankCode", bank.bankCode(), "accountNo", push.accountNo(), "action", push.action().name(),
                        "court", push.court(), "documentNo", push.documentNo(), "amount", money,
                        "freezeDocumentNo", push.freezeDocumentNo(), "consentId", consentId));
        return new Outcome<>(view(id), true);
    }

    /** Rules across fields: FREEZE and DEDUCTION carry an amount; UNFREEZE names the freeze it lifts, and nothing else. */
    private static void checkFields(JudicialActionPush push) {
        if (push.action() == Action.UNFREEZE) {
            if (push.freezeDocumentNo() == null) {
                throw new ValidationFailed("freezeDocumentNo", "is required for UNFREEZE");
            }
            if (push.amount() != null) {
                throw new ValidationFailed("amount", "must not be given for UNFREEZE (it lifts the whole freeze)");
            }
        } else {
            if (push.amount() == null) {
                throw new ValidationFailed("amount", "is required for " + push.action());
            }
            if (push.freezeDocumentNo() != null) {
                throw new ValidationFailed("freezeDocumentNo", "is only given for UNFREEZE");
            }
        }
    }

    private Outcome<JudicialActionView> replay(String bankCode, String serialNo, String fingerprint) {
        Object[] existing = single("SELECT id, content_hash FROM judicial_action WHERE bank_code = :bank AND serial_no = :serial",
                "bank", bankCode, "serial", serialNo);
        if (existing == null) {
            return null;
        }
        if (!fingerprint.equals(existing[1])) {
            throw new IdempotencyConflict(serialNo);
        }
        return new Outcome<>(view(((Number) existing[0]).longValue()), false);
    }

    /** Locks the supervised account row (serialising pushes per account) after checking it exists and is the bank's. */
    private long lockAccount(String accountNo, Caller bank) {
        Object[] account = single("SELECT project_id, bank_code FROM supervised_account WHERE account_no = :no FOR UPDATE",
                "no", accountNo);
        if (account == null) {
            throw new UnknownReference("Account " + accountNo + " is not a supervised account");
        }
        if (!account[1].equals(bank.bankCode())) {
            throw new Forbidden("Account " + accountNo + " is not held at your bank");
        }
        return ((Number) account[0]).longValue();
    }

    // ------------------------------------------------------------------ consents

    @Transactional
    public ConsentView consent(Caller caller, long projectId, ConsentRequest request) {
        requireProject(projectId);
        List<?> inserted = em.createNativeQuery("""
                INSERT INTO deduction_consent (project_id, court, document_no, amount, reason, given_by, given_at)
                VALUES (:p, :court, :doc, :amount, :reason, :by, :now)
                ON CONFLICT ON CONSTRAINT deduction_consent_key DO NOTHING
                RETURNING id""")
                .setParameter("p", projectId).setParameter("court", request.court()).setParameter("doc", request.documentNo())
                .setParameter("amount", request.amount()).setParameter("reason", request.reason())
                .setParameter("by", caller.actor()).setParameter("now", clock.now())
                .getResultList();
        if (inserted.isEmpty()) {
            throw new Conflict("Project " + projectId + " already has a consent for document " + request.documentNo());
        }
        long id = ((Number) inserted.get(0)).longValue();
        audit.record(caller.actor(), AuditAction.DEDUCTION_CONSENT_GIVEN, "consent:" + id, projectId,
                details("court", request.court(), "documentNo", request.documentNo(),
                        "amount", request.amount().setScale(2).toPlainString(), "reason", request.reason()));
        return toConsent(single(CONSENT_SQL + " WHERE id = :id", "id", id));
    }

    /** The project's consents, newest first. */
    public List<ConsentView> consents(long projectId, PageRequest paging) {
        List<?> rows = em.createNativeQuery(CONSENT_SQL + " WHERE project_id = :p ORDER BY given_at DESC, id DESC")
                .setParameter("p", projectId).setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        return rows.stream().map(o -> toConsent((Object[]) o)).toList();
    }

    private ConsentView toConsent(Object[] r) {
        return new ConsentView(((Number) r[0]).longValue(), ((Number) r[1]).longValue(), (String) r[2], (String) r[3],
                (BigDecimal) r[4], (String) r[5], (String) r[6], time(r[7]));
    }

    public long consentCount(long projectId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM deduction_consent WHERE project_id = :p")
                .setParameter("p", projectId).getSingleResult()).longValue();
    }

    // ------------------------------------------------------------------ reads

    /** The project's court actions, newest first; {@code action} filters when given. */
    public List<JudicialActionView> actions(long projectId, Action action, PageRequest paging) {
        var query = em.createNativeQuery(VIEW_SQL + " WHERE j.project_id = :p"
                + (action == null ? "" : " AND j.action = :action") + " ORDER BY j.acted_at DESC, j.id DESC")
                .setParameter("p", projectId);
        if (action != null) {
            query.setParameter("action", action.name());
        }
        List<?> rows = query.setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        return rows.stream().map(o -> toView((Object[]) o)).toList();
    }

    public long actionCount(long projectId, Action action) {
        var query = em.createNativeQuery("SELECT count(*) FROM judicial_action WHERE project_id = :p"
                + (action == null ? "" : " AND action = :action")).setParameter("p", projectId);
        if (action != null) {
            query.setParameter("action", action.name());
        }
        return ((Number) query.getSingleResult()).longValue();
    }

    /** The freezes on the project's account that no UNFREEZE has lifted, oldest first. */
    public List<FreezeView> activeFreezes(long projectId) {
        List<?> rows = em.createNativeQuery("""
                SELECT court, document_no, amount, acted_at FROM judicial_action
                WHERE project_id = :p AND action = 'FREEZE' AND lifted_at IS NULL ORDER BY acted_at, id""")
                .setParameter("p", projectId).getResultList();
        return rows.stream().map(o -> (Object[]) o)
                .map(r -> new FreezeView((String) r[0], (String) r[1], (BigDecimal) r[2], time(r[3]))).toList();
    }

    /** 404 unless the project exists. */
    public void requireProject(long projectId) {
        if (em.createNativeQuery("SELECT 1 FROM project WHERE id = :p").setParameter("p", projectId).getResultList().isEmpty()) {
            throw new NotFound("Project " + projectId);
        }
    }

    JudicialActionView view(long id) {
        return toView(single(VIEW_SQL + " WHERE j.id = :id", "id", id));
    }

    private JudicialActionView toView(Object[] r) {
        Action action = Action.valueOf((String) r[5]);
        OffsetDateTime liftedAt = time(r[12]);
        return new JudicialActionView(((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).longValue(),
                (String) r[4], action, (String) r[6], (String) r[7], (BigDecimal) r[8], time(r[9]), time(r[10]),
                (String) r[11], liftedAt, action == Action.FREEZE ? liftedAt == null : null,
                r[13] == null ? null : ((Number) r[13]).longValue(), (String) r[14]);
    }

    private OffsetDateTime time(Object value) {
        return clock.inZone(SqlValues.instant(value));
    }

    /**
     * The bank may book a deduction's debit before it pushes the court's notice. Such a debit found nothing
     * to explain it and raised UNEXPLAINED_DEBIT; the earliest one of this amount that no deduction explains
     * yet is this deduction's: it is linked, and its alert closed by the service with a note saying why.
     * The alert row is locked as it is read, so a supervisor closing it at the same moment cannot make
     * this push fail.
     * (A debit arriving after the notice is linked by DebitChecks and raises nothing.)
     */
    private void linkEarlierDebit(String actor, long actionId, long projectId, JudicialActionPush push) {
        Object[] debit = single("""
                SELECT t.id, t.serial_no, al.id, al.status FROM account_transaction t
                JOIN alert al ON al.project_id = t.project_id AND al.kind = 'UNEXPLAINED_DEBIT'
                     AND al.subject = 'transaction:' || t.serial_no
                WHERE t.project_id = :p AND t.direction = 'DEBIT' AND t.amount = :amount
                  AND NOT EXISTS (SELECT 1 FROM judicial_action j WHERE j.linked_transaction_id = t.id)
                ORDER BY t.booked_at, t.id LIMIT 1 FOR UPDATE OF al""", "p", projectId, "amount", push.amount());
        if (debit == null) {
            return;
        }
        em.createNativeQuery("UPDATE judicial_action SET linked_transaction_id = :tx WHERE id = :id")
                .setParameter("tx", ((Number) debit[0]).longValue()).setParameter("id", actionId).executeUpdate();
        audit.record(actor, AuditAction.DEDUCTION_LINKED_TO_EARLIER_DEBIT, "judicial-action:" + push.serialNo(), projectId,
                details("transaction", debit[1], "amount", push.amount().setScale(2).toPlainString()));
        if (!"CLOSED".equals(debit[3])) {
            alerts.close(actor, ((Number) debit[2]).longValue(), "Explained by the court deduction " + push.serialNo()
                    + " (document " + push.documentNo() + "), pushed after the debit");
        }
    }

    private Object[] single(String sql, Object... params) {
        return SqlValues.firstRow(em, sql, params);
    }
}

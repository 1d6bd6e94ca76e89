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
import cn.escrow.lifecycle.AccountStatusChecks;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.supervision.Position;
import cn.escrow.supervision.SupervisionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.SQLException;
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
                   j.acted_at, j.received_at, j.freeze_document_no, j.lifted_at, j.consent_id, t.serial_no AS linked_serial_no,
                   j.creditor_kind, j.above_key_obligation, j.verdict
            FROM judicial_action j JOIN supervised_account a ON a.project_id = j.project_id
            LEFT JOIN account_transaction t ON t.id = j.linked_transaction_id
            """;

    private static final String CONSENT_SQL =
            "SELECT id, project_id, court, document_no, amount, reason, given_by, given_at FROM deduction_consent";

    private final Sql sql;
    private final AuditLog audit;
    private final AlertService alerts;
    private final EscrowClock clock;
    private final SupervisionService supervision;
    private final AccountStatusChecks accountLife;

    public JudicialService(Sql sql, AuditLog audit, AlertService alerts, EscrowClock clock, SupervisionService supervision,
                           AccountStatusChecks accountLife) {
        this.accountLife = accountLife;
        this.supervision = supervision;
        this.sql = sql;
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
                if (sql.one("""
                        SELECT id FROM judicial_action
                        WHERE project_id = :p AND action = 'FREEZE' AND document_no = :doc AND lifted_at IS NULL""",
                        r -> r.getLong("id"), "p", projectId, "doc", push.documentNo()) != null) {
                    throw new Conflict("A freeze by document " + push.documentNo() + " is already active on this account");
                }
            }
            case UNFREEZE -> {
                Freeze freeze = sql.one("""
                        SELECT id, acted_at FROM judicial_action
                        WHERE project_id = :p AND action = 'FREEZE' AND document_no = :doc AND lifted_at IS NULL
                        ORDER BY acted_at, id LIMIT 1 FOR UPDATE""", r -> new Freeze(r.getLong("id"), r.getInstant("acted_at")),
                        "p", projectId, "doc", push.freezeDocumentNo());
                if (freeze == null) {
                    throw new UnknownReference("No active freeze by document " + push.freezeDocumentNo() + " on this account");
                }
                if (push.actedAt().toInstant().isBefore(freeze.actedAt())) {
                    throw new ValidationFailed("actedAt", "must not be before the freeze it lifts");
                }
                liftedFreeze = freeze.id();
            }
            case DEDUCTION -> {
                Consent consent = sql.one("""
                        SELECT c.id, c.amount - COALESCE((SELECT sum(j.amount) FROM judicial_action j WHERE j.consent_id = c.id), 0)
                                 AS remaining
                        FROM deduction_consent c WHERE c.project_id = :p AND c.document_no = :doc FOR UPDATE OF c""",
                        r -> new Consent(r.getLong("id"), r.getMoney("remaining")), "p", projectId, "doc", push.documentNo());
                if (consent == null) {
                    consentProblem = "the bureau recorded no consent for document " + push.documentNo();
                } else if (consent.remaining().compareTo(push.amount()) < 0) {
                    consentProblem = "it exceeds what the bureau's consent to document " + push.documentNo()
                            + " leaves (" + consent.remaining().toPlainString() + ")";
                } else {
                    consentId = consent.id();
                }
            }
            default -> throw new IllegalStateException("unreachable");
        }

        Long inserted = sql.one("""
                INSERT INTO judicial_action (bank_code, serial_no, project_id, action, court, document_no, amount, acted_at,
                    received_at, freeze_document_no, consent_id, content_hash, creditor_kind)
                VALUES (:bank, :serial, :project, :action, :court, :doc, CAST(:amount AS numeric), :actedAt, :now, :freezeDoc,
                    CAST(:consent AS bigint), :hash, CAST(:creditor AS text))
                ON CONFLICT ON CONSTRAINT judicial_action_key DO NOTHING
                RETURNING id""", r -> r.getLong("id"),
                "bank", bank.bankCode(), "serial", push.serialNo(), "project", projectId, "action", push.action().name(),
                "court", push.court(), "doc", push.documentNo(), "amount", push.amount(), "actedAt", push.actedAt().toInstant(),
                "now", now, "freezeDoc", push.freezeDocumentNo(), "consent", consentId, "hash", fingerprint,
                "creditor", push.creditorKind());
        if (inserted == null) {
            return replay(bank.bankCode(), push.serialNo(), fingerprint);
        }
        long id = inserted;
        String subject = "judicial-action:" + push.serialNo();
        String money = push.amount() == null ? null : push.amount().setScale(2).toPlainString();
        switch (push.action()) {
            case FREEZE -> alerts.raise(bank.actor(), projectId, Kind.JUDICIAL_FREEZE, Severity.WARNING, subject,
                    push.court() + " froze " + money + " on account " + push.accountNo() + " (document " + push.documentNo() + ")");
            case UNFREEZE -> {
                sql.update("UPDATE judicial_action SET lifted_at = :at WHERE id = :id", "at", push.actedAt().toInstant(),
                        "id", liftedFreeze);
                alerts.raise(bank.actor(), projectId, Kind.JUDICIAL_UNFREEZE, Severity.INFO, subject,
                        push.court() + " lifted the freeze by document " + push.freezeDocumentNo() + " on account "
                                + push.accountNo() + " (document " + push.documentNo() + ")");
            }
            case DEDUCTION -> {
                boolean alreadyBooked = linkEarlierDebit(bank.actor(), id, projectId, push);
                DeductionRule.Judgement judgement = judge(id, projectId, push, alreadyBooked);
                String consent = consentId != null ? "; the bureau's consent " + consentId + " covers it"
                        : consentProblem != null ? "; " + consentProblem : "";
                if (judgement.lawful()) {
                    alerts.raise(bank.actor(), projectId, Kind.JUDICIAL_DEDUCTION, Severity.INFO, subject,
                            push.court() + " deducted " + money + " from account " + push.accountNo() + " (document "
                                    + push.documentNo() + "): " + judgement.verdict() + ", key money taken "
                                    + judgement.keyMoneyTaken().toPlainString() + consent);
                } else {
                    alerts.raise(bank.actor(), projectId, Kind.DEDUCTION_WITHIN_KEY_OBLIGATION, Severity.HIGH, subject,
                            push.court() + " deducted " + money + " from account " + push.accountNo() + " (document "
                                    + push.documentNo() + "), taking " + judgement.keyMoneyTaken().toPlainString()
                                    + " of key money for a creditor that is not the project's builder or supplier"
                                    + " (法〔2022〕12号)" + consent);
                }
            }
            default -> throw new IllegalStateException("unreachable");
        }
        audit.record(bank.actor(), AuditAction.JUDICIAL_ACTION_PUSHED, subject, projectId,
                details("bankCode", bank.bankCode(), "accountNo", push.accountNo(), "action", push.action().name(),
                        "court", push.court(), "documentNo", push.documentNo(), "amount", money,
                        "freezeDocumentNo", push.freezeDocumentNo(), "consentId", consentId,
                        "creditorKind", push.creditorKind() == null ? null : push.creditorKind().name()));
        return new Outcome<>(view(id), true);
    }

    /** Rules across fields: FREEZE and DEDUCTION carry an amount; UNFREEZE names the freeze it lifts, and nothing else. */
    private static void checkFields(JudicialActionPush push) {
        if (push.creditorKind() != null && push.action() != Action.DEDUCTION) {
            throw new ValidationFailed("creditorKind", "is only given for DEDUCTION");
        }
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
        Stored existing = sql.one("SELECT id, content_hash FROM judicial_action WHERE bank_code = :bank AND serial_no = :serial",
                r -> new Stored(r.getLong("id"), r.getString("content_hash")), "bank", bankCode, "serial", serialNo);
        if (existing == null) {
            return null;
        }
        if (!fingerprint.equals(existing.contentHash())) {
            throw new IdempotencyConflict(serialNo);
        }
        return new Outcome<>(view(existing.id()), false);
    }

    /**
     * Locks the supervised account row (serialising pushes per account) after checking it exists and is the bank's. A
     * closed account or a former number is refused (409 {@code account-closed}): supervision has ended with no freeze in
     * force (an obligation of the end), or the project's money and its court actions moved to the new number.
     */
    private long lockAccount(String accountNo, Caller bank) {
        Account account = sql.one("SELECT project_id, bank_code, status FROM supervised_account WHERE account_no = :no FOR UPDATE",
                r -> new Account(r.getLong("project_id"), r.getString("bank_code"), r.getString("status")), "no", accountNo);
        if (account == null) {
            accountLife.refuseFormer(accountNo);
            throw new UnknownReference("Account " + accountNo + " is not a supervised account");
        }
        if (!account.bankCode().equals(bank.bankCode())) {
            throw new Forbidden("Account " + accountNo + " is not held at your bank");
        }
        AccountStatusChecks.refuseClosed(accountNo, account.status());
        return account.projectId();
    }

    // ------------------------------------------------------------------ consents

    @Transactional
    public ConsentView consent(Caller caller, long projectId, ConsentRequest request) {
        requireProject(projectId);
        Long id = sql.one("""
                INSERT INTO deduction_consent (project_id, court, document_no, amount, reason, given_by, given_at)
                VALUES (:p, :court, :doc, :amount, :reason, :by, :now)
                ON CONFLICT ON CONSTRAINT deduction_consent_key DO NOTHING
                RETURNING id""", r -> r.getLong("id"),
                "p", projectId, "court", request.court(), "doc", request.documentNo(), "amount", request.amount(),
                "reason", request.reason(), "by", caller.actor(), "now", clock.now());
        if (id == null) {
            throw new Conflict("Project " + projectId + " already has a consent for document " + request.documentNo());
        }
        audit.record(caller.actor(), AuditAction.DEDUCTION_CONSENT_GIVEN, "consent:" + id, projectId,
                details("court", request.court(), "documentNo", request.documentNo(),
                        "amount", request.amount().setScale(2).toPlainString(), "reason", request.reason()));
        return sql.one(CONSENT_SQL + " WHERE id = :id", this::toConsent, "id", id);
    }

    /** The project's consents, newest first. */
    public List<ConsentView> consents(long projectId, PageRequest paging) {
        return sql.list(CONSENT_SQL + " WHERE project_id = :p ORDER BY given_at DESC, id DESC LIMIT :size OFFSET :offset",
                this::toConsent, "p", projectId, "size", paging.size(), "offset", paging.offset());
    }

    private ConsentView toConsent(Row r) throws SQLException {
        return new ConsentView(r.getLong("id"), r.getLong("project_id"), r.getString("court"), r.getString("document_no"),
                r.getMoney("amount"), r.getString("reason"), r.getString("given_by"), clock.inZone(r.getInstant("given_at")));
    }

    public long consentCount(long projectId) {
        return sql.number("SELECT count(*) FROM deduction_consent WHERE project_id = :p", "p", projectId);
    }

    // ------------------------------------------------------------------ reads

    /** The project's court actions, newest first; {@code action} filters when given. */
    public List<JudicialActionView> actions(long projectId, Action action, PageRequest paging) {
        return sql.list(VIEW_SQL + " WHERE j.project_id = :p AND (CAST(:action AS text) IS NULL OR j.action = :action)"
                + " ORDER BY j.acted_at DESC, j.id DESC LIMIT :size OFFSET :offset", this::toView,
                "p", projectId, "action", action, "size", paging.size(), "offset", paging.offset());
    }

    public long actionCount(long projectId, Action action) {
        return sql.number("SELECT count(*) FROM judicial_action WHERE project_id = :p"
                + " AND (CAST(:action AS text) IS NULL OR action = :action)", "p", projectId, "action", action);
    }

    /** The freezes on the project's account that no UNFREEZE has lifted, oldest first. */
    public List<FreezeView> activeFreezes(long projectId) {
        return sql.list("""
                SELECT court, document_no, amount, acted_at FROM judicial_action
                WHERE project_id = :p AND action = 'FREEZE' AND lifted_at IS NULL ORDER BY acted_at, id""",
                r -> new FreezeView(r.getString("court"), r.getString("document_no"), r.getMoney("amount"),
                        clock.inZone(r.getInstant("acted_at"))), "p", projectId);
    }

    /** 404 unless the project exists. */
    public void requireProject(long projectId) {
        if (sql.one("SELECT 1 AS found FROM project WHERE id = :p", r -> true, "p", projectId) == null) {
            throw new NotFound("Project " + projectId);
        }
    }

    JudicialActionView view(long id) {
        return sql.one(VIEW_SQL + " WHERE j.id = :id", this::toView, "id", id);
    }

    private JudicialActionView toView(Row r) throws SQLException {
        Action action = Action.valueOf(r.getString("action"));
        OffsetDateTime liftedAt = clock.inZone(r.getInstant("lifted_at"));
        return new JudicialActionView(r.getLong("id"), r.getString("serial_no"), r.getString("bank_code"), r.getLong("project_id"),
                r.getString("account_no"), action, r.getString("court"), r.getString("document_no"), r.getMoney("amount"),
                clock.inZone(r.getInstant("acted_at")), clock.inZone(r.getInstant("received_at")), r.getString("freeze_document_no"),
                liftedAt, action == Action.FREEZE ? liftedAt == null : null, r.getLongOrNull("consent_id"),
                r.getString("linked_serial_no"), enumOrNull(DeductionRule.CreditorKind.class, r.getString("creditor_kind")),
                r.getBigDecimal("above_key_obligation"), enumOrNull(DeductionRule.Verdict.class, r.getString("verdict")));
    }

    private static <E extends Enum<E>> E enumOrNull(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    private record Freeze(long id, Instant actedAt) {
    }

    private record Consent(long id, BigDecimal remaining) {
    }

    private record Stored(long id, String contentHash) {
    }

    private record Account(long projectId, String bankCode, String status) {
    }

    private record EarlierDebit(long transactionId, String serialNo, long alertId, String alertStatus) {
    }

    /**
     * The bank may book a deduction's debit before it pushes the court's notice. Such a debit found nothing
     * to explain it and raised UNEXPLAINED_DEBIT; the earliest one of this amount that no deduction explains
     * yet is this deduction's: it is linked, and its alert closed by the service with a note saying why.
     * The alert row is locked as it is read, so a supervisor closing it at the same moment cannot make
     * this push fail.
     * (A debit arriving after the notice is linked by DebitChecks and raises nothing.)
     */
    private boolean linkEarlierDebit(String actor, long actionId, long projectId, JudicialActionPush push) {
        EarlierDebit debit = sql.one("""
                SELECT t.id AS transaction_id, t.serial_no, al.id AS alert_id, al.status FROM account_transaction t
                JOIN alert al ON al.project_id = t.project_id AND al.kind = 'UNEXPLAINED_DEBIT'
                     AND al.subject = 'transaction:' || t.serial_no
                WHERE t.project_id = :p AND t.direction = 'DEBIT' AND t.amount = :amount
                  AND NOT EXISTS (SELECT 1 FROM judicial_action j WHERE j.linked_transaction_id = t.id)
                ORDER BY t.booked_at, t.id LIMIT 1 FOR UPDATE OF al""",
                r -> new EarlierDebit(r.getLong("transaction_id"), r.getString("serial_no"), r.getLong("alert_id"),
                        r.getString("status")), "p", projectId, "amount", push.amount());
        if (debit == null) {
            return false;
        }
        sql.update("UPDATE judicial_action SET linked_transaction_id = :tx WHERE id = :id", "tx", debit.transactionId(),
                "id", actionId);
        audit.record(actor, AuditAction.DEDUCTION_LINKED_TO_EARLIER_DEBIT, "judicial-action:" + push.serialNo(), projectId,
                details("transaction", debit.serialNo(), "amount", push.amount().setScale(2).toPlainString()));
        if (!"CLOSED".equals(debit.alertStatus())) {
            alerts.close(actor, debit.alertId(), "Explained by the court deduction " + push.serialNo()
                    + " (document " + push.documentNo() + "), pushed after the debit");
        }
        return true;
    }

    /**
     * Judges a deduction by 法〔2022〕12号 on the money position when the court's notice arrives (a debit the bank booked
     * before it is added back) and records the verdict.
     */
    private DeductionRule.Judgement judge(long actionId, long projectId, JudicialActionPush push, boolean alreadyBooked) {
        Position p = supervision.position(projectId);
        BigDecimal available = alreadyBooked ? p.available().add(push.amount()) : p.available();
        BigDecimal above = available.subtract(p.remainingKeyObligation()).max(BigDecimal.ZERO);
        DeductionRule.Judgement judgement = DeductionRule.judge(push.amount(), above, p.remainingKeyObligation(),
                push.creditorKind());
        sql.update("UPDATE judicial_action SET above_key_obligation = :above, verdict = :verdict WHERE id = :id",
                "above", above, "verdict", judgement.verdict(), "id", actionId);
        return judgement;
    }
}

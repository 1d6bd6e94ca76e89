package cn.escrow.bank;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.bank.BankPushes.AccountTransactionPush;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.bank.BankViews.TransactionView;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.Jdbc;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemException;
import cn.escrow.platform.error.ProblemType;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.signing.SigningControl;
import cn.escrow.supervision.DebitChecks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongFunction;

/**
 * Stores account transactions exactly once and keeps balances and loan matching right under concurrency
 * (loan notices: {@link DisbursementPushService}).
 *
 * <p>Every push for an account takes that account's row lock first ({@code FOR UPDATE}), so pushes
 * to one account run one after another: balances never lose an update, and a loan credit and its
 * notice always see each other. The idempotency key (bank, serial) is a unique constraint; the insert
 * uses {@code ON CONFLICT DO NOTHING}, so a concurrent duplicate ends as a replay, never as an error.
 * The caller is answered only after the transaction commits.
 *
 * <p>This is the hot path, so it runs few statements, in plain JDBC: the account lock with the replay
 * check and the lookups the other checks need, and one statement that inserts the push, moves the
 * balance, settles a matched notice and appends the audit event. The answer is built from what that
 * statement returns, not read back. The SQL texts are compile-time constants (text blocks joined with
 * {@code +}, never {@code formatted}), so each call hands the driver the same String, whose hash its
 * statement cache does not compute again.
 */
@ApplicationScoped
public class BankPushService {

    /** Pushes dated further ahead of the service clock than this are refused as implausible. */
    private static final Duration MAX_FUTURE = Duration.ofDays(1);

    private static final String ADD_TRANSACTION = """
            WITH ins AS (
                INSERT INTO account_transaction AS t (bank_code, serial_no, project_id, direction, amount, purpose,
                    booked_at, received_at, contract_no, disbursement_serial_no, disbursement_lender_code, counterparty_name,
                    counterparty_account_no, reverses_serial_no, release_no, matched_disbursement_id, balance_after, content_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    (SELECT balance + ? FROM supervised_account WHERE project_id = ?), ?)
                ON CONFLICT ON CONSTRAINT account_transaction_key DO NOTHING
                RETURNING\s""" + PushViews.TRANSACTION_COLUMNS + """
                , t.project_id),
            balance AS (
                UPDATE supervised_account a SET balance = a.balance + ?, entry_count = a.entry_count + 1
                FROM ins WHERE a.project_id = ins.project_id),
            settled AS (
                -- The notice's money is in once its credits cover it; lateness goes by the latest booking time.
                UPDATE loan_disbursement d SET matched_amount = d.matched_amount + ins.amount,
                    latest_credit_booked_at = GREATEST(d.latest_credit_booked_at, ins.booked_at),
                    status = CASE WHEN d.matched_amount + ins.amount >= d.amount THEN 'FUNDS_ARRIVED' ELSE d.status END,
                    funds_arrived_at = CASE WHEN d.matched_amount + ins.amount >= d.amount AND d.status <> 'FUNDS_ARRIVED'
                                            THEN GREATEST(d.latest_credit_booked_at, ins.booked_at) ELSE d.funds_arrived_at END
                FROM ins WHERE d.id = ?
                RETURNING d.serial_no, d.status, d.bank_code, d.overdue_at IS NOT NULL AS was_overdue, d.received_at,
                          d.funds_arrived_at),
            audit AS (
                INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                SELECT ?, ?, 'ACCOUNT_TRANSACTION_PUSHED', 'transaction:' || ins.serial_no, ins.project_id, ?::jsonb FROM ins)
            SELECT ins.*, settled.serial_no AS matched_serial, settled.status AS matched_status,
                   settled.bank_code AS matched_lender, settled.was_overdue, settled.received_at AS matched_received_at,
                   settled.funds_arrived_at AS matched_arrived_at
            FROM ins LEFT JOIN settled ON TRUE""";

    private final Jdbc jdbc;
    private final PushViews views;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final SigningControl signing;
    private final DebitChecks debits;
    private final Event<LenderMetrics.FundsArrived> arrived;

    public BankPushService(Jdbc jdbc, PushViews views, AuditLog audit, EscrowClock clock, SigningControl signing,
                           DebitChecks debits, Event<LenderMetrics.FundsArrived> arrived) {
        this.jdbc = jdbc;
        this.views = views;
        this.audit = audit;
        this.clock = clock;
        this.signing = signing;
        this.debits = debits;
        this.arrived = arrived;
    }

    @Transactional
    public Outcome<TransactionView> pushTransaction(Caller bank, AccountTransactionPush push) {
        push.checkLender();
        String fingerprint = push.fingerprint();
        // The account (locked), whether the contract named (if any) is one of its project's, and what
        // is already stored under this serial, in one statement.
        Account account = jdbc.first("""
                SELECT a.project_id, a.bank_code,
                       EXISTS (SELECT 1 FROM contract c WHERE c.contract_no = ? AND c.project_id = a.project_id) AS contract_fits,
                       r.id AS stored_id, r.content_hash AS stored_hash
                FROM supervised_account a
                LEFT JOIN account_transaction r ON r.bank_code = ? AND r.serial_no = ?
                WHERE a.account_no = ? FOR UPDATE OF a""",
                r -> new Account(r.getLong("project_id"), r.getString("bank_code"), r.getBoolean("contract_fits"), stored(r)),
                push.contractNo(), bank.bankCode(), push.serialNo(), push.accountNo());
        Stored existing = account != null ? account.stored() : storedTransaction(bank.bankCode(), push.serialNo());
        if (existing != null) {
            return replay(existing, push.serialNo(), fingerprint, views::transaction);
        }
        Instant now = clock.now();
        notInFuture("bookedAt", push.bookedAt().toInstant(), now);
        if (account == null) {
            throw new UnknownReference("Account " + push.accountNo() + " is not a supervised account");
        }
        if (!account.bankCode().equals(bank.bankCode())) {
            throw new Forbidden("Account " + push.accountNo() + " is not held at your bank");
        }
        if (push.contractNo() != null && !account.contractIsItsProjects()) {
            throw new UnknownReference("Contract " + push.contractNo() + " is not a contract of this account's project");
        }
        long projectId = account.projectId();
        Reversed reversed = push.reversesSerialNo() == null ? null : checkReversal(bank.bankCode(), projectId, push);
        Matched match = push.isLoanCredit() ? loanCreditTarget(bank, projectId, push) : null;

        String auditDetails = AuditLog.json(details("bankCode", bank.bankCode(), "accountNo", push.accountNo(),
                "direction", push.direction().name(), "amount", push.amount().toPlainString(), "purpose", push.purpose().name(),
                "matchedDisbursement", match == null ? null : match.serialNo(),
                "lenderCode", match == null ? null : match.lenderCode(), "reverses", push.reversesSerialNo()));
        NewTransaction inserted = jdbc.first(ADD_TRANSACTION,
                r -> new NewTransaction(views.transaction(r, push.accountNo()), r.getBoolean("was_overdue"),
                        Jdbc.instant(r, "matched_received_at"), Jdbc.instant(r, "matched_arrived_at")),
                bank.bankCode(), push.serialNo(), projectId, push.direction().name(), push.amount(), push.purpose().name(),
                push.bookedAt().toInstant(), now, push.contractNo(), push.disbursementSerialNo(),
                push.namedLender(bank.bankCode()), push.counterpartyName(), push.counterpartyAccountNo(),
                push.reversesSerialNo(), push.releaseNo(), match == null ? null : match.id(),
                push.signedAmount(), projectId, fingerprint,
                push.signedAmount(),
                match == null ? null : match.id(),
                now, bank.actor(), auditDetails);
        if (inserted == null) { // a concurrent identical push committed first
            return replay(storedTransaction(bank.bankCode(), push.serialNo()), push.serialNo(), fingerprint, views::transaction);
        }
        TransactionView view = inserted.view();
        if (match != null && !match.arrived() && inserted.settles()) {
            arrived.fire(new LenderMetrics.FundsArrived(match.lenderCode(),
                    Duration.between(inserted.noticeReceivedAt(), inserted.fundsArrivedAt())));
            if (inserted.overdue()) { // the project may get its signing back
                signing.afterOverdueSettled(projectId, bank.actor());
            }
        }
        if (reversed != null) {
            undoLoanMatch(bank, reversed, projectId);
            debits.reversed(bank.actor(), projectId, reversed.id(), push.serialNo()); // a returned release payment (退汇)
        }
        if (push.direction() == BankPushes.Direction.DEBIT) {
            debits.check(bank.actor(), new DebitChecks.Debit(view.id(), projectId, push.serialNo(), push.amount(),
                    push.purpose().name(), push.releaseNo(), push.contractNo(), push.counterpartyAccountNo(),
                    push.reversesSerialNo() != null));
        }
        return new Outcome<>(view, true);
    }

    private Stored storedTransaction(String bankCode, String serialNo) {
        return jdbc.first("SELECT id AS stored_id, content_hash AS stored_hash FROM account_transaction WHERE bank_code = ? AND serial_no = ?",
                BankPushService::stored, bankCode, serialNo);
    }

    /** An identical repeat answers the push as it stands now (200); different content is a conflict. */
    static <V> Outcome<V> replay(Stored existing, String serialNo, String fingerprint, LongFunction<V> view) {
        if (!fingerprint.equals(existing.contentHash())) {
            throw new IdempotencyConflict(serialNo);
        }
        return new Outcome<>(view.apply(existing.id()), false);
    }

    /**
     * The notice a loan credit pays into, locked: the one it names (by lender and serial), or else the
     * oldest unsettled notice of its contract on this account, whoever the lender. A named notice that
     * was withdrawn is passed over for the contract's. Null when there is none yet (money before the
     * notice: the notice's push will pick this credit up).
     */
    private Matched loanCreditTarget(Caller bank, long projectId, AccountTransactionPush push) {
        if (push.disbursementSerialNo() != null) {
            Matched named = jdbc.first("""
                    SELECT id, serial_no, bank_code, status FROM loan_disbursement
                    WHERE bank_code = ? AND serial_no = ? AND project_id = ? FOR UPDATE""", BankPushService::matched,
                    push.namedLender(bank.bankCode()), push.disbursementSerialNo(), projectId);
            if (named == null || !named.withdrawn()) {
                return named;
            }
        }
        if (push.contractNo() != null) {
            return jdbc.first("""
                    SELECT d.id, d.serial_no, d.bank_code, d.status FROM loan_disbursement d JOIN contract c ON c.id = d.contract_id
                    WHERE c.contract_no = ? AND d.contract_id = c.id AND d.project_id = ?
                      AND d.status NOT IN ('FUNDS_ARRIVED', 'WITHDRAWN')
                    ORDER BY d.received_at, d.id LIMIT 1 FOR UPDATE OF d""", BankPushService::matched,
                    push.contractNo(), projectId);
        }
        return null;
    }

    private static Matched matched(ResultSet r) throws SQLException {
        return new Matched(r.getLong("id"), r.getString("serial_no"), r.getString("bank_code"), r.getString("status"));
    }

    /** Checks that a reversal names an earlier transaction of this account, opposite and equal, not yet reversed. */
    private Reversed checkReversal(String bankCode, long projectId, AccountTransactionPush push) {
        Reversed original = jdbc.first("""
                SELECT o.id, o.direction, o.amount, o.matched_disbursement_id,
                       EXISTS (SELECT 1 FROM account_transaction r WHERE r.bank_code = o.bank_code
                               AND r.reverses_serial_no = o.serial_no) AS already_reversed
                FROM account_transaction o WHERE o.bank_code = ? AND o.serial_no = ? AND o.project_id = ?""",
                r -> new Reversed(r.getLong("id"), r.getString("direction"), r.getBigDecimal("amount"),
                        (Long) r.getObject("matched_disbursement_id"), r.getBoolean("already_reversed")),
                bankCode, push.reversesSerialNo(), projectId);
        if (original == null) {
            throw new UnknownReference("Transaction " + push.reversesSerialNo() + " does not exist on this account");
        }
        if (push.direction().name().equals(original.direction()) || original.amount().compareTo(push.amount()) != 0) {
            throw new Conflict("A reversal must have the opposite direction and the same amount as " + push.reversesSerialNo());
        }
        if (original.alreadyReversed()) {
            throw new Conflict("Transaction " + push.reversesSerialNo() + " has already been reversed");
        }
        return original;
    }

    /**
     * A reversed loan credit no longer counts for its notice, which may again await funds; the latest booking
     * time is taken again from the credits that still count (rare, so a scan of the project's entries is fine).
     */
    private void undoLoanMatch(Caller bank, Reversed reversed, long projectId) {
        if (reversed.matchedDisbursementId() == null) {
            return;
        }
        jdbc.update("""
                UPDATE loan_disbursement d SET matched_amount = matched_amount - ?,
                    status = CASE WHEN matched_amount - ? < amount AND status = 'FUNDS_ARRIVED'
                                  THEN 'AWAITING_FUNDS' ELSE status END,
                    funds_arrived_at = CASE WHEN matched_amount - ? < amount THEN NULL ELSE funds_arrived_at END,
                    latest_credit_booked_at = (
                        SELECT max(t.booked_at) FROM account_transaction t
                        WHERE t.project_id = ? AND t.matched_disbursement_id = d.id AND t.id <> ?
                          AND NOT EXISTS (SELECT 1 FROM account_transaction r
                                          WHERE r.bank_code = t.bank_code AND r.reverses_serial_no = t.serial_no))
                WHERE id = ?""", reversed.amount(), reversed.amount(), reversed.amount(), projectId, reversed.id(),
                reversed.matchedDisbursementId());
        audit.record(bank.actor(), AuditAction.LOAN_CREDIT_REVERSED, "disbursement:" + reversed.matchedDisbursementId(), projectId,
                details("reversedTransactionId", reversed.id()));
    }

    static void notInFuture(String field, Instant at, Instant now) {
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw new ValidationFailed(field, "must not be more than a day ahead of the service clock");
        }
    }

    /** The id and content hash of a push already stored under a serial. */
    record Stored(long id, String contentHash) {
    }

    /** Columns stored_id and stored_hash of a row; null when the id is (no such push). */
    static Stored stored(ResultSet r) throws SQLException {
        Object id = r.getObject("stored_id");
        return id == null ? null : new Stored(((Number) id).longValue(), r.getString("stored_hash"));
    }

    private record Account(long projectId, String bankCode, boolean contractIsItsProjects, Stored stored) {
    }

    private record Matched(long id, String serialNo, String lenderCode, String status) {
        boolean withdrawn() {
            return LoanDisbursement.Status.WITHDRAWN.name().equals(status);
        }

        boolean arrived() {
            return LoanDisbursement.Status.FUNDS_ARRIVED.name().equals(status);
        }
    }

    private record Reversed(long id, String direction, BigDecimal amount, Long matchedDisbursementId, boolean alreadyReversed) {
    }

    /** A new transaction, and about the notice it paid into (if any): whether it was ever overdue, and its times. */
    private record NewTransaction(TransactionView view, boolean overdue, Instant noticeReceivedAt, Instant fundsArrivedAt) {

        /** This credit completed its notice's money. */
        boolean settles() {
            return view.matchedDisbursement() != null && view.matchedDisbursement().status() == LoanDisbursement.Status.FUNDS_ARRIVED;
        }
    }

    /** The bank reused a serial number with different content: a bug or fraud on the bank's side, never a retry. */
    public static class IdempotencyConflict extends ProblemException {
        public IdempotencyConflict(String serialNo) {
            super("Serial number " + serialNo + " was already pushed with different content");
        }

        @Override
        public Problem problem() {
            return Problem.of(ProblemType.IDEMPOTENCY_CONFLICT, getMessage());
        }
    }
}

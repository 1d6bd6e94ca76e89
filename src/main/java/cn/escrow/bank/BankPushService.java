package cn.escrow.bank;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditLog;
import cn.escrow.bank.BankPushes.AccountTransactionPush;
import cn.escrow.bank.BankPushes.LoanDisbursementPush;
import cn.escrow.bank.BankViews.DisbursementView;
import cn.escrow.bank.BankViews.MatchedDisbursement;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.bank.BankViews.TransactionView;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
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
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * Stores bank pushes exactly once and keeps balances and loan matching right under concurrency.
 *
 * <p>Every push for an account takes that account's row lock first ({@code FOR UPDATE}), so pushes
 * to one account run one after another: balances never lose an update, and a loan credit and its
 * disbursement notice always see each other. The idempotency key (bank, serial) is a unique
 * constraint; the insert uses {@code ON CONFLICT DO NOTHING}, so a concurrent duplicate ends as a
 * replay, never as an error. The caller is answered only after the transaction commits.
 *
 * <p>This is the hot path, so it runs few statements, in plain JDBC: the account lock with the
 * replay check and the lookups the other checks need, and one statement that inserts the push,
 * moves the balance, settles a matched disbursement and appends the audit event. The answer is
 * built from what that statement returns, not read back. The SQL texts are compile-time constants (text
 * blocks joined with {@code +}, never {@code formatted}), so each call hands the driver the same String,
 * whose hash its statement cache does not compute again.
 */
@ApplicationScoped
public class BankPushService {

    /** Pushes dated further ahead of the service clock than this are refused as implausible. */
    private static final Duration MAX_FUTURE = Duration.ofDays(1);

    /** The columns of a transaction's view, without its account and matched disbursement. */
    private static final String TRANSACTION_COLUMNS = """
            t.id, t.serial_no, t.direction, t.amount, t.purpose, t.booked_at, t.balance_after, t.contract_no,
            t.disbursement_serial_no, t.counterparty_name, t.counterparty_account_no, t.reverses_serial_no, t.release_no""";

    /** The columns of a disbursement's view, without its contract and account numbers. */
    private static final String DISBURSEMENT_COLUMNS = """
            d.id, d.serial_no, d.amount, d.loan_type, d.disbursed_at, d.received_at, d.due_at, d.status, d.bank_code,
            d.project_id, d.matched_amount, d.overdue_at, d.funds_arrived_at""";

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final EscrowConfig config;
    private final SigningControl signing;
    private final DebitChecks debits;

    public BankPushService(Jdbc jdbc, AuditLog audit, EscrowClock clock, EscrowConfig config, SigningControl signing,
                           DebitChecks debits) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.config = config;
        this.signing = signing;
        this.debits = debits;
    }

    // ------------------------------------------------------------------ loan disbursements

    @Transactional
    public Outcome<DisbursementView> pushDisbursement(Caller bank, LoanDisbursementPush push) {
        String fingerprint = push.fingerprint();
        // The contract, the account (locked) and what is already stored under this serial, in one
        // statement; when the contract or the account is missing, the checks below find out which.
        Target target = jdbc.first("""
                SELECT c.id, c.project_id, c.loan_type, a.project_id, a.bank_code, r.id, r.content_hash
                FROM contract c JOIN supervised_account a ON a.account_no = ?
                LEFT JOIN loan_disbursement r ON r.bank_code = ? AND r.serial_no = ?
                WHERE c.contract_no = ? FOR UPDATE OF a""",
                r -> new Target(r.getLong(1), r.getLong(2), r.getString(3), r.getLong(4), r.getString(5), stored(r, 6)),
                push.accountNo(), bank.bankCode(), push.serialNo(), push.contractNo());
        Stored existing = target != null ? target.stored() : storedDisbursement(bank.bankCode(), push.serialNo());
        if (existing != null) {
            return replay(existing, push.serialNo(), fingerprint, this::disbursementView);
        }
        Instant now = clock.now();
        notInFuture("disbursedAt", push.disbursedAt().toInstant(), now);
        // The account first (unknown: 422; another bank's: 403), then the contract, with one answer whether it is
        // unknown or on another project: a bank learns nothing of contracts it does not supervise.
        String accountBank = target != null ? target.bankCode()
                : jdbc.first("SELECT bank_code FROM supervised_account WHERE account_no = ?", r -> r.getString("bank_code"), push.accountNo());
        if (accountBank == null) {
            throw new UnknownReference("Account " + push.accountNo() + " is not a supervised account");
        }
        if (!accountBank.equals(bank.bankCode())) {
            throw new Forbidden("Account " + push.accountNo() + " is not held at your bank");
        }
        if (target == null || target.accountProjectId() != target.projectId()) {
            throw new UnknownReference("Contract " + push.contractNo() + " is not a contract of this account's project");
        }
        if ("NONE".equals(target.loanType())) {
            throw new UnknownReference("Contract " + push.contractNo() + " has no loan");
        }

        Instant dueAt = LoanDeadline.dueAt(now, clock.zone(), config.loanArrival().deadlineDays());
        String auditDetails = AuditLog.json(details("bankCode", target.bankCode(), "contractNo", push.contractNo(),
                "amount", push.amount().toPlainString(), "dueAt", clock.inZone(dueAt).toString()));
        // Loan money that arrived before this notice (credits naming its serial, then unnamed credits of
        // the contract) is matched in the same statement.
        NewDisbursement inserted = jdbc.first("""
                WITH ins AS (
                    INSERT INTO loan_disbursement AS d (bank_code, serial_no, contract_id, project_id, amount, loan_type,
                        disbursed_at, received_at, due_at, status, content_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'AWAITING_FUNDS', ?)
                    ON CONFLICT ON CONSTRAINT loan_disbursement_key DO NOTHING
                    RETURNING\s""" + DISBURSEMENT_COLUMNS + """
                    ),
                early AS (
                    UPDATE account_transaction t SET matched_disbursement_id = ins.id FROM ins
                    WHERE t.project_id = ins.project_id AND t.matched_disbursement_id IS NULL AND t.direction = 'CREDIT'
                      AND t.purpose IN ('LOAN', 'PROVIDENT_FUND_LOAN') AND t.reverses_serial_no IS NULL
                      AND (t.disbursement_serial_no = ins.serial_no
                           OR (t.disbursement_serial_no IS NULL AND t.contract_no = ?))
                    RETURNING t.amount, t.booked_at),
                audit AS (
                    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                    SELECT ?, ?, 'LOAN_DISBURSEMENT_PUSHED', 'disbursement:' || ins.serial_no, ins.project_id,
                           ?::jsonb || jsonb_build_object('earlyCreditsMatched', (SELECT count(*) FROM early))
                    FROM ins)
                SELECT ins.*, (SELECT count(*) FROM early) AS early_count, (SELECT sum(amount) FROM early) AS early_total,
                       (SELECT max(booked_at) FROM early) AS early_last
                FROM ins""",
                r -> new NewDisbursement(disbursementView(r, push.contractNo(), push.accountNo()),
                        r.getLong("early_count"), r.getBigDecimal("early_total"), Jdbc.instant(r, "early_last")),
                target.bankCode(), push.serialNo(), target.contractId(), target.projectId(), push.amount(),
                push.loanType().name(), push.disbursedAt().toInstant(), now, dueAt, fingerprint,
                push.contractNo(), now, bank.actor(), auditDetails);
        if (inserted == null) { // a concurrent identical push committed first
            return replay(storedDisbursement(bank.bankCode(), push.serialNo()), push.serialNo(), fingerprint, this::disbursementView);
        }
        if (inserted.earlyCount() == 0) {
            return new Outcome<>(inserted.view(), true);
        }
        DisbursementView settled = jdbc.first("""
                UPDATE loan_disbursement d SET matched_amount = ?,
                    status = CASE WHEN ? >= d.amount THEN 'FUNDS_ARRIVED' ELSE d.status END,
                    funds_arrived_at = CASE WHEN ? >= d.amount THEN ? ELSE NULL END
                WHERE d.id = ?
                RETURNING\s""" + DISBURSEMENT_COLUMNS,
                r -> disbursementView(r, push.contractNo(), push.accountNo()),
                inserted.earlyTotal(), inserted.earlyTotal(), inserted.earlyTotal(), inserted.earlyLast(), inserted.view().id());
        return new Outcome<>(settled, true);
    }

    private Stored storedDisbursement(String bankCode, String serialNo) {
        return jdbc.first("SELECT id, content_hash FROM loan_disbursement WHERE bank_code = ? AND serial_no = ?",
                r -> stored(r, 1), bankCode, serialNo);
    }

    // ------------------------------------------------------------------ account transactions

    @Transactional
    public Outcome<TransactionView> pushTransaction(Caller bank, AccountTransactionPush push) {
        String fingerprint = push.fingerprint();
        // The account (locked), whether the contract named (if any) is one of its project's, and what
        // is already stored under this serial, in one statement.
        Account account = jdbc.first("""
                SELECT a.project_id, a.bank_code,
                       EXISTS (SELECT 1 FROM contract c WHERE c.contract_no = ? AND c.project_id = a.project_id),
                       r.id, r.content_hash
                FROM supervised_account a
                LEFT JOIN account_transaction r ON r.bank_code = ? AND r.serial_no = ?
                WHERE a.account_no = ? FOR UPDATE OF a""",
                r -> new Account(r.getLong(1), r.getString(2), r.getBoolean(3), stored(r, 4)),
                push.contractNo(), bank.bankCode(), push.serialNo(), push.accountNo());
        Stored existing = account != null ? account.stored() : storedTransaction(bank.bankCode(), push.serialNo());
        if (existing != null) {
            return replay(existing, push.serialNo(), fingerprint, this::transactionView);
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
                "matchedDisbursement", match == null ? null : match.serialNo(), "reverses", push.reversesSerialNo()));
        // Insert, balance, settlement of the matched disbursement (its funds are in once its credits
        // cover it) and audit, as one statement; all but the insert act only if the insert did.
        NewTransaction inserted = jdbc.first("""
                WITH ins AS (
                    INSERT INTO account_transaction AS t (bank_code, serial_no, project_id, direction, amount, purpose,
                        booked_at, received_at, contract_no, disbursement_serial_no, counterparty_name,
                        counterparty_account_no, reverses_serial_no, release_no, matched_disbursement_id,
                        balance_after, content_hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                        (SELECT balance + ? FROM supervised_account WHERE project_id = ?), ?)
                    ON CONFLICT ON CONSTRAINT account_transaction_key DO NOTHING
                    RETURNING\s""" + TRANSACTION_COLUMNS + """
                    , t.project_id),
                balance AS (
                    UPDATE supervised_account a SET balance = a.balance + ?, entry_count = a.entry_count + 1
                    FROM ins WHERE a.project_id = ins.project_id),
                settled AS (
                    UPDATE loan_disbursement d SET matched_amount = d.matched_amount + ins.amount,
                        status = CASE WHEN d.matched_amount + ins.amount >= d.amount THEN 'FUNDS_ARRIVED' ELSE d.status END,
                        funds_arrived_at = CASE WHEN d.matched_amount + ins.amount >= d.amount AND d.status <> 'FUNDS_ARRIVED'
                                                THEN ins.booked_at ELSE d.funds_arrived_at END
                    FROM ins WHERE d.id = ?
                    RETURNING d.serial_no, d.status, d.overdue_at IS NOT NULL AS was_overdue),
                audit AS (
                    INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                    SELECT ?, ?, 'ACCOUNT_TRANSACTION_PUSHED', 'transaction:' || ins.serial_no, ins.project_id, ?::jsonb FROM ins)
                SELECT ins.*, settled.serial_no AS matched_serial, settled.status AS matched_status, settled.was_overdue
                FROM ins LEFT JOIN settled ON TRUE""",
                r -> new NewTransaction(transactionView(r, push.accountNo()), r.getBoolean("was_overdue")),
                bank.bankCode(), push.serialNo(), projectId, push.direction().name(), push.amount(), push.purpose().name(),
                push.bookedAt().toInstant(), now, push.contractNo(), push.disbursementSerialNo(), push.counterpartyName(),
                push.counterpartyAccountNo(), push.reversesSerialNo(), push.releaseNo(), match == null ? null : match.id(),
                push.signedAmount(), projectId, fingerprint,
                push.signedAmount(),
                match == null ? null : match.id(),
                now, bank.actor(), auditDetails);
        if (inserted == null) { // a concurrent identical push committed first
            return replay(storedTransaction(bank.bankCode(), push.serialNo()), push.serialNo(), fingerprint, this::transactionView);
        }
        TransactionView view = inserted.view();
        if (inserted.settledAnOverdue()) { // the project may get its signing back
            signing.afterOverdueSettled(projectId, bank.actor());
        }
        if (reversed != null) {
            undoLoanMatch(bank, reversed, projectId);
        }
        if (push.direction() == BankPushes.Direction.DEBIT) {
            debits.check(bank.actor(), new DebitChecks.Debit(view.id(), projectId, push.serialNo(), push.amount(),
                    push.purpose().name(), push.releaseNo(), push.contractNo(), push.reversesSerialNo() != null));
        }
        return new Outcome<>(view, true);
    }

    private Stored storedTransaction(String bankCode, String serialNo) {
        return jdbc.first("SELECT id, content_hash FROM account_transaction WHERE bank_code = ? AND serial_no = ?",
                r -> stored(r, 1), bankCode, serialNo);
    }

    /** An identical repeat answers the push as it stands now (200); different content is a conflict. */
    private static <V> Outcome<V> replay(Stored existing, String serialNo, String fingerprint, LongFunction<V> view) {
        if (!fingerprint.equals(existing.contentHash())) {
            throw new IdempotencyConflict(serialNo);
        }
        return new Outcome<>(view.apply(existing.id()), false);
    }

    /**
     * The disbursement a loan credit pays into, locked: the one it names, or else the oldest
     * unsettled disbursement of its contract on this account; null when there is none yet (money
     * before the notice: the disbursement push will pick this credit up).
     */
    private Matched loanCreditTarget(Caller bank, long projectId, AccountTransactionPush push) {
        if (push.disbursementSerialNo() != null) {
            // By the unique key (bank, serial): the disbursement is pushed by the account's own bank.
            return jdbc.first("""
                    SELECT id, serial_no FROM loan_disbursement WHERE bank_code = ? AND serial_no = ? AND project_id = ?
                    FOR UPDATE""", r -> new Matched(r.getLong(1), r.getString(2)),
                    bank.bankCode(), push.disbursementSerialNo(), projectId);
        }
        if (push.contractNo() != null) {
            return jdbc.first("""
                    SELECT d.id, d.serial_no FROM loan_disbursement d JOIN contract c ON c.id = d.contract_id
                    WHERE d.project_id = ? AND c.contract_no = ? AND d.status <> 'FUNDS_ARRIVED'
                    ORDER BY d.received_at, d.id LIMIT 1 FOR UPDATE OF d""", r -> new Matched(r.getLong(1), r.getString(2)),
                    projectId, push.contractNo());
        }
        return null;
    }

    /** Checks that a reversal names an earlier transaction of this account, opposite and equal, not yet reversed. */
    private Reversed checkReversal(String bankCode, long projectId, AccountTransactionPush push) {
        Reversed original = jdbc.first("""
                SELECT o.id, o.direction, o.amount, o.matched_disbursement_id,
                       EXISTS (SELECT 1 FROM account_transaction r WHERE r.bank_code = o.bank_code
                               AND r.reverses_serial_no = o.serial_no) AS already_reversed
                FROM account_transaction o WHERE o.bank_code = ? AND o.serial_no = ? AND o.project_id = ?""",
                r -> new Reversed(r.getLong(1), r.getString(2), r.getBigDecimal(3), (Long) r.getObject(4), r.getBoolean(5)),
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

    /** A reversed loan credit no longer counts for its disbursement, which may again await funds. */
    private void undoLoanMatch(Caller bank, Reversed reversed, long projectId) {
        if (reversed.matchedDisbursementId() == null) {
            return;
        }
        jdbc.update("""
                UPDATE loan_disbursement SET matched_amount = matched_amount - ?,
                    status = CASE WHEN matched_amount - ? < amount AND status = 'FUNDS_ARRIVED'
                                  THEN 'AWAITING_FUNDS' ELSE status END,
                    funds_arrived_at = CASE WHEN matched_amount - ? < amount THEN NULL ELSE funds_arrived_at END
                WHERE id = ?""", reversed.amount(), reversed.amount(), reversed.amount(), reversed.matchedDisbursementId());
        audit.record(bank.actor(), "LOAN_CREDIT_REVERSED", "disbursement:" + reversed.matchedDisbursementId(), projectId,
                details("reversedTransactionId", reversed.id()));
    }

    private void notInFuture(String field, Instant at, Instant now) {
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw new ValidationFailed(field, "must not be more than a day ahead of the service clock");
        }
    }

    // ------------------------------------------------------------------ views

    public DisbursementView disbursementView(long id) {
        List<DisbursementView> views = disbursementViews(List.of(id));
        return views.isEmpty() ? null : views.get(0);
    }

    /** The views of these disbursements, in one query, in the order of {@code ids}. */
    public List<DisbursementView> disbursementViews(List<Long> ids) {
        List<DisbursementView> views = jdbc.list("""
                SELECT\s""" + DISBURSEMENT_COLUMNS + """
                , c.contract_no, a.account_no
                FROM loan_disbursement d JOIN contract c ON c.id = d.contract_id
                JOIN supervised_account a ON a.project_id = d.project_id
                WHERE d.id = ANY(?)""",
                r -> disbursementView(r, r.getString("contract_no"), r.getString("account_no")), (Object) ids.toArray(Long[]::new));
        return inOrder(ids, views, DisbursementView::id);
    }

    public TransactionView transactionView(long id) {
        List<TransactionView> views = transactionViews(List.of(id));
        return views.isEmpty() ? null : views.get(0);
    }

    /** The views of these transactions, in one query, in the order of {@code ids}. */
    public List<TransactionView> transactionViews(List<Long> ids) {
        List<TransactionView> views = jdbc.list("""
                SELECT\s""" + TRANSACTION_COLUMNS + """
                , a.account_no, d.serial_no AS matched_serial, d.status AS matched_status
                FROM account_transaction t JOIN supervised_account a ON a.project_id = t.project_id
                LEFT JOIN loan_disbursement d ON d.id = t.matched_disbursement_id
                WHERE t.id = ANY(?)""",
                r -> transactionView(r, r.getString("account_no")), (Object) ids.toArray(Long[]::new));
        return inOrder(ids, views, TransactionView::id);
    }

    /** {@code views} (any order, one per id found) in the order of {@code ids}. */
    private static <V> List<V> inOrder(List<Long> ids, List<V> views, Function<V, Long> id) {
        Map<Long, V> byId = views.stream().collect(Collectors.toMap(id, Function.identity()));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** A disbursement's view from a row with {@link #DISBURSEMENT_COLUMNS}. */
    private DisbursementView disbursementView(ResultSet r, String contractNo, String accountNo) throws SQLException {
        return new DisbursementView(r.getLong("id"), r.getString("serial_no"), contractNo, accountNo,
                r.getBigDecimal("amount"), r.getString("loan_type"), time(r, "disbursed_at"), time(r, "received_at"),
                time(r, "due_at"), LoanDisbursement.Status.valueOf(r.getString("status")), r.getString("bank_code"),
                r.getLong("project_id"), r.getBigDecimal("matched_amount"), time(r, "overdue_at"), time(r, "funds_arrived_at"));
    }

    /** A transaction's view from a row with {@link #TRANSACTION_COLUMNS} and matched_serial, matched_status. */
    private TransactionView transactionView(ResultSet r, String accountNo) throws SQLException {
        String matchedSerial = r.getString("matched_serial");
        MatchedDisbursement matched = matchedSerial == null ? null
                : new MatchedDisbursement(matchedSerial, LoanDisbursement.Status.valueOf(r.getString("matched_status")));
        return new TransactionView(r.getLong("id"), r.getString("serial_no"), accountNo, r.getString("direction"),
                r.getBigDecimal("amount"), r.getString("purpose"), time(r, "booked_at"), r.getBigDecimal("balance_after"),
                matched, r.getString("contract_no"), r.getString("disbursement_serial_no"), r.getString("counterparty_name"),
                r.getString("counterparty_account_no"), r.getString("reverses_serial_no"), r.getString("release_no"));
    }

    private OffsetDateTime time(ResultSet r, String column) throws SQLException {
        Instant at = Jdbc.instant(r, column);
        return at == null ? null : clock.inZone(at);
    }

    /** The id and content hash of a push already stored under a serial. */
    private record Stored(long id, String contentHash) {
    }

    /** Columns {@code column} (id) and the next (content_hash) of a row; null when the id is (no such push). */
    private static Stored stored(ResultSet r, int column) throws SQLException {
        Object id = r.getObject(column);
        return id == null ? null : new Stored(((Number) id).longValue(), r.getString(column + 1));
    }

    private record Target(long contractId, long projectId, String loanType, long accountProjectId, String bankCode,
                          Stored stored) {
    }

    private record Account(long projectId, String bankCode, boolean contractIsItsProjects, Stored stored) {
    }

    private record Matched(long id, String serialNo) {
    }

    private record Reversed(long id, String direction, BigDecimal amount, Long matchedDisbursementId, boolean alreadyReversed) {
    }

    /** A new disbursement, and the early credits its insert matched: how many, their total, the last one's booking time. */
    private record NewDisbursement(DisbursementView view, long earlyCount, BigDecimal earlyTotal, Instant earlyLast) {
    }

    /** A new transaction, and whether it paid in the last of an overdue disbursement. */
    private record NewTransaction(TransactionView view, boolean overdueSettled) {

        boolean settledAnOverdue() {
            return overdueSettled && view.matchedDisbursement() != null
                    && view.matchedDisbursement().status() == LoanDisbursement.Status.FUNDS_ARRIVED;
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

package cn.escrow.bank;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.bank.BankPushes.AccountTransactionPush;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.bank.BankViews.TransactionView;
import cn.escrow.bank.PushReplays.Stored;
import cn.escrow.bank.Reversals.Reversed;
import cn.escrow.collection.BuyerCredits;
import cn.escrow.guarantees.GuaranteePayments;
import cn.escrow.lifecycle.AccountStatusChecks;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.reconciliation.LateEntries;
import cn.escrow.platform.db.SqlFile;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.security.Caller;
import cn.escrow.signing.SigningControl;
import cn.escrow.supervision.DebitChecks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Stores account transactions exactly once and keeps balances and loan matching right under concurrency
 * (loan notices: {@link DisbursementPushService}; reversals: {@link Reversals}).
 *
 * <p>Every push for an account takes that account's row lock first ({@code FOR UPDATE}), so pushes
 * to one account run one after another: balances never lose an update, and a loan credit and its
 * notice always see each other. The idempotency key (bank, serial) is a unique constraint; the insert
 * uses {@code ON CONFLICT DO NOTHING}, so a concurrent duplicate ends as a replay, never as an error.
 * The caller is answered only after the transaction commits.
 *
 * <p>This is the hot path, so it runs few statements ({@code sql/push.sql}, which the benchmark runs too): the
 * account lock with the replay check and the lookups the other checks need, and one statement that inserts the
 * push, moves the balance, settles a matched notice and appends the audit event. The answer is built from what
 * that statement returns, not read back.
 */
@ApplicationScoped
public class BankPushService {

    /** The push path's statements (notices and transactions); the benchmark's pgbench script is made from this file. */
    static final SqlFile PUSH = SqlFile.load("push.sql");
    private static final String TARGET = PUSH.get("transaction-target");
    private static final String STORED = PUSH.get("transaction-stored");
    private static final String NAMED_NOTICE = PUSH.get("named-notice");
    private static final String CONTRACT_NOTICE = PUSH.get("contract-notice");
    private static final String ADD = PUSH.get("add-transaction");

    private final Sql sql;
    private final PushViews views;
    private final Reversals reversals;
    private final EscrowClock clock;
    private final SigningControl signing;
    private final DebitChecks debits;
    private final Event<LenderMetrics.FundsArrived> arrived;
    private final LateEntries lateEntries;
    private final AccountStatusChecks accountLife;
    private final BuyerCredits buyerCredits;
    private final GuaranteePayments guaranteePayments;

    public BankPushService(Sql sql, PushViews views, Reversals reversals, EscrowClock clock, SigningControl signing,
                           DebitChecks debits, Event<LenderMetrics.FundsArrived> arrived, LateEntries lateEntries,
                           AccountStatusChecks accountLife, BuyerCredits buyerCredits, GuaranteePayments guaranteePayments) {
        this.buyerCredits = buyerCredits;
        this.lateEntries = lateEntries;
        this.sql = sql;
        this.views = views;
        this.reversals = reversals;
        this.clock = clock;
        this.signing = signing;
        this.debits = debits;
        this.arrived = arrived;
        this.accountLife = accountLife;
        this.guaranteePayments = guaranteePayments;
    }

    @Transactional
    public Outcome<TransactionView> pushTransaction(Caller bank, AccountTransactionPush push) {
        push.checkLender();
        String fingerprint = push.fingerprint();
        Account account = sql.one(TARGET,
                r -> new Account(r.getLong("project_id"), r.getString("bank_code"), r.getString("account_status"),
                        r.getBoolean("contract_fits"), r.getLocalDate("last_reported"), PushReplays.stored(r)),
                "contract_no", push.contractNo(), "bank", bank.bankCode(), "serial", push.serialNo(), "account_no", push.accountNo());
        Stored existing = account != null ? account.stored() : storedTransaction(bank.bankCode(), push.serialNo());
        if (existing != null) {
            return PushReplays.replay(existing, push.serialNo(), fingerprint, views::transaction);
        }
        Instant now = clock.now();
        PushReplays.notInFuture("bookedAt", push.bookedAt().toInstant(), now);
        if (account == null) {
            accountLife.refuseFormer(push.accountNo());
            throw new UnknownReference("Account " + push.accountNo() + " is not a supervised account");
        }
        if (!account.bankCode().equals(bank.bankCode())) {
            throw new Forbidden("Account " + push.accountNo() + " is not held at your bank");
        }
        AccountStatusChecks.refuseClosed(push.accountNo(), account.status());
        if (push.contractNo() != null && !account.contractIsItsProjects()) {
            throw new UnknownReference("Contract " + push.contractNo() + " is not a contract of this account's project");
        }
        long projectId = account.projectId();
        Reversed reversed = push.reversesSerialNo() == null ? null : reversals.check(bank.bankCode(), projectId, push);
        Matched match = push.isLoanCredit() ? loanCreditTarget(bank, projectId, push) : null;
        BuyerCredits.Notice notice = push.paymentNoticeNo() == null ? null
                : buyerCredits.check(projectId, push.paymentNoticeNo(), push.isBuyerMoney(), push.contractNo());

        String auditDetails = AuditLog.json(details("bankCode", bank.bankCode(), "accountNo", push.accountNo(),
                "direction", push.direction().name(), "amount", push.amount().toPlainString(), "purpose", push.purpose().name(),
                "matchedDisbursement", match == null ? null : match.serialNo(),
                "lenderCode", match == null ? null : match.lenderCode(), "reverses", push.reversesSerialNo()));
        NewTransaction inserted = sql.one(ADD,
                r -> new NewTransaction(views.transaction(r, push.accountNo()), r.getBoolean("was_overdue"),
                        r.getInstant("matched_received_at"), r.getInstant("matched_arrived_at")),
                "bank", bank.bankCode(), "serial", push.serialNo(), "project_id", projectId, "direction", push.direction(),
                "amount", push.amount(), "purpose", push.purpose(), "booked_at", push.bookedAt().toInstant(), "now", now,
                "contract_no", push.contractNo(), "notice_serial", push.disbursementSerialNo(),
                "lender", push.namedLender(bank.bankCode()), "counterparty_name", push.counterpartyName(),
                "counterparty_account_no", push.counterpartyAccountNo(), "reverses", push.reversesSerialNo(),
                "release_no", push.releaseNo(), "matched_id", match == null ? null : match.id(),
                "signed_amount", push.signedAmount(), "content_hash", fingerprint, "payment_notice_no", push.paymentNoticeNo(),
                "actor", bank.actor(), "action", AuditAction.ACCOUNT_TRANSACTION_PUSHED.name(), "details", auditDetails);
        if (inserted == null) { // a concurrent identical push committed first
            return PushReplays.replay(storedTransaction(bank.bankCode(), push.serialNo()), push.serialNo(), fingerprint,
                    views::transaction);
        }
        TransactionView view = inserted.view();
        accountLife.flagUnconfirmed(bank.actor(), projectId, push.accountNo(), account.status());
        if (notice != null) { // the notice is settled, and its contract may be filed, in this transaction
            buyerCredits.paid(bank.actor(), projectId, notice, push.amount(), push.serialNo());
            buyerCredits.fileFunded(bank.actor(), java.util.Set.of(notice.contractId()));
        } else if (push.isBuyerMoney() && push.contractNo() != null) {
            buyerCredits.fileFundedByNumber(bank.actor(), java.util.Set.of(push.contractNo()));
        }
        // An entry booked on a day the bank already reported re-checks that day's statement (and later ones).
        lateEntries.booked(bank.actor(), projectId, push.bookedAt().toInstant(), push.signedAmount(), push.serialNo(),
                account.lastReported());
        if (match != null && !match.arrived() && inserted.settles()) {
            arrived.fire(new LenderMetrics.FundsArrived(match.lenderCode(),
                    Duration.between(inserted.noticeReceivedAt(), inserted.fundsArrivedAt())));
            if (inserted.overdue()) { // the project may get its signing back
                signing.afterOverdueSettled(projectId, bank.actor());
            }
        }
        if (reversed != null) {
            reversals.undoLoanMatch(bank, reversed, projectId);
            debits.reversed(bank.actor(), projectId, reversed.id(), push.serialNo()); // a returned release payment (退汇)
            guaranteePayments.creditReversed(bank.actor(), projectId, reversed.id()); // a guarantor's payment is owed again
        }
        if (push.direction() == BankPushes.Direction.DEBIT) {
            debits.check(bank.actor(), new DebitChecks.Debit(view.id(), projectId, push.serialNo(), push.amount(),
                    push.purpose().name(), push.releaseNo(), push.contractNo(), push.counterpartyAccountNo(),
                    push.reversesSerialNo() != null));
        }
        return new Outcome<>(view, true);
    }

    private Stored storedTransaction(String bankCode, String serialNo) {
        return sql.one(STORED, PushReplays::stored, "bank", bankCode, "serial", serialNo);
    }

    /**
     * The notice a loan credit pays into, locked: the one it names (by lender and serial), or else the
     * oldest unsettled notice of its contract on this account, whoever the lender. A named notice that
     * was withdrawn is passed over for the contract's. Null when there is none yet (money before the
     * notice: the notice's push will pick this credit up).
     */
    private Matched loanCreditTarget(Caller bank, long projectId, AccountTransactionPush push) {
        if (push.disbursementSerialNo() != null) {
            Matched named = sql.one(NAMED_NOTICE, BankPushService::matched, "lender", push.namedLender(bank.bankCode()),
                    "notice_serial", push.disbursementSerialNo(), "project_id", projectId);
            if (named == null || !named.withdrawn()) {
                return named;
            }
        }
        if (push.contractNo() != null) {
            return sql.one(CONTRACT_NOTICE, BankPushService::matched, "contract_no", push.contractNo(), "project_id", projectId);
        }
        return null;
    }

    private static Matched matched(Row r) throws SQLException {
        return new Matched(r.getLong("matched_id"), r.getString("serial_no"), r.getString("bank_code"), r.getString("status"));
    }

    private record Account(long projectId, String bankCode, String status, boolean contractIsItsProjects, LocalDate lastReported,
                           Stored stored) {
    }

    private record Matched(long id, String serialNo, String lenderCode, String status) {
        boolean withdrawn() {
            return LoanDisbursement.Status.WITHDRAWN.name().equals(status);
        }

        boolean arrived() {
            return LoanDisbursement.Status.FUNDS_ARRIVED.name().equals(status);
        }
    }

    /** A new transaction, and about the notice it paid into (if any): whether it was ever overdue, and its times. */
    private record NewTransaction(TransactionView view, boolean overdue, Instant noticeReceivedAt, Instant fundsArrivedAt) {

        /** This credit completed its notice's money. */
        boolean settles() {
            return view.matchedDisbursement() != null && view.matchedDisbursement().status() == LoanDisbursement.Status.FUNDS_ARRIVED;
        }
    }
}

package cn.escrow.bank;

import cn.escrow.audit.AuditAction;
import cn.escrow.bank.BankPushes.AccountTransactionPush;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.bank.BankViews.TransactionView;
import cn.escrow.bank.PushReplays.Stored;
import cn.escrow.collection.BuyerCredits;
import cn.escrow.lifecycle.AccountStatusChecks;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.security.Caller;
import cn.escrow.reconciliation.LateEntries;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Stores the plain account transactions of a group-commit batch ({@link PushCommitter}) set-based: one query checks
 * every push (account, bank, contract, what is stored under its serial), one statement inserts the accepted ones
 * with their running balances, moves the balances and writes their audit rows. It applies the checks of
 * {@link BankPushService#pushTransaction} in the same order; a push they refuse gets its own problem and the others
 * are stored. Which pushes are plain is decided in one place, {@link #isPlain}; every other push takes the per-push
 * path.
 */
@ApplicationScoped
public class PlainPushBatch {

    private static final String LOCK = BankPushService.PUSH.get("batch-lock-accounts");
    private static final String TARGETS = BankPushService.PUSH.get("batch-targets");
    private static final String ADD = BankPushService.PUSH.get("batch-add-transactions");

    /** A plain push waiting in a batch, with the bank that sent it. */
    public record Pending(Caller bank, AccountTransactionPush push) {
    }

    /** What became of a pending push: its outcome, or the problem that refuses it (the rest of the batch stands). */
    public record Result(Outcome<TransactionView> outcome, RuntimeException refusal) {
    }

    private record Target(Long projectId, String bankCode, String accountStatus, boolean contractFits, LocalDate lastReported,
                          Stored stored) {
    }

    private final Sql sql;
    private final PushViews views;
    private final EscrowClock clock;
    private final AccountStatusChecks accountLife;
    private final LateEntries lateEntries;
    private final BuyerCredits buyerCredits;

    public PlainPushBatch(Sql sql, PushViews views, EscrowClock clock, AccountStatusChecks accountLife, LateEntries lateEntries,
                          BuyerCredits buyerCredits) {
        this.buyerCredits = buyerCredits;
        this.sql = sql;
        this.views = views;
        this.clock = clock;
        this.accountLife = accountLife;
        this.lateEntries = lateEntries;
    }

    /**
     * The one place that decides which pushes go set-based: a credit that pays no loan notice and reverses nothing,
     * so it needs no notice matching, no reversal check and no debit check, and names no payment notice (checked and
     * settled per push). Every other push (and every push of an account that has such a push in the same batch) runs
     * {@link BankPushService#pushTransaction}.
     */
    public static boolean isPlain(AccountTransactionPush push) {
        return push.direction() == BankPushes.Direction.CREDIT && push.reversesSerialNo() == null && !push.isLoanCredit()
                && push.paymentNoticeNo() == null;
    }

    /** Locks these accounts in one statement, in account-number order (the order every writer takes them in). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void lockAccounts(Collection<String> accountNos) {
        sql.list(LOCK, r -> r.getString("account_no"), "account_nos", accountNos.toArray(String[]::new));
    }

    /** Stores these plain pushes (their accounts already locked), in order; one result per push, in the same order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Result> store(List<Pending> pending) {
        int n = pending.size();
        Map<Long, Target> targets = new HashMap<>();
        sql.list(TARGETS, r -> targets.put(r.getLong("ord"), new Target(r.getLongOrNull("project_id"), r.getString("bank_code"),
                        r.getString("account_status"), r.getBoolean("contract_fits"), r.getLocalDate("last_reported"),
                        PushReplays.stored(r))),
                "ords", ords(n), "account_nos", column(pending, p -> p.push().accountNo()),
                "banks", column(pending, p -> p.bank().bankCode()), "serials", column(pending, p -> p.push().serialNo()),
                "contract_nos", column(pending, p -> p.push().contractNo()));
        Instant now = clock.now();
        Result[] results = new Result[n];
        List<Integer> accepted = new ArrayList<>();
        Map<String, Integer> firstOfSerial = new HashMap<>();
        Map<Integer, Integer> repeats = new HashMap<>(); // a serial sent twice in this batch: the later one replays the first
        for (int i = 0; i < n; i++) {
            Pending p = pending.get(i);
            String key = p.bank().bankCode() + '\u0001' + p.push().serialNo();
            Target target = targets.get((long) i);
            try {
                if (target.stored() != null) {
                    results[i] = new Result(PushReplays.replay(target.stored(), p.push().serialNo(), p.push().fingerprint(),
                            views::transaction), null);
                } else if (firstOfSerial.containsKey(key)) {
                    repeats.put(i, firstOfSerial.get(key));
                } else {
                    check(p, target, now);
                    firstOfSerial.put(key, i);
                    accepted.add(i);
                }
            } catch (RuntimeException refusal) {
                results[i] = new Result(null, refusal);
            }
        }
        insert(pending, accepted, targets, now, results);
        repeats.forEach((later, first) -> results[later] = repeat(pending.get(later), pending.get(first), results[first]));
        return List.of(results);
    }

    /** The per-push path's refusals, in its order: bookedAt, account (a former one: closed), bank, closed, contract. */
    private void check(Pending p, Target target, Instant now) {
        AccountTransactionPush push = p.push();
        PushReplays.notInFuture("bookedAt", push.bookedAt().toInstant(), now);
        if (target.projectId() == null) {
            accountLife.refuseFormer(push.accountNo());
            throw new UnknownReference("Account " + push.accountNo() + " is not a supervised account");
        }
        if (!target.bankCode().equals(p.bank().bankCode())) {
            throw new Forbidden("Account " + push.accountNo() + " is not held at your bank");
        }
        AccountStatusChecks.refuseClosed(push.accountNo(), target.accountStatus());
        if (push.contractNo() != null && !target.contractFits()) {
            throw new UnknownReference("Contract " + push.contractNo() + " is not a contract of this account's project");
        }
    }

    private void insert(List<Pending> pending, List<Integer> accepted, Map<Long, Target> targets, Instant now, Result[] results) {
        if (accepted.isEmpty()) {
            return;
        }
        List<Pending> rows = accepted.stream().map(pending::get).toList();
        Function<Function<AccountTransactionPush, Object>, String[]> col = f -> column(rows, p -> f.apply(p.push()));
        List<Long> ords = accepted.stream().map(Integer::longValue).toList();
        Map<Long, TransactionView> stored = new HashMap<>();
        sql.list(ADD, r -> stored.put(r.getLong("ord"), views.transaction(r, pending.get((int) r.getLong("ord")).push().accountNo())),
                "ords", ords.toArray(Long[]::new), "project_ids", ords.stream().map(o -> targets.get(o).projectId()).toArray(Long[]::new),
                "banks", column(rows, p -> p.bank().bankCode()), "serials", col.apply(AccountTransactionPush::serialNo),
                "directions", col.apply(AccountTransactionPush::direction), "amounts", col.apply(push -> push.amount().toPlainString()),
                "purposes", col.apply(AccountTransactionPush::purpose),
                "booked_ats", col.apply(push -> push.bookedAt().toInstant()), "contract_nos", col.apply(AccountTransactionPush::contractNo),
                "notice_serials", col.apply(AccountTransactionPush::disbursementSerialNo),
                "lenders", column(rows, p -> p.push().namedLender(p.bank().bankCode())),
                "counterparty_names", col.apply(AccountTransactionPush::counterpartyName),
                "counterparty_account_nos", col.apply(AccountTransactionPush::counterpartyAccountNo),
                "release_nos", col.apply(AccountTransactionPush::releaseNo),
                "content_hashes", col.apply(AccountTransactionPush::fingerprint),
                "actors", column(rows, p -> p.bank().actor()), "account_nos", col.apply(AccountTransactionPush::accountNo),
                "now", now, "action", AuditAction.ACCOUNT_TRANSACTION_PUSHED.name());
        if (stored.size() != accepted.size()) { // a concurrent push took a serial: the running balances would be off
            throw new IllegalStateException("A serial of the batch was stored concurrently; the batch runs again push by push");
        }
        stored.forEach((ord, view) -> results[(int) (long) ord] = new Result(new Outcome<>(view, true), null));
        // What the per-push path does after its insert, for the few pushes it concerns: an unconfirmed account is flagged,
        // an entry booked on a day the bank already reported re-checks that day's statement (and later ones), and the
        // PENDING_FUNDS contracts that buyer money named now covers are filed (one statement for the batch).
        rows.stream().filter(p -> p.push().isBuyerMoney() && p.push().contractNo() != null)
                .collect(java.util.stream.Collectors.groupingBy(p -> p.bank().actor(),
                        java.util.stream.Collectors.mapping(p -> p.push().contractNo(), java.util.stream.Collectors.toSet())))
                .forEach(buyerCredits::fileFundedByNumber);
        for (int i : accepted) {
            Pending p = pending.get(i);
            Target target = targets.get((long) i);
            accountLife.flagUnconfirmed(p.bank().actor(), target.projectId(), p.push().accountNo(), target.accountStatus());
            lateEntries.booked(p.bank().actor(), target.projectId(), p.push().bookedAt().toInstant(), p.push().signedAmount(),
                    p.push().serialNo(), target.lastReported());
        }
    }

    /** A serial sent twice in one batch: the later push replays the first, as it would one batch later. */
    private static Result repeat(Pending later, Pending first, Result firstResult) {
        if (firstResult.outcome() == null) { // cannot happen: a refused first push is not recorded as the serial's first
            throw new IllegalStateException("The first push of a repeated serial was refused");
        }
        if (!later.push().fingerprint().equals(first.push().fingerprint())) {
            return new Result(null, new IdempotencyConflict(later.push().serialNo()));
        }
        return new Result(new Outcome<>(firstResult.outcome().view(), false), null);
    }

    private static Long[] ords(int n) {
        Long[] ords = new Long[n];
        for (int i = 0; i < n; i++) {
            ords[i] = (long) i;
        }
        return ords;
    }

    /** One column of a set-based statement: the value of each push as text (null stays null). */
    private static String[] column(List<Pending> pushes, Function<Pending, Object> value) {
        String[] column = new String[pushes.size()];
        for (int i = 0; i < column.length; i++) {
            Object v = value.apply(pushes.get(i));
            column[i] = v == null ? null : v instanceof Enum<?> e ? e.name() : v.toString();
        }
        return column;
    }
}

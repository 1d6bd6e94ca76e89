package cn.escrow.bank;

import cn.escrow.platform.SqlValues;
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
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Stores bank pushes exactly once and keeps balances and loan matching right under concurrency.
 *
 * <p>Every push for an account takes that account's row lock first ({@code FOR UPDATE}), so pushes
 * to one account run one after another: balances never lose an update, and a loan credit and its
 * disbursement notice always see each other. The idempotency key (bank, serial) is a unique
 * constraint; the insert uses {@code ON CONFLICT DO NOTHING}, so a concurrent duplicate ends as a
 * replay, never as an error. The caller is answered only after the transaction commits.
 */
@ApplicationScoped
public class BankPushService {

    /** Pushes dated further ahead of the service clock than this are refused as implausible. */
    private static final Duration MAX_FUTURE = Duration.ofDays(1);

    private final EntityManager em;
    private final AuditLog audit;
    private final EscrowClock clock;
    private final EscrowConfig config;
    private final SigningControl signing;
    private final DebitChecks debits;

    public BankPushService(EntityManager em, AuditLog audit, EscrowClock clock, EscrowConfig config, SigningControl signing,
                           DebitChecks debits) {
        this.em = em;
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
        Outcome<DisbursementView> replay = replayDisbursement(bank.bankCode(), push.serialNo(), fingerprint);
        if (replay != null) {
            return replay;
        }
        Instant now = clock.now();
        notInFuture("disbursedAt", push.disbursedAt().toInstant(), now);
        Object[] contract = single("SELECT id, project_id, loan_type FROM contract WHERE contract_no = :no", "no", push.contractNo());
        if (contract == null) {
            throw new UnknownReference("Contract " + push.contractNo() + " does not exist");
        }
        if ("NONE".equals(contract[2])) {
            throw new UnknownReference("Contract " + push.contractNo() + " has no loan");
        }
        long projectId = ((Number) contract[1]).longValue();
        String accountBank = lockAccount(push.accountNo(), projectId, bank);

        Instant dueAt = LoanDeadline.dueAt(now, clock.zone(), config.loanArrival().deadlineDays());
        List<?> inserted = em.createNativeQuery("""
                INSERT INTO loan_disbursement (bank_code, serial_no, contract_id, project_id, amount, loan_type,
                    disbursed_at, received_at, due_at, status, content_hash)
                VALUES (:bank, :serial, :contract, :project, :amount, :loanType, :disbursedAt, :now, :dueAt,
                    'AWAITING_FUNDS', :hash)
                ON CONFLICT ON CONSTRAINT loan_disbursement_key DO NOTHING
                RETURNING id""")
                .setParameter("bank", accountBank)
                .setParameter("serial", push.serialNo())
                .setParameter("contract", ((Number) contract[0]).longValue())
                .setParameter("project", projectId)
                .setParameter("amount", push.amount())
                .setParameter("loanType", push.loanType().name())
                .setParameter("disbursedAt", push.disbursedAt().toInstant())
                .setParameter("now", now)
                .setParameter("dueAt", dueAt)
                .setParameter("hash", fingerprint)
                .getResultList();
        if (inserted.isEmpty()) {
            return replayDisbursement(bank.bankCode(), push.serialNo(), fingerprint);
        }
        long id = ((Number) inserted.get(0)).longValue();
        // Loan money that arrived before this notice: credits naming its serial, then unnamed credits of the contract.
        int early = em.createNativeQuery("""
                UPDATE account_transaction SET matched_disbursement_id = :id
                WHERE project_id = :project AND matched_disbursement_id IS NULL AND direction = 'CREDIT'
                  AND purpose IN ('LOAN', 'PROVIDENT_FUND_LOAN') AND reverses_serial_no IS NULL
                  AND (disbursement_serial_no = :serial
                       OR (disbursement_serial_no IS NULL AND contract_no = :contractNo))""")
                .setParameter("id", id).setParameter("project", projectId)
                .setParameter("serial", push.serialNo()).setParameter("contractNo", push.contractNo())
                .executeUpdate();
        if (early > 0) {
            em.createNativeQuery("""
                    UPDATE loan_disbursement d SET matched_amount = m.total,
                        status = CASE WHEN m.total >= d.amount THEN 'FUNDS_ARRIVED' ELSE d.status END,
                        funds_arrived_at = CASE WHEN m.total >= d.amount THEN m.last_booked ELSE NULL END
                    FROM (SELECT sum(amount) AS total, max(booked_at) AS last_booked FROM account_transaction
                          WHERE matched_disbursement_id = :id) m
                    WHERE d.id = :id""").setParameter("id", id).executeUpdate();
        }
        audit.record(bank.actor(), "LOAN_DISBURSEMENT_PUSHED", "disbursement:" + push.serialNo(), projectId,
                details("bankCode", accountBank, "contractNo", push.contractNo(), "amount", push.amount().toPlainString(),
                        "dueAt", clock.inZone(dueAt).toString(), "earlyCreditsMatched", early));
        return new Outcome<>(disbursementView(id), true);
    }

    private Outcome<DisbursementView> replayDisbursement(String bankCode, String serialNo, String fingerprint) {
        Object[] existing = single("SELECT id, content_hash FROM loan_disbursement WHERE bank_code = :bank AND serial_no = :serial",
                "bank", bankCode, "serial", serialNo);
        if (existing == null) {
            return null;
        }
        if (!fingerprint.equals(existing[1])) {
            throw new IdempotencyConflict(serialNo);
        }
        return new Outcome<>(disbursementView(((Number) existing[0]).longValue()), false);
    }

    // ------------------------------------------------------------------ account transactions

    @Transactional
    public Outcome<TransactionView> pushTransaction(Caller bank, AccountTransactionPush push) {
        String fingerprint = push.fingerprint();
        Outcome<TransactionView> replay = replayTransaction(bank.bankCode(), push.serialNo(), fingerprint);
        if (replay != null) {
            return replay;
        }
        Instant now = clock.now();
        notInFuture("bookedAt", push.bookedAt().toInstant(), now);
        Object[] account = single("SELECT project_id, bank_code FROM supervised_account WHERE account_no = :no", "no", push.accountNo());
        if (account == null) {
            throw new UnknownReference("Account " + push.accountNo() + " is not a supervised account");
        }
        long projectId = ((Number) account[0]).longValue();
        lockAccount(push.accountNo(), projectId, bank);
        if (push.contractNo() != null && single("SELECT id FROM contract WHERE contract_no = :no AND project_id = :p",
                "no", push.contractNo(), "p", projectId) == null) {
            throw new UnknownReference("Contract " + push.contractNo() + " is not a contract of this account's project");
        }
        Object[] reversed = push.reversesSerialNo() == null ? null : checkReversal(bank.bankCode(), projectId, push);

        List<?> inserted = em.createNativeQuery("""
                INSERT INTO account_transaction (bank_code, serial_no, project_id, direction, amount, purpose, booked_at,
                    received_at, contract_no, disbursement_serial_no, counterparty_name, counterparty_account_no,
                    reverses_serial_no, release_no, balance_after, content_hash)
                VALUES (:bank, :serial, :project, :direction, :amount, :purpose, :bookedAt, :now, :contractNo,
                    :disbursementSerialNo, :counterpartyName, :counterpartyAccountNo, :reverses, :releaseNo,
                    (SELECT balance + :delta FROM supervised_account WHERE project_id = :project), :hash)
                ON CONFLICT ON CONSTRAINT account_transaction_key DO NOTHING
                RETURNING id""")
                .setParameter("bank", bank.bankCode())
                .setParameter("serial", push.serialNo())
                .setParameter("project", projectId)
                .setParameter("direction", push.direction().name())
                .setParameter("amount", push.amount())
                .setParameter("purpose", push.purpose().name())
                .setParameter("bookedAt", push.bookedAt().toInstant())
                .setParameter("now", now)
                .setParameter("contractNo", push.contractNo())
                .setParameter("disbursementSerialNo", push.disbursementSerialNo())
                .setParameter("counterpartyName", push.counterpartyName())
                .setParameter("counterpartyAccountNo", push.counterpartyAccountNo())
                .setParameter("reverses", push.reversesSerialNo())
                .setParameter("releaseNo", push.releaseNo())
                .setParameter("delta", push.signedAmount())
                .setParameter("hash", fingerprint)
                .getResultList();
        if (inserted.isEmpty()) {
            return replayTransaction(bank.bankCode(), push.serialNo(), fingerprint);
        }
        long id = ((Number) inserted.get(0)).longValue();
        em.createNativeQuery("""
                UPDATE supervised_account SET balance = balance + :delta, entry_count = entry_count + 1
                WHERE project_id = :project""")
                .setParameter("delta", push.signedAmount()).setParameter("project", projectId).executeUpdate();

        String matchedSerial = null;
        if (push.isLoanCredit()) {
            matchedSerial = matchLoanCredit(bank, id, projectId, push);
        }
        if (reversed != null) {
            undoLoanMatch(bank, reversed, projectId);
        }
        if (push.direction() == BankPushes.Direction.DEBIT) {
            debits.check(bank.actor(), new DebitChecks.Debit(id, projectId, push.serialNo(), push.amount(),
                    push.purpose().name(), push.releaseNo(), push.contractNo(), push.reversesSerialNo() != null));
        }
        audit.record(bank.actor(), "ACCOUNT_TRANSACTION_PUSHED", "transaction:" + push.serialNo(), projectId,
                details("bankCode", bank.bankCode(), "accountNo", push.accountNo(), "direction", push.direction().name(),
                        "amount", push.amount().toPlainString(), "purpose", push.purpose().name(),
                        "matchedDisbursement", matchedSerial, "reverses", push.reversesSerialNo()));
        return new Outcome<>(transactionView(id), true);
    }

    private Outcome<TransactionView> replayTransaction(String bankCode, String serialNo, String fingerprint) {
        Object[] existing = single("SELECT id, content_hash FROM account_transaction WHERE bank_code = :bank AND serial_no = :serial",
                "bank", bankCode, "serial", serialNo);
        if (existing == null) {
            return null;
        }
        if (!fingerprint.equals(existing[1])) {
            throw new IdempotencyConflict(serialNo);
        }
        return new Outcome<>(transactionView(((Number) existing[0]).longValue()), false);
    }

    /**
     * Adds a loan credit to the disbursement it names, or else to the oldest unsettled disbursement
     * of its contract on this account; settles the disbursement once its credits cover it, and
     * gives the project its signing back when that was the last overdue one.
     */
    private String matchLoanCredit(Caller bank, long transactionId, long projectId, AccountTransactionPush push) {
        Object[] target;
        if (push.disbursementSerialNo() != null) {
            // By the unique key (bank, serial): the disbursement is pushed by the account's own bank.
            target = single("""
                    SELECT id FROM loan_disbursement WHERE bank_code = :b AND serial_no = :s AND project_id = :p
                    FOR UPDATE""", "b", bank.bankCode(), "s", push.disbursementSerialNo(), "p", projectId);
        } else if (push.contractNo() != null) {
            target = single("""
                    SELECT d.id FROM loan_disbursement d JOIN contract c ON c.id = d.contract_id
                    WHERE d.project_id = :p AND c.contract_no = :c AND d.status <> 'FUNDS_ARRIVED'
                    ORDER BY d.received_at, d.id LIMIT 1 FOR UPDATE OF d""", "p", projectId, "c", push.contractNo());
        } else {
            return null;
        }
        if (target == null) {
            return null; // money before the notice: the disbursement push will pick this credit up
        }
        long disbursementId = ((Number) target[0]).longValue();
        em.createNativeQuery("UPDATE account_transaction SET matched_disbursement_id = :d WHERE id = :t")
                .setParameter("d", disbursementId).setParameter("t", transactionId).executeUpdate();
        Object[] settled = single("""
                UPDATE loan_disbursement SET matched_amount = matched_amount + :amount,
                    status = CASE WHEN matched_amount + :amount >= amount THEN 'FUNDS_ARRIVED' ELSE status END,
                    funds_arrived_at = CASE WHEN matched_amount + :amount >= amount AND status <> 'FUNDS_ARRIVED'
                                            THEN :bookedAt ELSE funds_arrived_at END
                WHERE id = :id
                RETURNING serial_no, status, overdue_at IS NOT NULL""",
                "amount", push.amount(), "bookedAt", push.bookedAt().toInstant(), "id", disbursementId);
        if ("FUNDS_ARRIVED".equals(settled[1]) && Boolean.TRUE.equals(settled[2])) {
            signing.afterOverdueSettled(projectId, bank.actor());
        }
        return (String) settled[0];
    }

    /** Checks that a reversal names an earlier transaction of this account, opposite and equal, not yet reversed. */
    private Object[] checkReversal(String bankCode, long projectId, AccountTransactionPush push) {
        Object[] original = single("""
                SELECT id, direction, amount, matched_disbursement_id FROM account_transaction
                WHERE bank_code = :bank AND serial_no = :serial AND project_id = :p""",
                "bank", bankCode, "serial", push.reversesSerialNo(), "p", projectId);
        if (original == null) {
            throw new UnknownReference("Transaction " + push.reversesSerialNo() + " does not exist on this account");
        }
        if (push.direction().name().equals(original[1]) || ((BigDecimal) original[2]).compareTo(push.amount()) != 0) {
            throw new Conflict("A reversal must have the opposite direction and the same amount as " + push.reversesSerialNo());
        }
        if (single("SELECT id FROM account_transaction WHERE bank_code = :bank AND reverses_serial_no = :serial",
                "bank", bankCode, "serial", push.reversesSerialNo()) != null) {
            throw new Conflict("Transaction " + push.reversesSerialNo() + " has already been reversed");
        }
        return original;
    }

    /** A reversed loan credit no longer counts for its disbursement, which may again await funds. */
    private void undoLoanMatch(Caller bank, Object[] reversed, long projectId) {
        if (reversed[3] == null) {
            return;
        }
        em.createNativeQuery("""
                UPDATE loan_disbursement SET matched_amount = matched_amount - :amount,
                    status = CASE WHEN matched_amount - :amount < amount AND status = 'FUNDS_ARRIVED'
                                  THEN 'AWAITING_FUNDS' ELSE status END,
                    funds_arrived_at = CASE WHEN matched_amount - :amount < amount THEN NULL ELSE funds_arrived_at END
                WHERE id = :id""")
                .setParameter("amount", reversed[2]).setParameter("id", ((Number) reversed[3]).longValue()).executeUpdate();
        audit.record(bank.actor(), "LOAN_CREDIT_REVERSED", "disbursement:" + reversed[3], projectId,
                details("reversedTransactionId", ((Number) reversed[0]).longValue()));
    }

    /** Locks the supervised account row (serialising pushes per account) after checking it fits and belongs to the bank. */
    private String lockAccount(String accountNo, long projectId, Caller bank) {
        Object[] account = single("SELECT project_id, bank_code FROM supervised_account WHERE account_no = :no FOR UPDATE",
                "no", accountNo);
        if (account == null || ((Number) account[0]).longValue() != projectId) {
            throw new UnknownReference("Account " + accountNo + " is not the supervised account of the contract's project");
        }
        if (!account[1].equals(bank.bankCode())) {
            throw new Forbidden("Account " + accountNo + " is not held at your bank");
        }
        return (String) account[1];
    }

    private void notInFuture(String field, Instant at, Instant now) {
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw new ValidationFailed(field, "must not be more than a day ahead of the service clock");
        }
    }

    // ------------------------------------------------------------------ views

    public DisbursementView disbursementView(long id) {
        Object[] r = single("""
                SELECT d.id, d.serial_no, c.contract_no, a.account_no, d.amount, d.loan_type, d.disbursed_at, d.received_at,
                       d.due_at, d.status, d.bank_code, d.project_id, d.matched_amount, d.overdue_at, d.funds_arrived_at
                FROM loan_disbursement d JOIN contract c ON c.id = d.contract_id
                JOIN supervised_account a ON a.project_id = d.project_id
                WHERE d.id = :id""", "id", id);
        return new DisbursementView(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                (BigDecimal) r[4], (String) r[5], time(r[6]), time(r[7]), time(r[8]),
                LoanDisbursement.Status.valueOf((String) r[9]), (String) r[10], ((Number) r[11]).longValue(),
                (BigDecimal) r[12], time(r[13]), time(r[14]));
    }

    public TransactionView transactionView(long id) {
        Object[] r = single("""
                SELECT t.id, t.serial_no, a.account_no, t.direction, t.amount, t.purpose, t.booked_at, t.balance_after,
                       d.serial_no, d.status, t.contract_no, t.disbursement_serial_no, t.counterparty_name,
                       t.counterparty_account_no, t.reverses_serial_no, t.release_no
                FROM account_transaction t JOIN supervised_account a ON a.project_id = t.project_id
                LEFT JOIN loan_disbursement d ON d.id = t.matched_disbursement_id
                WHERE t.id = :id""", "id", id);
        MatchedDisbursement matched = r[8] == null ? null
                : new MatchedDisbursement((String) r[8], LoanDisbursement.Status.valueOf((String) r[9]));
        return new TransactionView(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                (BigDecimal) r[4], (String) r[5], time(r[6]), (BigDecimal) r[7], matched, (String) r[10],
                (String) r[11], (String) r[12], (String) r[13], (String) r[14], (String) r[15]);
    }

    private java.time.OffsetDateTime time(Object value) {
        return clock.inZone(SqlValues.instant(value));
    }

    private Object[] single(String sql, Object... params) {
        return SqlValues.firstRow(em, sql, params);
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

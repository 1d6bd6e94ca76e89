package cn.escrow.bank;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.bank.BankPushes.LoanDisbursementPush;
import cn.escrow.bank.PushReplays.Stored;
import cn.escrow.bank.BankViews.DisbursementView;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.bank.LoanMismatch.Rule;
import cn.escrow.lifecycle.AccountStatusChecks;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/**
 * Stores loan notices from every lender (a bank, or a provident fund centre for fund loans) exactly once,
 * for any supervised account, and only when they fit their contract.
 *
 * <p>Every notice of a contract targets the supervised account of the contract's project, and each push
 * takes that account's row lock first ({@code FOR UPDATE}), as every other push and withdrawal does. So
 * two notices of one contract are decided one after the other, and the insert's own statement, which
 * starts after the lock was granted, sees every notice committed before: the sum checked against the
 * contract's loan amount, and the contract's status, are never stale (a cancellation takes the same lock
 * first). The idempotency key (lender, serial) is a unique constraint, as for every push.
 */
@ApplicationScoped
public class DisbursementPushService {

    private static final String TARGET = BankPushService.PUSH.get("notice-target");
    private static final String STORED = BankPushService.PUSH.get("notice-stored");
    private static final String ACCOUNT_EXISTS = BankPushService.PUSH.get("account-exists");
    private static final String ADD = BankPushService.PUSH.get("add-notice");
    private static final String SETTLE_EARLY = BankPushService.PUSH.get("settle-early");
    private static final String LATE_NOTICE_ALERT = BankPushService.PUSH.get("late-notice-alert");

    private final Sql sql;
    private final PushViews views;
    private final EscrowClock clock;
    private final EscrowConfig config;
    private final Event<LenderMetrics.NoticeReceived> received;
    private final Event<LenderMetrics.FundsArrived> arrived;
    private final AccountStatusChecks accountLife;

    public DisbursementPushService(Sql sql, PushViews views, EscrowClock clock, EscrowConfig config,
                                   Event<LenderMetrics.NoticeReceived> received, Event<LenderMetrics.FundsArrived> arrived,
                                   AccountStatusChecks accountLife) {
        this.sql = sql;
        this.views = views;
        this.clock = clock;
        this.config = config;
        this.received = received;
        this.arrived = arrived;
        this.accountLife = accountLife;
    }

    /**
     * What a lender may push, decided before any database work: a provident fund centre lends only
     * provident fund loans. Refused with 403: it is about who the caller is, whatever the contract says, and
     * a retry cannot help (loan-mismatch is for notices that do not fit their contract).
     */
    public static void checkLender(Caller lender, LoanDisbursementPush push) {
        if (lender.isClient(Caller.ClientKind.PROVIDENT_FUND_CENTER) && push.loanType() != BankPushes.LoanType.PROVIDENT_FUND) {
            throw new Forbidden("A provident fund centre pushes only PROVIDENT_FUND loans");
        }
    }

    @Transactional
    public Outcome<DisbursementView> push(Caller lender, LoanDisbursementPush push) {
        checkLender(lender, push);
        String fingerprint = push.fingerprint();
        // The contract, the account (locked) and what is already stored under this serial, in one statement;
        // when the contract or the account is missing, the checks below find out which.
        Target target = sql.one(TARGET,
                r -> new Target(r.getLong("contract_id"), r.getLong("project_id"), r.getString("loan_type"),
                        r.getString("contract_status"), r.getLong("account_project_id"), r.getString("account_status"),
                        PushReplays.stored(r)),
                "account_no", push.accountNo(), "lender", lender.bankCode(), "serial", push.serialNo(),
                "contract_no", push.contractNo());
        Stored existing = target != null ? target.stored() : stored(lender, push.serialNo());
        if (existing != null) {
            return PushReplays.replay(existing, push.serialNo(), fingerprint, views::disbursement);
        }
        Instant now = clock.now();
        PushReplays.notInFuture("disbursedAt", push.disbursedAt().toInstant(), now);
        // Any lender may announce a loan on any supervised account, but it learns nothing of contracts that are
        // not on that account's project: an unknown contract and another project's one get the same answer.
        if (target == null && sql.one(ACCOUNT_EXISTS, r -> 1, "account_no", push.accountNo()) == null) {
            accountLife.refuseFormer(push.accountNo());
            throw new UnknownReference("Account " + push.accountNo() + " is not a supervised account");
        }
        if (target == null || target.accountProjectId() != target.projectId()) {
            throw new UnknownReference("Contract " + push.contractNo() + " is not a contract of this account's project");
        }
        AccountStatusChecks.refuseClosed(push.accountNo(), target.accountStatus());
        String loanType = target.loanType();
        if (!fits(loanType, push.loanType())) {
            throw new LoanMismatch(Rule.LOAN_TYPE, "Contract " + push.contractNo() + " takes no " + push.loanType() + " loan");
        }
        if ("CANCELLED".equals(target.contractStatus())) {
            throw cancelled(push);
        }

        Instant dueAt = LoanDeadline.dueAt(now, clock.zone(), config.loanArrival().deadlineDays());
        String auditDetails = AuditLog.json(details("lenderCode", lender.bankCode(), "contractNo", push.contractNo(),
                "amount", push.amount().toPlainString(), "dueAt", clock.inZone(dueAt).toString()));
        Added added = sql.one(ADD,
                r -> new Added(r.getString("contract_status"),
                        r.getLongOrNull("id") == null ? null : views.disbursement(r, push.contractNo(), push.accountNo()),
                        r.getLong("early_count"), r.getBigDecimal("early_total"), r.getInstant("early_last")),
                "contract_id", target.contractId(), "lender", lender.bankCode(), "serial", push.serialNo(),
                "project_id", target.projectId(), "amount", push.amount(), "loan_type", push.loanType().name(),
                "disbursed_at", push.disbursedAt().toInstant(), "now", now, "due_at", dueAt, "content_hash", fingerprint,
                "contract_no", push.contractNo(), "actor", lender.actor(),
                "action", AuditAction.LOAN_DISBURSEMENT_PUSHED.name(), "details", auditDetails);
        if (added.view() == null) {
            Stored concurrent = stored(lender, push.serialNo()); // an identical push committed first?
            if (concurrent != null) {
                return PushReplays.replay(concurrent, push.serialNo(), fingerprint, views::disbursement);
            }
            if ("PENDING_FUNDS".equals(added.contractStatus())) { // a loan follows filing: no notice before the down payment
                throw new LoanMismatch(Rule.CONTRACT_NOT_FILED, "Contract " + push.contractNo() + " awaits its down payment (PENDING_FUNDS)");
            }
            if (!"FILED".equals(added.contractStatus())) {
                throw cancelled(push);
            }
            // No figures: a lender learns that the notice does not fit, not the contract's loan amount nor what other
            // lenders have announced for it.
            throw new LoanMismatch(Rule.LOAN_AMOUNT_EXCEEDED, "Contract " + push.contractNo()
                    + ": with this notice its notices that are not withdrawn would exceed its loan amount");
        }
        DisbursementView view = added.view();
        received.fire(new LenderMetrics.NoticeReceived(lender.bankCode(), Duration.between(push.disbursedAt().toInstant(), now)));
        if (Duration.between(push.disbursedAt().toInstant(), now).compareTo(config.loanArrival().noticeLagAlert()) > 0) {
            lateNoticeAlert(lender, view, now);
        }
        if (added.earlyCount() == 0) {
            return new Outcome<>(view, true);
        }
        DisbursementView settled = sql.one(SETTLE_EARLY, r -> views.disbursement(r, push.contractNo(), push.accountNo()),
                "early_total", added.earlyTotal(), "early_last", added.earlyLast(), "id", view.id());
        if (settled.status() == LoanDisbursement.Status.FUNDS_ARRIVED) {
            arrived.fire(new LenderMetrics.FundsArrived(lender.bankCode(), Duration.between(now, added.earlyLast())));
        }
        return new Outcome<>(settled, true);
    }

    /** COMMERCIAL and PROVIDENT_FUND contracts take only their own type, COMBINED both, NONE none. */
    static boolean fits(String contractLoanType, BankPushes.LoanType notice) {
        return "COMBINED".equals(contractLoanType) || notice.name().equals(contractLoanType);
    }

    private static LoanMismatch cancelled(LoanDisbursementPush push) {
        return new LoanMismatch(Rule.CONTRACT_CANCELLED, "Contract " + push.contractNo() + " is cancelled");
    }

    private void lateNoticeAlert(Caller lender, DisbursementView view, Instant now) {
        String detail = "Loan notice " + view.serialNo() + " (lender " + lender.bankCode() + ") was pushed at "
                + view.receivedAt() + ", more than " + config.loanArrival().noticeLagAlert() + " after the loan was disbursed ("
                + view.disbursedAt() + "): the 30-day clock started late";
        sql.update(LATE_NOTICE_ALERT, "project_id", view.projectId(), "subject", "disbursement:" + view.serialNo(),
                "detail", detail, "now", now, "actor", lender.actor(), "id", view.id(), "action", AuditAction.ALERT_RAISED.name());
    }

    private Stored stored(Caller lender, String serialNo) {
        return sql.one(STORED, PushReplays::stored, "lender", lender.bankCode(), "serial", serialNo);
    }

    private record Target(long contractId, long projectId, String loanType, String contractStatus, long accountProjectId,
                          String accountStatus, Stored stored) {
    }

    /** The insert's result: the contract as the guard saw it, the new notice (null if none), the early credits it matched. */
    private record Added(String contractStatus, DisbursementView view, long earlyCount, BigDecimal earlyTotal, Instant earlyLast) {
    }
}

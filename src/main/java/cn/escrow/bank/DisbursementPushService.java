package cn.escrow.bank;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditLog;
import cn.escrow.bank.BankPushes.LoanDisbursementPush;
import cn.escrow.bank.BankPushService.Stored;
import cn.escrow.bank.BankViews.DisbursementView;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.bank.LoanMismatch.Rule;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.Jdbc;
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

    private static final String ADD_NOTICE = """
            WITH guard AS (
                SELECT c.status AS contract_status, c.loan_amount,
                       coalesce((SELECT sum(n.amount) FROM loan_disbursement n
                                 WHERE n.contract_id = c.id AND n.status <> 'WITHDRAWN'), 0) AS noticed
                FROM contract c WHERE c.id = ?),
            ins AS (
                INSERT INTO loan_disbursement AS d (bank_code, serial_no, contract_id, project_id, amount, loan_type,
                    disbursed_at, received_at, due_at, status, content_hash)
                SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, 'AWAITING_FUNDS', ?
                FROM guard WHERE guard.contract_status = 'FILED' AND guard.noticed + ? <= guard.loan_amount
                ON CONFLICT ON CONSTRAINT loan_disbursement_key DO NOTHING
                RETURNING\s""" + PushViews.DISBURSEMENT_COLUMNS + """
                ),
            early AS (
                -- Loan money that arrived before this notice: credits naming it (lender and serial), then
                -- unnamed loan credits of the contract; never a credit the bank has since reversed.
                UPDATE account_transaction t SET matched_disbursement_id = ins.id FROM ins
                WHERE t.project_id = ins.project_id AND t.matched_disbursement_id IS NULL AND t.direction = 'CREDIT'
                  AND t.purpose IN ('LOAN', 'PROVIDENT_FUND_LOAN') AND t.reverses_serial_no IS NULL
                  AND NOT EXISTS (SELECT 1 FROM account_transaction r
                                  WHERE r.bank_code = t.bank_code AND r.reverses_serial_no = t.serial_no)
                  AND ((t.disbursement_serial_no = ins.serial_no AND t.disbursement_lender_code = ins.bank_code)
                       OR (t.disbursement_serial_no IS NULL AND t.contract_no = ?))
                RETURNING t.amount, t.booked_at),
            audit AS (
                INSERT INTO audit_event (at, actor, action, subject, project_id, details)
                SELECT ?, ?, 'LOAN_DISBURSEMENT_PUSHED', 'disbursement:' || ins.serial_no, ins.project_id,
                       ?::jsonb || jsonb_build_object('earlyCreditsMatched', (SELECT count(*) FROM early))
                FROM ins)
            SELECT guard.contract_status, guard.loan_amount, guard.noticed, ins.*,
                   (SELECT count(*) FROM early) AS early_count, (SELECT sum(amount) FROM early) AS early_total,
                   (SELECT max(booked_at) FROM early) AS early_last
            FROM guard LEFT JOIN ins ON TRUE""";

    private static final String SETTLE_EARLY = """
            UPDATE loan_disbursement d SET matched_amount = ?, latest_credit_booked_at = ?,
                status = CASE WHEN ? >= d.amount THEN 'FUNDS_ARRIVED' ELSE d.status END,
                funds_arrived_at = CASE WHEN ? >= d.amount THEN ? ELSE NULL END
            WHERE d.id = ?
            RETURNING\s""" + PushViews.DISBURSEMENT_COLUMNS;

    private static final String LATE_NOTICE_ALERT = """
            WITH raised AS (
                INSERT INTO alert AS al (project_id, kind, severity, status, subject, detail, raised_at, raised_by,
                    loan_disbursement_id)
                VALUES (?, 'LATE_LOAN_NOTICE', 'WARNING', 'OPEN', ?, ?, ?, ?, ?)
                ON CONFLICT (loan_disbursement_id, kind) WHERE loan_disbursement_id IS NOT NULL DO NOTHING
                RETURNING al.id, al.project_id, al.subject)
            INSERT INTO audit_event (at, actor, action, subject, project_id, details)
            SELECT ?, ?, 'ALERT_RAISED', 'alert:' || id, project_id,
                   jsonb_build_object('kind', 'LATE_LOAN_NOTICE', 'severity', 'WARNING', 'subject', subject)
            FROM raised""";

    private final Jdbc jdbc;
    private final PushViews views;
    private final EscrowClock clock;
    private final EscrowConfig config;
    private final Event<LenderMetrics.NoticeReceived> received;
    private final Event<LenderMetrics.FundsArrived> arrived;

    public DisbursementPushService(Jdbc jdbc, PushViews views, EscrowClock clock, EscrowConfig config,
                                   Event<LenderMetrics.NoticeReceived> received, Event<LenderMetrics.FundsArrived> arrived) {
        this.jdbc = jdbc;
        this.views = views;
        this.clock = clock;
        this.config = config;
        this.received = received;
        this.arrived = arrived;
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
        Target target = jdbc.first("""
                SELECT c.id AS contract_id, c.project_id, c.loan_type, c.status AS contract_status,
                       a.project_id AS account_project_id, r.id AS stored_id, r.content_hash AS stored_hash
                FROM contract c JOIN supervised_account a ON a.account_no = ?
                LEFT JOIN loan_disbursement r ON r.bank_code = ? AND r.serial_no = ?
                WHERE c.contract_no = ? FOR UPDATE OF a""",
                r -> new Target(r.getLong("contract_id"), r.getLong("project_id"), r.getString("loan_type"),
                        r.getString("contract_status"), r.getLong("account_project_id"), BankPushService.stored(r)),
                push.accountNo(), lender.bankCode(), push.serialNo(), push.contractNo());
        Stored existing = target != null ? target.stored() : stored(lender, push.serialNo());
        if (existing != null) {
            return BankPushService.replay(existing, push.serialNo(), fingerprint, views::disbursement);
        }
        Instant now = clock.now();
        BankPushService.notInFuture("disbursedAt", push.disbursedAt().toInstant(), now);
        // Any lender may announce a loan on any supervised account, but it learns nothing of contracts that are
        // not on that account's project: an unknown contract and another project's one get the same answer.
        if (target == null && jdbc.first("SELECT 1 FROM supervised_account WHERE account_no = ?", r -> 1, push.accountNo()) == null) {
            throw new UnknownReference("Account " + push.accountNo() + " is not a supervised account");
        }
        if (target == null || target.accountProjectId() != target.projectId()) {
            throw new UnknownReference("Contract " + push.contractNo() + " is not a contract of this account's project");
        }
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
        Added added = jdbc.first(ADD_NOTICE,
                r -> new Added(r.getString("contract_status"), r.getBigDecimal("loan_amount"), r.getBigDecimal("noticed"),
                        r.getObject("id") == null ? null : views.disbursement(r, push.contractNo(), push.accountNo()),
                        r.getLong("early_count"), r.getBigDecimal("early_total"), Jdbc.instant(r, "early_last")),
                target.contractId(),
                lender.bankCode(), push.serialNo(), target.contractId(), target.projectId(), push.amount(),
                push.loanType().name(), push.disbursedAt().toInstant(), now, dueAt, fingerprint,
                push.amount(),
                push.contractNo(), now, lender.actor(), auditDetails);
        if (added.view() == null) {
            Stored concurrent = stored(lender, push.serialNo()); // an identical push committed first?
            if (concurrent != null) {
                return BankPushService.replay(concurrent, push.serialNo(), fingerprint, views::disbursement);
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
        DisbursementView settled = jdbc.first(SETTLE_EARLY, r -> views.disbursement(r, push.contractNo(), push.accountNo()),
                added.earlyTotal(), added.earlyLast(), added.earlyTotal(), added.earlyTotal(), added.earlyLast(), view.id());
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
        jdbc.update(LATE_NOTICE_ALERT, view.projectId(), "disbursement:" + view.serialNo(), detail, now, lender.actor(), view.id(),
                now, lender.actor());
    }

    private Stored stored(Caller lender, String serialNo) {
        return jdbc.first("SELECT id AS stored_id, content_hash AS stored_hash FROM loan_disbursement WHERE bank_code = ? AND serial_no = ?",
                BankPushService::stored, lender.bankCode(), serialNo);
    }

    private record Target(long contractId, long projectId, String loanType, String contractStatus, long accountProjectId,
                          Stored stored) {
    }

    /** The insert's result: the contract as the guard saw it, the new notice (null if none), the early credits it matched. */
    private record Added(String contractStatus, BigDecimal loanAmount, BigDecimal noticed, DisbursementView view,
                         long earlyCount, BigDecimal earlyTotal, Instant earlyLast) {
    }
}

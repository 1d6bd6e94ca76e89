package cn.escrow.lifecycle;

import cn.escrow.alerts.AlertService;
import cn.escrow.alerts.AlertService.Kind;
import cn.escrow.alerts.AlertService.Severity;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.AccountClosed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The push path's checks of an account's life, in the push's transaction. A CLOSED account, or a number the project
 * left for another, refuses the push (409 {@code account-closed}): the money is not supervised any more, and the bank
 * must know. An account still AWAITING_CONFIRMATION takes the push (a bank that has booked a buyer's money must be
 * able to report it: refusing would hide supervised money, not keep it out) and raises one alert while it stays open.
 */
@ApplicationScoped
public class AccountStatusChecks {

    public static final String CLOSED = "CLOSED";
    public static final String AWAITING_CONFIRMATION = "AWAITING_CONFIRMATION";

    private final Sql sql;
    private final AlertService alerts;

    public AccountStatusChecks(Sql sql, AlertService alerts) {
        this.sql = sql;
        this.alerts = alerts;
    }

    /** 409 {@code account-closed} when the account of this status is closed. */
    public static void refuseClosed(String accountNo, String status) {
        if (CLOSED.equals(status)) {
            throw new AccountClosed("Account " + accountNo + " is closed: supervision of its project has ended");
        }
    }

    /** For a push whose account number is not a supervised account: 409 {@code account-closed} when it is a former one. */
    public void refuseFormer(String accountNo) {
        if (sql.one("SELECT 1 AS found FROM former_account WHERE account_no = :no", r -> true, "no", accountNo) != null) {
            throw new AccountClosed("Account " + accountNo + " is no longer a supervised account (changed or closed)");
        }
    }

    /** After a push to an account of this status: one open UNCONFIRMED_ACCOUNT_ACTIVITY alert while it is unconfirmed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void flagUnconfirmed(String actor, long projectId, String accountNo, String status) {
        if (AWAITING_CONFIRMATION.equals(status) && !alerts.hasOpen(projectId, Kind.UNCONFIRMED_ACCOUNT_ACTIVITY)) {
            alerts.raise(actor, projectId, Kind.UNCONFIRMED_ACCOUNT_ACTIVITY, Severity.WARNING, "account:" + accountNo,
                    "Money moved on account " + accountNo + " before its bank confirmed the account's opening");
        }
    }
}

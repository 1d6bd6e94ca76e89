package cn.escrow.bank;

import cn.escrow.bank.BankViews.TransactionView;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.TimeParam;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Reads what banks pushed for supervisors and auditors: a supervised account with its balance, and pages of its transactions. */
@ApplicationScoped
public class AccountActivity {

    private final Sql sql;
    private final PushViews views;

    public AccountActivity(Sql sql, PushViews views) {
        this.sql = sql;
        this.views = views;
    }

    public record AccountSummary(long projectId, String bankCode, String accountNo, String accountName, BigDecimal balance,
                                 long entryCount) {
    }

    /** A page of transactions and the total they were taken from. */
    public record Page(List<TransactionView> items, long total) {
    }

    /** The account by its number; 404 when there is none. */
    public AccountSummary account(String accountNo) {
        AccountSummary account = sql.one("""
                SELECT project_id, bank_code, account_no, account_name, balance, entry_count
                FROM supervised_account WHERE account_no = :no""",
                r -> new AccountSummary(r.getLong("project_id"), r.getString("bank_code"), r.getString("account_no"),
                        r.getString("account_name"), r.getBigDecimal("balance"), r.getLong("entry_count")),
                "no", accountNo);
        if (account == null) {
            throw new NotFound("Account " + accountNo);
        }
        return account;
    }

    /**
     * The account's transactions, newest booking first, booked in [from, to) (ISO-8601 with offset; 400 when not) and of
     * this purpose, each when given; 404 for an unknown account, whatever the filters.
     */
    public Page transactions(String accountNo, String from, String to, BankPushes.Purpose purpose, PageRequest paging) {
        long projectId = account(accountNo).projectId();
        StringBuilder where = new StringBuilder(" WHERE project_id = :p");
        List<Object> params = new ArrayList<>(List.of("p", projectId));
        if (from != null) {
            where.append(" AND booked_at >= :from");
            params.addAll(List.of("from", TimeParam.parse("from", from)));
        }
        if (to != null) {
            where.append(" AND booked_at < :to");
            params.addAll(List.of("to", TimeParam.parse("to", to)));
        }
        if (purpose != null) {
            where.append(" AND purpose = :purpose");
            params.addAll(List.of("purpose", purpose.name()));
        }
        long total = sql.number("SELECT count(*) FROM account_transaction" + where, params.toArray());
        params.addAll(List.of("limit", paging.size(), "offset", paging.offset()));
        List<Long> ids = sql.list("SELECT id FROM account_transaction" + where
                + " ORDER BY booked_at DESC, id DESC LIMIT :limit OFFSET :offset", r -> r.getLong("id"), params.toArray());
        return new Page(views.transactions(ids), total);
    }
}

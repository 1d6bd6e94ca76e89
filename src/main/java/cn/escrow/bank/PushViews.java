package cn.escrow.bank;

import cn.escrow.bank.BankViews.DisbursementView;
import cn.escrow.bank.BankViews.MatchedDisbursement;
import cn.escrow.bank.BankViews.TransactionView;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The views of stored loan notices and account transactions, by id and from rows of a push's own
 * statements ({@code RETURNING} the same columns), so that every answer shows the same fields.
 */
@ApplicationScoped
public class PushViews {

    /** The columns of a notice's view, without its contract and account numbers (table alias {@code d}). */
    public static final String DISBURSEMENT_COLUMNS = """
            d.id, d.serial_no, d.amount, d.loan_type, d.disbursed_at, d.received_at, d.due_at, d.status, d.bank_code,
            d.project_id, d.matched_amount, d.overdue_at, d.funds_arrived_at, d.withdrawn_at, d.withdrawal_reason,
            (d.status = 'OVERDUE' OR (d.status = 'FUNDS_ARRIVED' AND d.funds_arrived_at >= d.due_at)) AS late_arrival""";

    /** The columns of a transaction's view, without its account and matched notice (table alias {@code t}). */
    public static final String TRANSACTION_COLUMNS = """
            t.id, t.serial_no, t.direction, t.amount, t.purpose, t.booked_at, t.balance_after, t.contract_no,
            t.disbursement_serial_no, t.disbursement_lender_code, t.counterparty_name, t.counterparty_account_no,
            t.reverses_serial_no, t.release_no, t.payment_notice_no""";

    private final Sql sql;
    private final EscrowClock clock;

    public PushViews(Sql sql, EscrowClock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    public DisbursementView disbursement(long id) {
        List<DisbursementView> views = disbursements(List.of(id));
        return views.isEmpty() ? null : views.get(0);
    }

    /** The views of these notices, in one query, in the order of {@code ids}. */
    public List<DisbursementView> disbursements(List<Long> ids) {
        List<DisbursementView> views = sql.list("""
                SELECT\s""" + DISBURSEMENT_COLUMNS + """
                , c.contract_no, a.account_no
                FROM loan_disbursement d JOIN contract c ON c.id = d.contract_id
                JOIN supervised_account a ON a.project_id = d.project_id
                WHERE d.id = ANY(:ids)""",
                r -> disbursement(r, r.getString("contract_no"), r.getString("account_no")), "ids", ids);
        return inOrder(ids, views, DisbursementView::id);
    }

    public TransactionView transaction(long id) {
        List<TransactionView> views = transactions(List.of(id));
        return views.isEmpty() ? null : views.get(0);
    }

    /** The views of these transactions, in one query, in the order of {@code ids}. */
    public List<TransactionView> transactions(List<Long> ids) {
        List<TransactionView> views = sql.list("""
                SELECT\s""" + TRANSACTION_COLUMNS + """
                , a.account_no, d.serial_no AS matched_serial, d.status AS matched_status, d.bank_code AS matched_lender
                FROM account_transaction t JOIN supervised_account a ON a.project_id = t.project_id
                LEFT JOIN loan_disbursement d ON d.id = t.matched_disbursement_id
                WHERE t.id = ANY(:ids)""",
                r -> transaction(r, r.getString("account_no")), "ids", ids);
        return inOrder(ids, views, TransactionView::id);
    }

    /** {@code views} (any order, one per id found) in the order of {@code ids}. */
    private static <V> List<V> inOrder(List<Long> ids, List<V> views, Function<V, Long> id) {
        Map<Long, V> byId = views.stream().collect(Collectors.toMap(id, Function.identity()));
        return ids.stream().map(byId::get).filter(Objects::nonNull).toList();
    }

    /** A notice's view from a row with {@link #DISBURSEMENT_COLUMNS}. */
    public DisbursementView disbursement(Row r, String contractNo, String accountNo) throws SQLException {
        String lender = r.getString("bank_code");
        return new DisbursementView(r.getLong("id"), r.getString("serial_no"), contractNo, accountNo,
                r.getBigDecimal("amount"), r.getString("loan_type"), time(r, "disbursed_at"), time(r, "received_at"),
                time(r, "due_at"), LoanDisbursement.Status.valueOf(r.getString("status")), lender,
                r.getBigDecimal("matched_amount"), r.getBoolean("late_arrival"), lender, r.getLong("project_id"),
                time(r, "overdue_at"), time(r, "funds_arrived_at"), time(r, "withdrawn_at"), r.getString("withdrawal_reason"));
    }

    /** A transaction's view from a row with {@link #TRANSACTION_COLUMNS} and matched_serial, matched_status, matched_lender. */
    public TransactionView transaction(Row r, String accountNo) throws SQLException {
        String matchedSerial = r.getString("matched_serial");
        MatchedDisbursement matched = matchedSerial == null ? null
                : new MatchedDisbursement(matchedSerial, LoanDisbursement.Status.valueOf(r.getString("matched_status")),
                        r.getString("matched_lender"));
        return new TransactionView(r.getLong("id"), r.getString("serial_no"), accountNo, r.getString("direction"),
                r.getBigDecimal("amount"), r.getString("purpose"), time(r, "booked_at"), r.getBigDecimal("balance_after"),
                matched, r.getString("contract_no"), r.getString("disbursement_serial_no"),
                r.getString("disbursement_lender_code"), r.getString("counterparty_name"),
                r.getString("counterparty_account_no"), r.getString("reverses_serial_no"), r.getString("release_no"),
                r.getString("payment_notice_no"));
    }

    private OffsetDateTime time(Row r, String column) throws SQLException {
        Instant at = r.getInstant(column);
        return at == null ? null : clock.inZone(at);
    }
}

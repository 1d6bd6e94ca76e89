package cn.escrow.loans;

import cn.escrow.bank.BankViews.DisbursementView;
import cn.escrow.bank.LoanDisbursement;
import cn.escrow.bank.PushViews;
import cn.escrow.platform.Jdbc;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Pages of loan notices for bureau staff, and for enterprise staff their own projects' only: a project of
 * another enterprise answers 404, as an unknown one does, so its existence is not revealed.
 */
@ApplicationScoped
public class LoanNoticeList {

    /** The filters of the list; any may be null. */
    public record Filter(LoanDisbursement.Status status, Long projectId, String lenderCode, Instant dueFrom, Instant dueTo,
                         Boolean everOverdue) {
    }

    /** A page of notices and the total they were taken from. */
    public record Page(List<DisbursementView> items, long total) {
    }

    private final Jdbc jdbc;
    private final PushViews views;

    public LoanNoticeList(Jdbc jdbc, PushViews views) {
        this.jdbc = jdbc;
        this.views = views;
    }

    public Page page(Caller caller, Filter f, PageRequest paging) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> params = new ArrayList<>();
        if (caller.isEnterpriseOnly()) {
            if (f.projectId() != null && jdbc.first("SELECT 1 AS own FROM project WHERE id = ? AND enterprise_id = ?",
                    r -> r.getInt("own"), f.projectId(), caller.enterpriseId()) == null) {
                throw new NotFound("Project " + f.projectId());
            }
            where.append(" AND project_id IN (SELECT id FROM project WHERE enterprise_id = ?)");
            params.add(caller.enterpriseId());
        }
        add(where, params, " AND status = ?", f.status() == null ? null : f.status().name());
        add(where, params, " AND project_id = ?", f.projectId());
        add(where, params, " AND bank_code = ?", f.lenderCode());
        add(where, params, " AND due_at >= ?", f.dueFrom());
        add(where, params, " AND due_at < ?", f.dueTo());
        if (f.everOverdue() != null) {
            where.append(f.everOverdue() ? " AND overdue_at IS NOT NULL" : " AND overdue_at IS NULL");
        }
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(paging.size());
        pageParams.add(paging.offset());
        List<Long> ids = jdbc.list("SELECT id FROM loan_disbursement" + where + " ORDER BY due_at, id LIMIT ? OFFSET ?",
                r -> r.getLong("id"), pageParams.toArray());
        long total = jdbc.first("SELECT count(*) AS n FROM loan_disbursement" + where, r -> r.getLong("n"), params.toArray());
        return new Page(views.disbursements(ids), total);
    }

    private static void add(StringBuilder where, List<Object> params, String condition, Object value) {
        if (value != null) {
            where.append(condition);
            params.add(value);
        }
    }
}

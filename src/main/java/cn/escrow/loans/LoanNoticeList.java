package cn.escrow.loans;

import cn.escrow.bank.BankViews.DisbursementView;
import cn.escrow.bank.LoanDisbursement;
import cn.escrow.bank.PushViews;
import cn.escrow.platform.db.Sql;
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

    private final Sql sql;
    private final PushViews views;

    public LoanNoticeList(Sql sql, PushViews views) {
        this.sql = sql;
        this.views = views;
    }

    public Page page(Caller caller, Filter f, PageRequest paging) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> params = new ArrayList<>();
        if (caller.isEnterpriseOnly()) {
            if (f.projectId() != null && sql.one("SELECT 1 AS own FROM project WHERE id = :project AND enterprise_id = :enterprise",
                    r -> r.getInt("own"), "project", f.projectId(), "enterprise", caller.enterpriseId()) == null) {
                throw new NotFound("Project " + f.projectId());
            }
            add(where, params, " AND project_id IN (SELECT id FROM project WHERE enterprise_id = :enterprise)", "enterprise",
                    caller.enterpriseId());
        }
        if (!caller.divisions().unlimited()) {
            add(where, params, " AND project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divisions))", "divisions",
                    caller.divisions().likePatterns());
        }
        add(where, params, " AND status = :status", "status", f.status() == null ? null : f.status().name());
        add(where, params, " AND project_id = :project", "project", f.projectId());
        add(where, params, " AND bank_code = :lender", "lender", f.lenderCode());
        add(where, params, " AND due_at >= :due_from", "due_from", f.dueFrom());
        add(where, params, " AND due_at < :due_to", "due_to", f.dueTo());
        if (f.everOverdue() != null) {
            where.append(f.everOverdue() ? " AND overdue_at IS NOT NULL" : " AND overdue_at IS NULL");
        }
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.addAll(List.of("limit", paging.size(), "offset", paging.offset()));
        List<Long> ids = sql.list("SELECT id FROM loan_disbursement" + where + " ORDER BY due_at, id LIMIT :limit OFFSET :offset",
                r -> r.getLong("id"), pageParams.toArray());
        long total = sql.number("SELECT count(*) FROM loan_disbursement" + where, params.toArray());
        return new Page(views.disbursements(ids), total);
    }

    /** A condition with its one named parameter, when the filter is set. */
    private static void add(StringBuilder where, List<Object> params, String condition, String name, Object value) {
        if (value != null) {
            where.append(condition);
            params.add(name);
            params.add(value);
        }
    }
}

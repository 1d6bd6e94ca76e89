package cn.escrow.lifecycle;

import cn.escrow.lifecycle.LifecycleViews.LifecycleView;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * What must be settled before a project's supervision ends: first registration recorded, no release awaiting a
 * decision or payment, no account change open, no court freeze in force, every cancelled contract's refund paid, no
 * loan notice still awaiting its money. Read in one statement.
 */
@ApplicationScoped
public class Obligations {

    private final Sql sql;

    public Obligations(Sql sql) {
        this.sql = sql;
    }

    /** 409 {@code conflict} naming every obligation still open ({@code unmet}). */
    public void requireMet(long projectId, LifecycleView lifecycle) {
        List<String> unmet = new ArrayList<>();
        if (lifecycle.registrationCertificateNo() == null) {
            unmet.add("FIRST_REGISTRATION_NOT_RECORDED");
        }
        unmet.addAll(sql.one("""
                SELECT array_remove(ARRAY[
                    CASE WHEN EXISTS (SELECT 1 FROM release_application WHERE project_id = :p AND status IN ('APPLIED', 'APPROVED'))
                         THEN 'RELEASES_OPEN' END,
                    CASE WHEN EXISTS (SELECT 1 FROM account_change WHERE project_id = :p AND status = 'APPLIED')
                         THEN 'ACCOUNT_CHANGE_OPEN' END,
                    CASE WHEN EXISTS (SELECT 1 FROM judicial_action WHERE project_id = :p AND action = 'FREEZE' AND lifted_at IS NULL)
                         THEN 'COURT_FREEZE_IN_FORCE' END,
                    CASE WHEN EXISTS (SELECT 1 FROM contract WHERE project_id = :p AND status = 'CANCELLED' AND refunded < refund_due)
                         THEN 'REFUNDS_UNPAID' END,
                    CASE WHEN EXISTS (SELECT 1 FROM loan_disbursement WHERE project_id = :p AND status IN ('AWAITING_FUNDS', 'OVERDUE'))
                         THEN 'LOAN_MONEY_AWAITED' END], NULL) AS unmet""",
                r -> r.getStringList("unmet"), "p", projectId));
        if (!unmet.isEmpty()) {
            throw new Unmet(unmet);
        }
    }

    /** Supervision cannot end yet: 409 {@code conflict} with the open obligations in {@code unmet}. */
    public static class Unmet extends Conflict {
        private final List<String> unmet;

        Unmet(List<String> unmet) {
            super("Supervision cannot end while obligations are open: " + String.join(", ", unmet));
            this.unmet = List.copyOf(unmet);
        }

        @Override
        public Problem problem() {
            return super.problem().with("unmet", unmet);
        }
    }
}

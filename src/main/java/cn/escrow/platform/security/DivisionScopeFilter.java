package cn.escrow.platform.security;

import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.NotFound;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one place where a person limited to divisions is kept to them on every path that names an object: the
 * object a path names ({@code /projects/{id}/...}, {@code /accounts/{no}/...}, {@code /contracts/{no}},
 * {@code /releases/{no}}, {@code /alerts/{id}}, ...) and a {@code projectId} query filter are resolved to their
 * project's division; outside the person's divisions the answer is 404, as for an object that does not exist.
 * Lists without a project filter narrow themselves through {@link Caller#divisions()}; an unknown object is left
 * to its endpoint's own 404.
 */
@ApplicationScoped
public class DivisionScopeFilter {

    /** What a path's first segment (after {@code /api/v1/}) names, and the SQL finding its project's division. */
    private record Target(String what, boolean numeric, String divisionSql) {
    }

    private static final Map<String, Target> TARGETS = Map.ofEntries(
            Map.entry("projects", new Target("Project", true, "SELECT division_code FROM project WHERE id = :key")),
            Map.entry("accounts", new Target("Account", false, """
                    SELECT p.division_code FROM supervised_account a JOIN project p ON p.id = a.project_id WHERE a.account_no = :key""")),
            Map.entry("contracts", new Target("Contract", false, """
                    SELECT p.division_code FROM contract c JOIN project p ON p.id = c.project_id WHERE c.contract_no = :key""")),
            Map.entry("releases", new Target("Release", false, """
                    SELECT p.division_code FROM release_application r JOIN project p ON p.id = r.project_id WHERE r.release_no = :key""")),
            Map.entry("release-instructions", new Target("Release instruction", false, """
                    SELECT p.division_code FROM release_application r JOIN project p ON p.id = r.project_id WHERE r.release_no = :key""")),
            Map.entry("alerts", new Target("Alert", true, """
                    SELECT p.division_code FROM alert a JOIN project p ON p.id = a.project_id WHERE a.id = :key""")),
            Map.entry("rectifications", new Target("Rectification", true, """
                    SELECT p.division_code FROM rectification r JOIN project p ON p.id = r.project_id WHERE r.id = :key""")),
            Map.entry("spot-checks", new Target("Spot check", true, """
                    SELECT p.division_code FROM spot_check s JOIN project p ON p.id = s.project_id WHERE s.id = :key""")),
            Map.entry("loan-disbursements", new Target("Loan notice", true, """
                    SELECT p.division_code FROM loan_disbursement d JOIN project p ON p.id = d.project_id WHERE d.id = :key""")),
            Map.entry("payees", new Target("Payee", true, """
                    SELECT p.division_code FROM payee y JOIN project p ON p.id = y.project_id WHERE y.id = :key""")),
            Map.entry("refund-applications", new Target("Refund application", true, """
                    SELECT p.division_code FROM refund_application r JOIN project p ON p.id = r.project_id WHERE r.id = :key""")),
            Map.entry("account-changes", new Target("Account change", false, """
                    SELECT p.division_code FROM account_change c JOIN project p ON p.id = c.project_id WHERE c.change_no = :key""")),
            Map.entry("payment-notices", new Target("Payment notice", false, """
                    SELECT p.division_code FROM payment_notice n JOIN project p ON p.id = n.project_id WHERE n.notice_no = :key""")),
            Map.entry("account-transactions", new Target("Account transaction", true, """
                    SELECT p.division_code FROM account_transaction t JOIN project p ON p.id = t.project_id WHERE t.id = :key""")));

    /**
     * The first path segments (after {@code /api/v1/}) followed by an id that name something of no single project,
     * so no division: enterprises, people, machine clients, the shared node list, sweep runs, report kinds. Every
     * other such segment must be in {@link #TARGETS}; {@code DivisionScopeTest} checks the OpenAPI document for it.
     */
    private static final Set<String> CITY_WIDE = Set.of("enterprises", "users", "clients", "construction-nodes",
            "overdue-sweeps", "rectification-sweeps", "reports", "dashboards", "audit-events", "signing-events", "risk-board");

    /** Every first path segment this filter has decided on, scoped to a division or city-wide (for the coverage test). */
    public static Set<String> knownRoots() {
        Set<String> known = new java.util.TreeSet<>(TARGETS.keySet());
        known.addAll(CITY_WIDE);
        return known;
    }

    @Inject
    SecurityIdentity identity;

    @Inject
    Sql sql;

    @ServerRequestFilter
    public void keepToDivisions(ContainerRequestContext request) {
        // Non-blocking endpoints (the signed bank pushes, on the IO thread) serve machine clients only, which no division
        // limits; a person's identity and the look-up below need a worker thread.
        if (Context.isOnEventLoopThread() || !hasBasicCredentials(request) || identity == null || identity.isAnonymous()) {
            return;
        }
        DivisionScope scope = identity.getAttribute(Callers.DIVISIONS);
        if (scope == null || scope.unlimited()) {
            return;
        }
        List<String> segments = List.of(request.getUriInfo().getPath().replaceAll("^/+", "").split("/"));
        if (segments.size() < 3 || !"api".equals(segments.get(0))) {
            return;
        }
        int first = "bank".equals(segments.get(2)) ? 3 : 2;
        if (segments.size() > first + 1) {
            check(scope, TARGETS.get(segments.get(first)), segments.get(first + 1));
        }
        for (String projectId : request.getUriInfo().getQueryParameters().getOrDefault("projectId", List.of())) {
            check(scope, TARGETS.get("projects"), projectId);
        }
    }

    private static boolean hasBasicCredentials(ContainerRequestContext request) {
        String authorization = request.getHeaderString("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    private void check(DivisionScope scope, Target target, String key) {
        if (target == null || (target.numeric() && !key.matches("^[0-9]{1,18}$"))) {
            return; // not an object path, or a malformed id its endpoint refuses (400)
        }
        Object value = target.numeric() ? (Object) Long.valueOf(key) : key;
        String division = sql.one(target.divisionSql(), row -> row.getString("division_code"), "key", value);
        if (division != null && !scope.covers(division)) {
            throw new NotFound(target.what() + " " + key);
        }
    }
}

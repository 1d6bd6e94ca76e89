package cn.escrow.platform.http;

import cn.escrow.platform.error.PasswordChangeRequired;
import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemType;
import cn.escrow.platform.error.Unauthenticated;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * {@code /q/metrics} only for a MONITOR or ADMIN person (issue 14: the metrics were public and named the banks):
 * 401 without valid credentials, 403 for any other role. Runs after the authentication filter (priority 200),
 * which attaches the request's deferred identity, and before the metrics handler.
 */
@Singleton
public class MetricsAccess {

    @RouteFilter(150)
    void guardMetrics(RoutingContext rc) {
        if (!rc.normalizedPath().startsWith("/q/metrics")) {
            rc.next();
            return;
        }
        Context context = Vertx.currentContext();
        QuarkusHttpUser.getSecurityIdentity(rc, null).subscribe().with(
                identity -> on(context, () -> decide(rc, identity)),
                failure -> on(context, () -> ProblemReplies.send(rc, new Unauthenticated().problem())));
    }

    private static void decide(RoutingContext rc, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            ProblemReplies.send(rc, new Unauthenticated().problem());
        } else if (Callers.mustChangePassword(identity)) {
            ProblemReplies.send(rc, new PasswordChangeRequired().problem());
        } else if (identity.hasRole(Roles.MONITOR) || identity.hasRole(Roles.ADMIN)) {
            rc.next();
        } else {
            ProblemReplies.send(rc, Problem.of(ProblemType.FORBIDDEN, "The metrics are for MONITOR and ADMIN"));
        }
    }

    private static void on(Context context, Runnable action) {
        if (context == null || Vertx.currentContext() == context) {
            action.run();
        } else {
            context.runOnContext(ignored -> action.run());
        }
    }
}

package cn.escrow.platform.http;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.RateLimitedLog;
import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemType;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses a browser's cross-site write made with cached Basic credentials (issue 14, finding 4: a body-less POST
 * from another site approved a release): a POST, PUT, DELETE or PATCH with an {@code Authorization: Basic} header
 * and {@code Sec-Fetch-Site: cross-site}, or an {@code Origin} not in {@code escrow.http.allowed-origins}, answers 403
 * {@code forbidden} before authentication and before anything changes. Machine clients sign each request and send
 * no Basic header, so they are not affected; a browser cannot make a site send their signature.
 */
@Singleton
public class CrossSiteRequests {

    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);

    private final Set<String> allowedOrigins;
    private final RateLimitedLog log;

    public CrossSiteRequests(EscrowConfig config) {
        this.allowedOrigins = config.http().allowedOrigins().orElse(List.of()).stream()
                .map(CrossSiteRequests::normalise).collect(Collectors.toUnmodifiableSet());
        this.log = new RateLimitedLog(CrossSiteRequests.class, config.login().logLinesPerMinute());
    }

    /** Before the body limit (which may read a body) and before authentication (which costs a bcrypt check). */
    @RouteFilter(1050)
    void refuseCrossSiteWrites(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String why = WRITES.contains(request.method()) && isBasic(request.getHeader("Authorization")) ? crossSite(request) : null;
        if (why == null) {
            rc.next();
            return;
        }
        log.warn("Refused a cross-site %s %s with Basic credentials from %s: %s", request.method(),
                RateLimitedLog.printable(request.path()), request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress(), why);
        ProblemReplies.send(rc, Problem.of(ProblemType.FORBIDDEN, "A cross-site request with Basic credentials is refused ("
                + why + "); call from an allowed origin"));
    }

    /** Why the request is cross-site, or null when it is not. */
    private String crossSite(HttpServerRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && site.trim().equalsIgnoreCase("cross-site")) {
            return "Sec-Fetch-Site: cross-site";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !allowedOrigins.contains(normalise(origin))) {
            return "Origin not allowed";
        }
        return null;
    }

    private static boolean isBasic(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Basic", 0, 5);
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}

package cn.escrow.platform.http;

import cn.escrow.platform.EscrowConfig;
import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * Headers on every answer, whoever writes it (a resource, a mapper, a route filter, the framework):
 * {@code X-Content-Type-Options: nosniff}; {@code Cache-Control: no-store} on the API and the metrics, whose answers
 * carry personal and account data; {@code Strict-Transport-Security} when {@code escrow.http.hsts} is set. A
 * {@code Location} is never built from the request's {@code Host}, which the caller chooses: JAX-RS makes a
 * relative Location absolute with it, so it is turned back into a path, or put on {@code escrow.http.public-base-url}.
 */
@Singleton
public class SecurityHeaders {

    private final String hsts;
    private final String baseUrl;

    @Inject
    public SecurityHeaders(EscrowConfig config) {
        this(config.http().hsts(), config.http().hstsMaxAge(), config.http().publicBaseUrl().orElse(null));
    }

    SecurityHeaders(boolean hsts, Duration hstsMaxAge, String publicBaseUrl) {
        this.hsts = hsts ? "max-age=" + hstsMaxAge.toSeconds() : null;
        this.baseUrl = publicBaseUrl == null ? "" : publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1)
                : publicBaseUrl;
    }

    /** First of all filters, so that even an early refusal (a 413, a cross-site 403) carries the headers. */
    @RouteFilter(1100)
    void addHeaders(RoutingContext rc) {
        String path = rc.normalizedPath();
        boolean noStore = path.startsWith("/api/") || path.startsWith("/q/metrics");
        rc.addHeadersEndHandler(ignored -> apply(rc.response().headers(), noStore));
        rc.next();
    }

    void apply(MultiMap headers, boolean noStore) {
        headers.set("X-Content-Type-Options", "nosniff");
        if (noStore) {
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        if (hsts != null) {
            headers.set("Strict-Transport-Security", hsts);
        }
        String location = headers.get(HttpHeaders.LOCATION);
        if (location != null) {
            headers.set(HttpHeaders.LOCATION, location(location));
        }
    }

    /** The path (and query) of a Location, on the configured base URL if there is one. */
    String location(String location) {
        try {
            URI uri = new URI(location);
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return baseUrl + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (URISyntaxException e) {
            return baseUrl + "/";
        }
    }
}

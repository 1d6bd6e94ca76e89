package cn.escrow.platform.http;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses bodies over 64 KiB with a 413 problem body before anything reads them. A chunked body
 * without Content-Length is cut off by {@code quarkus.http.limits.max-body-size} (also 64K).
 */
public class BodyLimitFilter {

    static final long MAX_BODY_BYTES = 64 * 1024;

    static final String TOO_LARGE = "{\"type\":\"/problems/payload-too-large\",\"title\":\"Payload too large\","
            + "\"status\":413,\"detail\":\"The body is over 64 KiB\"}";

    @RouteFilter(1000)
    void limit(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length)) {
            rc.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(TOO_LARGE);
            return;
        }
        rc.next();
    }

    private static boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}

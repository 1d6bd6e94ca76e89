package cn.escrow.platform.http;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses bodies over 64 KiB with a 413 problem body before anything reads them. A body sent
 * without Content-Length (chunked) is read here, up to the limit, and handed on buffered: left to
 * the framework's own limit ({@code quarkus.http.limits.max-body-size}), it would get a bare 413
 * without a problem body.
 */
public class BodyLimitFilter {

    static final long MAX_BODY_BYTES = 64 * 1024;

    static final String TOO_LARGE = "{\"type\":\"/problems/payload-too-large\",\"title\":\"Payload too large\","
            + "\"status\":413,\"detail\":\"The body is over 64 KiB\"}";

    @RouteFilter(1000)
    void limit(RoutingContext rc) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length)) {
            tooLarge(rc);
            return;
        }
        HttpServerRequest request = rc.request();
        if (length != null || request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null || request.isEnded()) {
            rc.next();
            return;
        }
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (rc.response().ended()) {
                return;
            }
            if (body.length() + chunk.length() > MAX_BODY_BYTES) {
                tooLarge(rc);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ended -> {
            if (!rc.response().ended()) {
                rc.setBody(body);
                rc.next();
            }
        });
        request.resume();
    }

    private static void tooLarge(RoutingContext rc) {
        rc.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(TOO_LARGE);
    }

    private static boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}

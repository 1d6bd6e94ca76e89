package cn.escrow.platform.http;

import io.quarkus.vertx.web.RouteFilter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses bodies over {@code escrow.http.max-body-size} with a 413 problem body before anything reads them. A body sent
 * without Content-Length (chunked) is read here, up to the limit, and handed on buffered: left to
 * the framework's own limit ({@code quarkus.http.limits.max-body-size}), it would get a bare 413
 * without a problem body.
 */
public class BodyLimitFilter {

    private final long maxBodyBytes;
    private final String tooLarge;

    public BodyLimitFilter(BodyLimit limit) {
        this.maxBodyBytes = limit.bytes();
        this.tooLarge = "{\"type\":\"/problems/payload-too-large\",\"title\":\"Payload too large\","
                + "\"status\":413,\"detail\":\"" + limit.detail() + "\"}";
    }

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
            if (body.length() + chunk.length() > maxBodyBytes) {
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

    private void tooLarge(RoutingContext rc) {
        rc.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(tooLarge);
    }

    private boolean isOver(String length) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}

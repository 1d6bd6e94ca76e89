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

    private final BodyLimit limit;

    public BodyLimitFilter(BodyLimit limit) {
        this.limit = limit;
    }

    private static String problem(String detail) {
        return "{\"type\":\"/problems/payload-too-large\",\"title\":\"Payload too large\","
                + "\"status\":413,\"detail\":\"" + detail + "\"}";
    }

    @RouteFilter(1000)
    void limit(RoutingContext rc) {
        boolean upload = BodyLimit.isUpload(rc.request().method().name(), rc.request().path());
        long maxBodyBytes = upload ? limit.uploadBytes() : limit.bytes();
        String tooLarge = problem(upload ? limit.uploadDetail() : limit.detail());
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && isOver(length, maxBodyBytes)) {
            tooLarge(rc, tooLarge);
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
                tooLarge(rc, tooLarge);
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

    private static void tooLarge(RoutingContext rc, String tooLarge) {
        rc.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(tooLarge);
    }

    private static boolean isOver(String length, long maxBodyBytes) {
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}

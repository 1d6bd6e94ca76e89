package cn.escrow.platform.http;

import cn.escrow.platform.error.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Problem bodies answered by route filters, before any JAX-RS resource (and its exception mappers) is reached. */
final class ProblemReplies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemReplies() {
    }

    static void send(RoutingContext rc, Problem problem) {
        String body;
        try {
            body = JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        var response = rc.response().setStatusCode(problem.status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        if (problem.status == 401) {
            response.putHeader("WWW-Authenticate", "Basic realm=\"escrow\"");
        }
        response.end(body);
    }
}

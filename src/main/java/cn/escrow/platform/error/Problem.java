package cn.escrow.platform.error;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An RFC 9457 problem body: {@code type}, {@code title}, {@code status}, {@code detail}, plus extensions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";

    public final String type;
    public final String title;
    public final int status;
    public final String detail;
    public final List<Violation> violations;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    /** Seconds for the Retry-After header (not part of the body); 503 defaults to 5. */
    private Long retryAfterSeconds;

    private Problem(String slug, String title, int status, String detail, List<Violation> violations) {
        this.type = "/problems/" + slug;
        this.title = title;
        this.status = status;
        this.detail = detail;
        this.violations = violations;
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type.slug, type.title, type.status, detail, null);
    }

    public static Problem invalid(String detail, List<Violation> violations) {
        ProblemType t = ProblemType.VALIDATION_FAILED;
        return new Problem(t.slug, t.title, t.status, detail, violations);
    }

    public Problem with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    /** Sends {@code Retry-After} with this many seconds. */
    public Problem retryAfter(long seconds) {
        this.retryAfterSeconds = seconds;
        return this;
    }

    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }

    public Response toResponse() {
        Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(this);
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", String.valueOf(retryAfterSeconds));
        } else if (status == 503) {
            builder.header("Retry-After", "5");
        }
        if (status == 401) {
            builder.header("WWW-Authenticate", "Basic realm=\"escrow\"");
        }
        return builder.build();
    }

    /** One broken field rule. */
    public record Violation(String field, String message) {
    }
}

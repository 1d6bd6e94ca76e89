package cn.escrow.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import java.util.Arrays;
import java.util.List;

/**
 * Asserts that a refusal of bad input is a client error (4xx, never a 5xx) whose problem body gives nothing of the
 * implementation away: no class names, stack traces or SQL.
 */
public final class NoLeaks {

    private static final String[] TELLTALES = {
        "Exception", "org.", "java.", "jakarta.", "io.quarkus", "com.fasterxml", "Hibernate", "PSQL",
        "SELECT ", "INSERT ", "UPDATE ", "DELETE ", " FROM ", "duplicate key", "violates", "constraint", "SQLState",
        "\tat ", "ERROR:"
    };

    private NoLeaks() {
    }

    /** The response is a 4xx problem+json body that mentions none of the telltales. */
    public static void assertProblemWithoutLeaks(Response response) {
        assertProblemWithoutLeaks("the request", response);
    }

    /** As above; {@code request} names the request in failure messages. */
    public static void assertProblemWithoutLeaks(String request, Response response) {
        String body = response.asString();
        assertThat(response.statusCode()).as("status for %s: %s", request, body).isBetween(400, 499);
        assertThat(response.contentType()).as("content type for %s: %s", request, body).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("type")).as("problem type for %s: %s", request, body).startsWith("/problems/");
        assertThat(body).as("body for %s", request).doesNotContain(TELLTALES);
    }

    /** The telltales of a leak that occur in {@code text}, for callers that read responses without REST Assured. */
    public static List<String> telltalesIn(String text) {
        return Arrays.stream(TELLTALES).filter(text::contains).toList();
    }
}

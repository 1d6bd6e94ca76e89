package cn.escrow.platform.openapi;

import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemType;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The error side of every operation, in one place: the {@code Problem} schema (RFC 9457, with
 * {@code violations}); 401 and 403 on every operation that needs credentials; 400, 413 and 415 on every
 * operation with a body; 503 everywhere (the database may be unreachable); and a problem+json body on
 * every 4xx and 5xx response, whatever the endpoint declared. Endpoints declare only the errors that are
 * their own (404, 409, 422...), with a description saying when.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD, priority = 10)
public class ProblemResponsesFilter implements OASFilter {

    static final String PROBLEM = "Problem";
    static final String VIOLATION = "Violation";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        addSchemas(openAPI);
        Operations.forEach(openAPI, (path, method, operation) -> {
            APIResponses responses = operation.getResponses();
            if (responses == null) {
                return;
            }
            if (Operations.secured(operation)) {
                addIfAbsent(responses, "401", Operations.allows(operation, Operations.CLIENT_SIGNATURE)
                        ? "unauthenticated: missing, wrong or expired credentials or signature (one body for every cause; "
                          + "the service logs the reason)"
                        : "unauthenticated: missing, wrong or expired credentials (one body for every cause)");
                addIfAbsent(responses, "403", "forbidden: the caller's role or scope does not allow this");
            }
            if (operation.getRequestBody() != null) {
                addIfAbsent(responses, "400", "malformed-request or validation-failed (see violations)");
                addIfAbsent(responses, "413", "payload-too-large: the body is over escrow.http.max-body-size");
                addIfAbsent(responses, "415", "unsupported-media-type: send application/json");
            }
            addIfAbsent(responses, "503", "service-unavailable: the database is unreachable or the service is overloaded; "
                    + "retry after Retry-After seconds");
            responses.getAPIResponses().forEach((code, response) -> {
                if (code.startsWith("4") || code.startsWith("5")) {
                    asProblem(code, response);
                }
            });
        });
    }

    private static void addIfAbsent(APIResponses responses, String code, String description) {
        if (responses.getAPIResponse(code) == null) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    /** Whatever the endpoint said about the body of an error, it is a problem+json {@code Problem}. */
    private static void asProblem(String code, APIResponse response) {
        response.setContent(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(Operations.ref(PROBLEM))));
        if (code.equals("429") || code.equals("503")) {
            response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(java.math.BigDecimal.ONE)));
        }
    }

    private static void addSchemas(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        String types = Arrays.stream(ProblemType.values()).map(t -> "`/problems/" + t.slug + "` (" + t.status + ")")
                .collect(Collectors.joining(", "));
        openAPI.getComponents().addSchema(VIOLATION, object("One broken field rule")
                .addProperty("field", string("The field, as a JSON path: `amount`, `nodes[0].code`; `query` for a query parameter")
                        .examples(List.of("amount")))
                .addProperty("message", string("What the rule is").examples(List.of("must be an amount > 0 and <= 999999999999.99 "
                        + "with at most 2 decimals")))
                .required(List.of("field", "message")));
        Schema problem = object("An RFC 9457 problem (application/problem+json). The type is one of " + types + ".")
                .addProperty("type", string("`/problems/<slug>`: what went wrong, for programs").examples(List.of(
                        "/problems/validation-failed")))
                .addProperty("title", string("The type's short title").examples(List.of("Validation failed")))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                        .description("The HTTP status").examples(List.of(400)))
                .addProperty("detail", string("This occurrence, for people").examples(List.of("The request breaks 1 field rule(s)")))
                .addProperty("violations", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                        .items(Operations.ref(VIOLATION)).description("validation-failed only: every broken field rule"))
                .addProperty("rule", string("conflict on a release decision only: the rule that refused it, e.g. NODE_CAP_EXCEEDED"))
                .addProperty("expectedAccountName", string("account-name-nonstandard only: the name the rule expects"))
                .required(List.of("type", "title", "status"));
        if (openAPI.getComponents().getSchemas() != null && openAPI.getComponents().getSchemas().containsKey("SigningReason")) {
            problem.addProperty("reasons", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY)
                    .items(Operations.ref("SigningReason")).description("signing-disabled only: why the project's signing is off"));
        }
        openAPI.getComponents().addSchema(PROBLEM, problem);
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description(description);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}

package cn.escrow.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Describes the outbound signing webhook (cn.escrow.signing.webhook) as an OpenAPI 3.1 {@code webhooks} entry:
 * what the signing system receives, signed with the same headers its own requests carry, so that its side can
 * be generated from the same document.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class SigningWebhookFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Operation delivery = OASFactory.createOperation()
                .operationId("receiveSigningEvent")
                .summary("A signing event, pushed to the signing system (escrow.signing-webhook.url)")
                .description("One POST per event, in ascending seq; the body is the event as GET /api/v1/signing-events lists it. "
                        + "Signed under the current secret of the SIGNING_SYSTEM client escrow.signing-webhook.client-id, like a "
                        + "client request: X-Signature = v1= + lowercase hex HMAC-SHA256(secret, X-Timestamp \\n POST \\n "
                        + "request-target \\n body), where request-target is the webhook URL's path and query. Any answer but 2xx "
                        + "is retried with exponential backoff, and the next event waits. At least once: after a crash the "
                        + "last event may come again, so de-duplicate by seq.")
                .addTag("Online signing control")
                // The receiver checks the signature as the service checks a client's: the same scheme.
                .addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(Operations.CLIENT_SIGNATURE))
                .requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType().schema(Operations.ref("SigningEvent")))))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("2XX", OASFactory.createAPIResponse().description("Taken; the next event follows"))
                        .addAPIResponse("default", OASFactory.createAPIResponse().description("Not taken: retried with backoff")));
        header(delivery, "X-Client-Id", "The SIGNING_SYSTEM client whose secret signed the delivery");
        header(delivery, "X-Timestamp", "Unix epoch seconds of the service clock");
        header(delivery, "X-Signature", "v1= + lowercase hex HMAC-SHA256(secret, timestamp \\n POST \\n request-target \\n body)");
        openAPI.addWebhook("signingEvent", OASFactory.createPathItem().POST(delivery));
    }

    private static void header(Operation operation, String name, String description) {
        operation.addParameter(OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(true)
                .description(description).schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
    }
}

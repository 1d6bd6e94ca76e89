package cn.escrow.platform;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Documents the three signature headers on every bank push (paths under /api/v1/bank/) in one
 * place, instead of repeating the same annotations on each push endpoint; and the signed outbound
 * signing webhook, which carries the same headers the other way (OpenAPI 3.1 {@code webhooks}).
 */
public class SignatureHeadersFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/v1/bank/")) {
                item.getOperations().values().forEach(op -> signatureHeaders(op, "The bank's client id"));
            }
        });
        Operation delivery = OASFactory.createOperation()
                .summary("A signing event, pushed to the signing system (escrow.signing-webhook.url)")
                .description("One POST per event, in ascending seq; the body is the event as GET /api/v1/signing-events lists it. "
                        + "Signed under the current secret of the SIGNING_SYSTEM client escrow.signing-webhook.client-id; the "
                        + "request-target is the webhook URL's path and query. Any answer but 2xx is retried with exponential "
                        + "backoff, and the next event waits. At least once: after a crash the last event may come again, so "
                        + "de-duplicate by seq.")
                .requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("SigningEvent")))))
                .responses(OASFactory.createAPIResponses()
                        .addAPIResponse("2XX", OASFactory.createAPIResponse().description("Taken; the next event follows"))
                        .addAPIResponse("default", OASFactory.createAPIResponse().description("Not taken: retried with backoff")));
        signatureHeaders(delivery, "The SIGNING_SYSTEM client whose secret signed the delivery");
        openAPI.addWebhook("signingEvent", OASFactory.createPathItem().POST(delivery));
    }

    private static void signatureHeaders(Operation op, String clientId) {
        op.addParameter(header("X-Client-Id", clientId));
        op.addParameter(header("X-Timestamp", "Unix epoch seconds; at most 300 s from the service clock"));
        op.addParameter(header("X-Signature",
                "v1= + lowercase hex HMAC-SHA256(secret, timestamp \\n METHOD \\n request-target \\n raw body)"));
    }

    private static Parameter header(String name, String description) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(true).description(description)
                .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING));
    }
}

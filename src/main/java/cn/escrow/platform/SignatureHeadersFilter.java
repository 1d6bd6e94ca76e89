package cn.escrow.platform;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Documents the three signature headers on every bank push (paths under /api/v1/bank/) in one
 * place, instead of repeating the same annotations on each push endpoint.
 */
public class SignatureHeadersFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/v1/bank/")) {
                item.getOperations().values().forEach(op -> {
                    op.addParameter(header("X-Client-Id", "The bank's client id"));
                    op.addParameter(header("X-Timestamp", "Unix epoch seconds; at most 300 s from the service clock"));
                    op.addParameter(header("X-Signature",
                            "v1= + lowercase hex HMAC-SHA256(secret, timestamp \\n METHOD \\n request-target \\n raw body)"));
                });
            }
        });
    }

    private static Parameter header(String name, String description) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(true).description(description)
                .schema(OASFactory.createSchema().addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING));
    }
}

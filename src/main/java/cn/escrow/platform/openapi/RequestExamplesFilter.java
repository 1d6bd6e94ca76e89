package cn.escrow.platform.openapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.MediaType;

/**
 * Gives every request body its example, read from {@value #FOLDER}{@code <operationId>.json}: one realistic,
 * valid body per operation (it fits the demo registry of dev mode, so Swagger UI's "Try it out" works
 * there), kept as plain JSON files that docs and tests can read too. {@code OpenApiLintTest} fails for an
 * operation with a body and no example file, and for an example its schema refuses.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class RequestExamplesFilter implements OASFilter {

    public static final String FOLDER = "openapi/examples/";

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Operations.forEach(openAPI, (path, method, operation) -> {
            if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null
                    || operation.getOperationId() == null) {
                return;
            }
            MediaType body = operation.getRequestBody().getContent().getMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
            Object example = read(operation.getOperationId());
            if (body != null && example != null) {
                body.setExample(example);
            }
        });
    }

    private Object read(String operationId) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(FOLDER + operationId + ".json")) {
            return in == null ? null : json.readValue(in, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the example " + FOLDER + operationId + ".json", e);
        }
    }
}

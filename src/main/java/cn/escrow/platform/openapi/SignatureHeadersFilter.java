package cn.escrow.platform.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * Documents {@code X-Client-Id} and {@code X-Timestamp} on every operation a machine client may call (its
 * security names {@code clientSignature}), instead of repeating them on each endpoint: required where
 * signing is the only way in, optional where a person may call with Basic instead. {@code X-Signature}
 * itself is the {@code clientSignature} scheme, so that generated clients set it in one place (it is
 * computed over the serialized body, which a caller of a generated method never sees).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class SignatureHeadersFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Operations.forEach(openAPI, (path, method, operation) -> {
            if (Operations.allows(operation, Operations.CLIENT_SIGNATURE)) {
                boolean required = !Operations.allows(operation, Operations.BASIC);
                add(operation, "X-Client-Id", "The machine client's id", "bank-ccb-3201", required);
                add(operation, "X-Timestamp", "Unix epoch seconds; at most 300 s from the service clock", "1793498400", required);
            }
        });
    }

    private static void add(Operation operation, String name, String description, String example, boolean required) {
        if (operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> name.equalsIgnoreCase(p.getName()))) {
            return;
        }
        operation.addParameter(OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(required)
                .description(description).example(example)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
    }
}

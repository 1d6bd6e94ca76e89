package cn.escrow.platform.openapi;

import cn.escrow.platform.PageRequest;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.math.BigDecimal;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Every paged list (an operation with a {@code page} query parameter, answered by
 * {@link PageRequest#respond}) declares its {@value PageRequest#TOTAL_HEADER} header on the 200 answer.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class PagedListsFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Operations.forEach(openAPI, (path, method, operation) -> {
            boolean paged = operation.getParameters() != null && operation.getParameters().stream()
                    .anyMatch(p -> "page".equals(p.getName()) && p.getIn() == org.eclipse.microprofile.openapi.models.parameters.Parameter.In.QUERY);
            APIResponse ok = operation.getResponses() == null ? null : operation.getResponses().getAPIResponse("200");
            if (paged && ok != null) {
                ok.addHeader(PageRequest.TOTAL_HEADER, OASFactory.createHeader()
                        .description("How many items match the filters, on every page")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int64").minimum(BigDecimal.ZERO)));
            }
        });
    }
}

package cn.escrow.platform.openapi;

import java.util.Map;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

/** Small helpers the OpenAPI filters share: visiting every operation, and what its security allows. */
final class Operations {

    static final String BASIC = "basic";
    static final String CLIENT_SIGNATURE = "clientSignature";

    private Operations() {
    }

    /** Something done to one operation, knowing its path and HTTP method. */
    interface Visitor {
        void visit(String path, PathItem.HttpMethod method, Operation operation);
    }

    static void forEach(OpenAPI openAPI, Visitor visitor) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            Map<PathItem.HttpMethod, Operation> operations = item.getOperations();
            if (operations != null) {
                operations.forEach((method, operation) -> visitor.visit(path, method, operation));
            }
        });
    }

    /** True when one of the operation's security alternatives names {@code scheme}. */
    static boolean allows(Operation operation, String scheme) {
        return operation.getSecurity() != null && operation.getSecurity().stream()
                .map(SecurityRequirement::getSchemes).anyMatch(s -> s != null && s.containsKey(scheme));
    }

    /** True when the caller must authenticate somehow: a non-empty requirement and no anonymous alternative. */
    static boolean secured(Operation operation) {
        return operation.getSecurity() != null && !operation.getSecurity().isEmpty() && operation.getSecurity().stream()
                .allMatch(r -> r.getSchemes() != null && !r.getSchemes().isEmpty());
    }

    static Schema ref(String componentName) {
        return org.eclipse.microprofile.openapi.OASFactory.createSchema().ref("#/components/schemas/" + componentName);
    }
}

package cn.escrow.supervision;

import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Name;
import cn.escrow.platform.validation.RequiredBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The city's construction nodes: how much of the key amount may be released in all once a node
 * is reached, and what must stay in the account. Data, not code: the ADMIN replaces the table.
 */
@Path("/api/v1/construction-nodes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Releases")
@SecurityRequirement(name = "basic")
public class NodeResource {

    private final NodeService nodes;
    private final Callers callers;

    public NodeResource(NodeService nodes, Callers callers) {
        this.nodes = nodes;
        this.callers = callers;
    }

    public record Node(@NotNull @Pattern(regexp = "^[A-Z0-9_]{1,32}$", message = "must be 1-32 of A-Z 0-9 _") String code,
                       @NotNull @Name String name,
                       @NotNull @Positive(message = "must be positive") Integer seq,
                       @NotNull @DecimalMin(value = "0", message = "must be 0-100")
                       @DecimalMax(value = "100", message = "must be 0-100") @Digits(integer = 3, fraction = 2, message = "at most 2 decimals")
                       @Schema(type = SchemaType.STRING, example = "70.00", description = "Cumulative share of the key amount releasable")
                       BigDecimal capPercent,
                       @NotNull @DecimalMin(value = "0", message = "must be 0-100")
                       @DecimalMax(value = "100", message = "must be 0-100") @Digits(integer = 3, fraction = 2, message = "at most 2 decimals")
                       @Schema(type = SchemaType.STRING, example = "5.00", description = "Share of the key amount that must stay in the account")
                       BigDecimal minRetainedPercent) {
    }

    public record NodeTable(@NotEmpty(message = "must list at least one node") @Size(max = 50, message = "at most 50 nodes")
                            List<@NotNull(message = "must not be null") @Valid Node> nodes) {
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listConstructionNodes", summary = "List the construction nodes", description = "Any staff role. In order; capPercent is cumulative.")
    @APIResponse(responseCode = "200", description = "The node table", content = @Content(schema = @Schema(implementation = Node[].class)))
    public List<Node> list() {
        return nodes.list();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "replaceConstructionNodes", summary = "Replace the construction node table", description = "Role: ADMIN. Codes and seq unique, capPercent "
            + "non-decreasing along seq. A node named by a release application cannot be removed (409).")
    @APIResponse(responseCode = "200", description = "The new table", content = @Content(schema = @Schema(implementation = Node[].class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "409", description = "conflict: a removed node is used by a release")
    public List<Node> replace(@Valid @RequiredBody NodeTable request) {
        return nodes.replace(callers.person(), request.nodes());
    }
}

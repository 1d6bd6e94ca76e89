package cn.escrow.collection;

import cn.escrow.collection.CollectionService.ContractCollection;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A contract's collection of buyer money. */
@Path("/api/v1/contracts/{contractNo}/collection")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collection")
@SecurityRequirement(name = "basic")
public class ContractCollectionResource {

    private final CollectionService collection;
    private final Callers callers;

    public ContractCollectionResource(CollectionService collection, Callers callers) {
        this.collection = collection;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getContractCollection", summary = "A contract's collection of buyer money",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own.")
    @APIResponse(responseCode = "200", description = "The collection", content = @Content(schema = @Schema(implementation = ContractCollection.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public ContractCollection contract(@PathParam("contractNo") String contractNo) {
        return collection.ofContract(callers.person(), contractNo);
    }
}

package cn.escrow.collection;

import cn.escrow.collection.AttributionService.Attribution;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.BusinessKey;
import cn.escrow.platform.validation.Reason;
import cn.escrow.platform.validation.RequiredBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
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

/** A supervisor attributes an unattributed credit (不明入账) to a contract. */
@Path("/api/v1/account-transactions/{transactionId}/attribution")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collection")
@SecurityRequirement(name = "basic")
public class AttributionResource {

    private final AttributionService attribution;
    private final Callers callers;

    public AttributionResource(AttributionService attribution, Callers callers) {
        this.attribution = attribution;
        this.callers = callers;
    }

    @Schema(name = "AttributeCredit")
    public record Attribute(@NotNull @BusinessKey String contractNo,
                            @Schema(description = "One of the contract's ISSUED or PAID notices this money pays; optional")
                            @Pattern(regexp = "^[A-Z0-9-]{1,32}$", message = "must be 1-32 characters of A-Z 0-9 -") String paymentNoticeNo,
                            @NotNull @Reason String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "attributeCredit", summary = "Attribute an unattributed credit to a contract",
            description = "Roles: SUPERVISOR, ADMIN. The credit (its id from the queue) counts for a contract of the same project "
                    + "from now on: its collection, the notice named (which it may settle) and the PENDING_FUNDS rule. Recorded beside "
                    + "the ledger, once: a second attribution answers 409.")
    @APIResponse(responseCode = "200", description = "Attributed", content = @Content(schema = @Schema(implementation = Attribution.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such transaction or contract in the caller's scope")
    @APIResponse(responseCode = "409", description = "conflict: not an unattributed buyer credit (attributed already), or the contract is cancelled")
    @APIResponse(responseCode = "422", description = "unknown-reference: the contract is another project's; payment-notice-mismatch: "
            + "the notice is not the contract's, or cancelled")
    public Attribution attribute(@PathParam("transactionId") long transactionId, @Valid @RequiredBody Attribute r) {
        return attribution.attribute(callers.person(), transactionId, r.contractNo(), r.paymentNoticeNo(), r.reason());
    }
}

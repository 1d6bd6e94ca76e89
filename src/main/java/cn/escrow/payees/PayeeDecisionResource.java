package cn.escrow.payees;

import cn.escrow.payees.PayeeService.PayeeView;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.ReasonRequest;
import cn.escrow.platform.validation.RequiredBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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

/** A supervisor's decision on a proposed payee (never the proposer's). */
@Path("/api/v1/payees/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Payees")
@SecurityRequirement(name = "basic")
public class PayeeDecisionResource {

    private final PayeeService payees;
    private final Callers callers;

    public PayeeDecisionResource(PayeeService payees, Callers callers) {
        this.payees = payees;
        this.callers = callers;
    }

    @POST
    @Path("/approval")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "approvePayee", summary = "Approve a proposed payee", description = "Roles: SUPERVISOR, ADMIN, not the proposer (403).")
    @APIResponse(responseCode = "200", description = "APPROVED", content = @Content(schema = @Schema(implementation = PayeeView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: not awaiting a decision")
    public PayeeView approve(@PathParam("id") long id, @Valid @RequiredBody ReasonRequest request) {
        return payees.decide(callers.person(), id, true, request.reason());
    }

    @POST
    @Path("/rejection")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "rejectPayee", summary = "Reject a proposed payee", description = "Roles: SUPERVISOR, ADMIN, not the proposer (403).")
    @APIResponse(responseCode = "200", description = "REJECTED", content = @Content(schema = @Schema(implementation = PayeeView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: not awaiting a decision")
    public PayeeView reject(@PathParam("id") long id, @Valid @RequiredBody ReasonRequest request) {
        return payees.decide(callers.person(), id, false, request.reason());
    }
}

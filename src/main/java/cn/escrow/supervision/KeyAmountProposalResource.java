package cn.escrow.supervision;

import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.ReasonRequest;
import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.supervision.KeyAmountProposals.KeyAmountProposal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Proposed decreases of a project's key amount and the second person's decision on them. */
@Path("/api/v1/projects/{projectId}/key-amount-proposals")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Key supervised amount")
@SecurityRequirement(name = "basic")
public class KeyAmountProposalResource {

    private final KeyAmountProposals proposals;
    private final Callers callers;

    public KeyAmountProposalResource(KeyAmountProposals proposals, Callers callers) {
        this.proposals = proposals;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listKeyAmountProposals", summary = "Proposed decreases of the project's key amount",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Newest first: PROPOSED, APPLIED or REJECTED, with who proposed and who decided.")
    @APIResponse(responseCode = "200", description = "The proposals", content = @Content(schema = @Schema(implementation = KeyAmountProposal[].class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<KeyAmountProposal> list(@PathParam("projectId") long projectId) {
        return proposals.list(projectId);
    }

    @POST
    @Path("/{proposalId}/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "approveKeyAmountProposal", summary = "Apply a proposed key amount decrease",
            description = "Roles: SUPERVISOR, ADMIN, not the proposer (403). The key amount becomes the proposed one (a key-amount "
                    + "change naming the proposal, set by the approver).")
    @APIResponse(responseCode = "200", description = "APPLIED", content = @Content(schema = @Schema(implementation = KeyAmountProposal.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project or proposal")
    @APIResponse(responseCode = "409", description = "conflict: not PROPOSED, or the key amount changed since it was proposed")
    public KeyAmountProposal approve(@PathParam("projectId") long projectId, @PathParam("proposalId") long proposalId,
                                     @Valid @RequiredBody ReasonRequest request) {
        return proposals.decide(callers.person(), projectId, proposalId, true, request.reason());
    }

    @POST
    @Path("/{proposalId}/rejection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "rejectKeyAmountProposal", summary = "Reject a proposed key amount decrease",
            description = "Roles: SUPERVISOR, ADMIN, not the proposer (403). The key amount stays.")
    @APIResponse(responseCode = "200", description = "REJECTED", content = @Content(schema = @Schema(implementation = KeyAmountProposal.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project or proposal")
    @APIResponse(responseCode = "409", description = "conflict: not PROPOSED")
    public KeyAmountProposal reject(@PathParam("projectId") long projectId, @PathParam("proposalId") long proposalId,
                                    @Valid @RequiredBody ReasonRequest request) {
        return proposals.decide(callers.person(), projectId, proposalId, false, request.reason());
    }
}

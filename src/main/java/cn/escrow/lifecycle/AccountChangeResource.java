package cn.escrow.lifecycle;

import cn.escrow.lifecycle.LifecycleViews.AccountChangeView;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.ReasonRequest;
import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.registry.RegistryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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

/** One account change: read it, and another person's approval (with the hand-over) or rejection. */
@Path("/api/v1/account-changes/{changeNo}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Supervision lifecycle")
@SecurityRequirement(name = "basic")
public class AccountChangeResource {

    private final AccountChangeService changes;
    private final RegistryService registry;
    private final Callers callers;

    public AccountChangeResource(AccountChangeService changes, RegistryService registry, Callers callers) {
        this.changes = changes;
        this.registry = registry;
        this.callers = callers;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getAccountChange", summary = "Get an account change", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own.")
    @APIResponse(responseCode = "200", description = "The change", content = @Content(schema = @Schema(implementation = AccountChangeView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such change, or another enterprise's")
    public AccountChangeView get(@PathParam("changeNo") String changeNo) {
        AccountChangeView view = changes.view(changeNo);
        registry.requireVisible(callers.person(), view.projectId(), () -> new NotFound("Account change " + changeNo));
        return view;
    }

    @POST
    @Path("/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "approveAccountChange", summary = "Approve an account change and hand the balance over",
            description = "Roles: SUPERVISOR, ADMIN, not the applicant (403). The old account number becomes a former account "
                    + "holding its balance (handedOver); the new one carries the ledger on, AWAITING_CONFIRMATION until its bank "
                    + "confirms exactly that balance. Pushes to the old number answer 409 account-closed.")
    @APIResponse(responseCode = "200", description = "Approved", content = @Content(schema = @Schema(implementation = AccountChangeView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: not awaiting a decision; account-closed: supervision has ended")
    public AccountChangeView approve(@PathParam("changeNo") String changeNo, @Valid @RequiredBody ReasonRequest d) {
        return changes.approve(callers.person(), changeNo, d.reason());
    }

    @POST
    @Path("/rejection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "rejectAccountChange", summary = "Reject an account change",
            description = "Roles: SUPERVISOR, ADMIN, not the applicant (403).")
    @APIResponse(responseCode = "200", description = "Rejected", content = @Content(schema = @Schema(implementation = AccountChangeView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: not awaiting a decision")
    public AccountChangeView reject(@PathParam("changeNo") String changeNo, @Valid @RequiredBody ReasonRequest d) {
        return changes.reject(callers.person(), changeNo, d.reason());
    }
}

package cn.escrow.judicial;

import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.judicial.JudicialPushes.Action;
import cn.escrow.judicial.JudicialPushes.ConsentRequest;
import cn.escrow.judicial.JudicialViews.ConsentView;
import cn.escrow.judicial.JudicialViews.FreezeView;
import cn.escrow.judicial.JudicialViews.JudicialActionView;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A project's court actions and active freezes, and the bureau's consents to court deductions. */
@Path("/api/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Judicial actions")
@SecurityRequirement(name = "basic")
public class JudicialResource {

    private final JudicialService judicial;
    private final Callers callers;
    private final EscrowConfig config;

    public JudicialResource(JudicialService judicial, Callers callers, EscrowConfig config) {
        this.judicial = judicial;
        this.callers = callers;
        this.config = config;
    }

    @POST
    @Path("/deduction-consents")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "recordDeductionConsent", summary = "Record the bureau's consent to a court deduction", description = "Roles: SUPERVISOR, ADMIN. "
            + "A later DEDUCTION pushed for this project with the same documentNo, within the consented amount, is "
            + "consented (INFO alert) instead of unconsented (HIGH alert). One consent per project and documentNo.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ConsentRequest.class)))
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(schema = @Schema(implementation = ConsentView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found: no such project")
    @APIResponse(responseCode = "409", description = "conflict: the project already has a consent for this documentNo")
    public Response consent(@PathParam("projectId") long projectId,
                            @Valid @RequiredBody ConsentRequest request) {
        ConsentView view = judicial.consent(callers.person(), projectId, request);
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/deduction-consents")).entity(view).build();
    }

    @GET
    @Path("/deduction-consents")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listDeductionConsents", summary = "List the project's deduction consents", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. "
            + "Newest first; the total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of consents", content = @Content(schema = @Schema(implementation = ConsentView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad page or size")
    @APIResponse(responseCode = "404", description = "not-found: no such project")
    public Response consents(@PathParam("projectId") long projectId, @QueryParam("page") Integer page,
                             @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        judicial.requireProject(projectId);
        return PageRequest.respond(judicial.consents(projectId, paging), judicial.consentCount(projectId));
    }

    @GET
    @Path("/judicial-actions")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listJudicialActions", summary = "List the project's court actions", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Newest first "
            + "(by actedAt). Each FREEZE shows active (true until an UNFREEZE lifts it) and liftedAt; each DEDUCTION its "
            + "consentId and the bank debit linked to it. The total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of court actions",
            content = @Content(schema = @Schema(implementation = JudicialActionView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad action, page or size")
    @APIResponse(responseCode = "404", description = "not-found: no such project")
    public Response actions(@PathParam("projectId") long projectId,
                            @Parameter(description = "Only actions of this kind") @QueryParam("action") Action action,
                            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        judicial.requireProject(projectId);
        return PageRequest.respond(judicial.actions(projectId, action, paging), judicial.actionCount(projectId, action));
    }

    @GET
    @Path("/freezes")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listActiveFreezes", summary = "List the active freezes on the project's account", description = "Roles: SUPERVISOR, AUDITOR, "
            + "ADMIN. Only freezes no UNFREEZE has lifted, oldest first; an empty array when the account is not frozen.")
    @APIResponse(responseCode = "200", description = "The active freezes", content = @Content(schema = @Schema(implementation = FreezeView[].class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project")
    public List<FreezeView> freezes(@PathParam("projectId") long projectId) {
        judicial.requireProject(projectId);
        return judicial.activeFreezes(projectId);
    }
}

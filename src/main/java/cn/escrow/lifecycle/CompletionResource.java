package cn.escrow.lifecycle;

import cn.escrow.lifecycle.LifecycleViews.LifecycleView;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.BusinessKey;
import cn.escrow.platform.validation.ReasonRequest;
import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.registry.RegistryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Completion filing, first registration and the end of a project's supervision (four eyes). */
@Path("/api/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Supervision lifecycle")
@SecurityRequirement(name = "basic")
public class CompletionResource {

    private final CompletionService completion;
    private final RegistryService registry;
    private final Callers callers;

    public CompletionResource(CompletionService completion, RegistryService registry, Callers callers) {
        this.completion = completion;
        this.registry = registry;
        this.callers = callers;
    }

    public record CompletionFiling(@NotNull @BusinessKey String certificateNo, @NotNull LocalDate filedOn) {
    }

    public record FirstRegistration(@NotNull @BusinessKey String certificateNo, @NotNull LocalDate registeredOn) {
    }

    private static Response created(long projectId, LifecycleView view) {
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/lifecycle")).entity(view).build();
    }

    @POST
    @Path("/completion-filing")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "recordCompletionFiling", summary = "Record the completion filing (竣工验收备案)",
            description = "Roles: SUPERVISOR, ADMIN. Opens the COMPLETION_FILING node for releases. Recorded once.")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(schema = @Schema(implementation = LifecycleView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: recorded already")
    public Response fileCompletion(@PathParam("projectId") long projectId, @Valid @RequiredBody CompletionFiling r) {
        return created(projectId, completion.fileCompletion(callers.person(), projectId, r.certificateNo(), r.filedOn()));
    }

    @POST
    @Path("/first-registration")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "recordFirstRegistration", summary = "Record the first registration (首次登记)",
            description = "Roles: SUPERVISOR, ADMIN. After the completion filing; opens the FIRST_REGISTRATION node. Recorded once.")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(schema = @Schema(implementation = LifecycleView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: recorded already, or no completion filing yet")
    public Response recordFirstRegistration(@PathParam("projectId") long projectId, @Valid @RequiredBody FirstRegistration r) {
        return created(projectId, completion.recordFirstRegistration(callers.person(), projectId, r.certificateNo(), r.registeredOn()));
    }

    @POST
    @Path("/supervision-end")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "applyForSupervisionEnd", summary = "Apply to end the project's supervision",
            description = "Roles: SUPERVISOR, ADMIN. The project becomes ENDING; another person approves. Refused with 409 "
                    + "conflict and `unmet` (FIRST_REGISTRATION_NOT_RECORDED, RELEASES_OPEN, ACCOUNT_CHANGE_OPEN, "
                    + "COURT_FREEZE_IN_FORCE, REFUNDS_UNPAID, LOAN_MONEY_AWAITED) while an obligation is open.")
    @APIResponse(responseCode = "201", description = "Applied", content = @Content(schema = @Schema(implementation = LifecycleView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: obligations open (see `unmet`), or applied for already")
    public Response applyForEnd(@PathParam("projectId") long projectId, @Valid @RequiredBody ReasonRequest r) {
        return created(projectId, completion.applyForEnd(callers.person(), projectId, r.reason()));
    }

    @POST
    @Path("/supervision-end/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "approveSupervisionEnd", summary = "Approve the end of the project's supervision",
            description = "Roles: SUPERVISOR, ADMIN, not the applicant (403). The obligations are checked again; the project is "
                    + "ENDED, its balance (releasedBalance) leaves supervision, its account is CLOSED and the bank reads the close "
                    + "instruction; pushes for the account then answer 409 account-closed.")
    @APIResponse(responseCode = "200", description = "Ended", content = @Content(schema = @Schema(implementation = LifecycleView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: nothing applied for, or obligations open (see `unmet`)")
    public LifecycleView approveEnd(@PathParam("projectId") long projectId, @Valid @RequiredBody ReasonRequest r) {
        return completion.approveEnd(callers.person(), projectId, r.reason());
    }

    @GET
    @Path("/lifecycle")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getProjectLifecycle", summary = "Get the project's milestones and supervision state",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own.")
    @APIResponse(responseCode = "200", description = "The lifecycle", content = @Content(schema = @Schema(implementation = LifecycleView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public LifecycleView get(@PathParam("projectId") long projectId) {
        registry.project(callers.person(), projectId);
        return completion.view(projectId);
    }
}

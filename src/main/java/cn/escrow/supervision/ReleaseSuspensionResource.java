package cn.escrow.supervision;

import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.ReasonRequest;
import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.registry.RegistryService;
import cn.escrow.supervision.ReleaseSuspensionService.Suspension;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A supervisor suspends a project's releases by hand, with a reason; another lifts it, with a reason. */
@Path("/api/v1/projects/{projectId}/release-suspensions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Releases")
@SecurityRequirement(name = "basic")
public class ReleaseSuspensionResource {

    private final ReleaseSuspensionService suspensions;
    private final RegistryService registry;
    private final Callers callers;

    public ReleaseSuspensionResource(ReleaseSuspensionService suspensions, RegistryService registry, Callers callers) {
        this.suspensions = suspensions;
        this.registry = registry;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "suspendReleases", summary = "Suspend the project's releases", description = "Roles: SUPERVISOR, ADMIN. "
            + "While in force no release is approved (409, rule RELEASES_SUSPENDED) and the bank sees its approved "
            + "instructions as not payable. One suspension at a time (a second: 409).")
    @APIResponse(responseCode = "201", description = "Suspended", content = @Content(schema = @Schema(implementation = Suspension.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project")
    @APIResponse(responseCode = "409", description = "conflict: already suspended")
    public Response suspend(@PathParam("projectId") long projectId,
                            @Valid @RequiredBody ReasonRequest request) {
        Suspension s = suspensions.suspend(callers.person(), projectId, request.reason());
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/release-suspensions")).entity(s).build();
    }

    @POST
    @Path("/lifting")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "liftReleaseSuspension", summary = "Lift the suspension of the project's releases", description = "Roles: "
            + "SUPERVISOR, ADMIN, not the one who suspended them (403). A reason is required.")
    @APIResponse(responseCode = "200", description = "Lifted", content = @Content(schema = @Schema(implementation = Suspension.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project")
    @APIResponse(responseCode = "409", description = "conflict: no suspension by hand in force")
    public Suspension lift(@PathParam("projectId") long projectId,
                           @Valid @RequiredBody ReasonRequest request) {
        return suspensions.lift(callers.person(), projectId, request.reason());
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listReleaseSuspensions", summary = "History of the project's release suspensions", description = "Roles: "
            + "SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. Newest first; liftedAt is null while in force.")
    @APIResponse(responseCode = "200", description = "The suspensions", content = @Content(schema = @Schema(implementation = Suspension[].class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<Suspension> history(@PathParam("projectId") long projectId) {
        registry.project(callers.person(), projectId);
        return suspensions.history(projectId);
    }
}

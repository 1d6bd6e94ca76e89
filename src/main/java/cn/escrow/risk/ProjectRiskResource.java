package cn.escrow.risk;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.registry.RegistryService;
import cn.escrow.risk.RiskViews.LevelChange;
import cn.escrow.risk.RiskViews.ProjectRisk;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Early warning for one project: its risk (computed on demand) and its level changes. */
@Path("/api/v1/projects/{projectId}/risk")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Early warning")
@SecurityRequirement(name = "basic")
public class ProjectRiskResource {

    private final RiskService risk;
    private final RiskBoard board;
    private final RegistryService registry;
    private final Callers callers;
    private final EscrowConfig config;

    public ProjectRiskResource(RiskService risk, RiskBoard board, RegistryService registry, Callers callers, EscrowConfig config) {
        this.risk = risk;
        this.board = board;
        this.registry = registry;
        this.callers = callers;
        this.config = config;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "getProjectRisk", summary = "A project's risk", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. "
            + "Computed now from the facts the service holds: level GREEN, YELLOW, ORANGE or RED from the score (escrow.risk.yellow, "
            + "orange, red), and each factor with its points and evidence, highest first. A level change is recorded, alerted and audited.")
    @APIResponse(responseCode = "200", description = "The risk", content = @Content(schema = @Schema(implementation = ProjectRisk.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project, or outside the caller's scope")
    public ProjectRisk get(@PathParam("projectId") long projectId) {
        Caller caller = callers.person();
        registry.project(caller, projectId);
        risk.computeOne(projectId, caller.actor());
        return board.of(projectId);
    }

    @GET
    @Path("/changes")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listProjectRiskChanges", summary = "A project's risk level changes", description = "Roles: SUPERVISOR, "
            + "AUDITOR, ADMIN. Newest first; the total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "The changes", content = @Content(schema = @Schema(implementation = LevelChange[].class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project, or outside the caller's scope")
    public Response changes(@PathParam("projectId") long projectId, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        registry.project(callers.person(), projectId);
        var found = board.changes(projectId, PageRequest.of(page, size, config));
        return PageRequest.respond(found.items(), found.total());
    }
}

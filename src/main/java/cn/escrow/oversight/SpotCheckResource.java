package cn.escrow.oversight;

import cn.escrow.oversight.SpotCheckService.SpotCheckView;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Filter;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.LongText;
import cn.escrow.platform.validation.RequiredBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Spot checks (抽查) of a project: record one, list them. */
@Path("/api/v1/projects/{projectId}/spot-checks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Oversight")
@SecurityRequirement(name = "basic")
public class SpotCheckResource {

    private final SpotCheckService spotChecks;
    private final Callers callers;
    private final EscrowConfig config;

    public SpotCheckResource(SpotCheckService spotChecks, Callers callers, EscrowConfig config) {
        this.spotChecks = spotChecks;
        this.callers = callers;
        this.config = config;
    }

    public record RecordSpotCheck(@NotNull SpotCheckService.Kind kind,
                                  @NotNull
                                  @Schema(description = "When the check took place; not in the future", example = "2026-11-01T10:00:00+08:00")
                                  OffsetDateTime checkedAt,
                                  @NotNull @LongText String findings,
                                  @NotNull
                                  @Schema(description = "false when the findings call for rectification") Boolean compliant) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "recordSpotCheck", summary = "Record a spot check", description = "Roles: SUPERVISOR, ADMIN. A regular (SCHEDULED) or SURPRISE check "
            + "of the project's fund collection, with its findings and whether the project was compliant. A non-compliant check "
            + "can be followed by rectification notices (POST /api/v1/spot-checks/{id}/rectifications).")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(schema = @Schema(implementation = SpotCheckView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed (e.g. checkedAt in the future)")
    @APIResponse(responseCode = "404", description = "not-found: no such project")
    public Response record(@PathParam("projectId") long projectId,
                           @Valid @RequiredBody RecordSpotCheck request) {
        SpotCheckView v = spotChecks.record(callers.person(), projectId, request.kind(), request.checkedAt(), request.findings(),
                request.compliant());
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/spot-checks")).entity(v).build();
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listSpotChecks", summary = "List a project's spot checks", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users only "
            + "for their own enterprise's projects. Latest check first; the total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of spot checks", content = @Content(schema = @Schema(implementation = SpotCheckView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad page or size")
    @APIResponse(responseCode = "404", description = "not-found: no such project")
    public Response list(@PathParam("projectId") long projectId, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        Filter.Page<SpotCheckService.SpotCheckView> p = spotChecks.list(callers.person(), projectId, PageRequest.of(page, size, config));
        return PageRequest.respond(p.items(), p.total());
    }
}

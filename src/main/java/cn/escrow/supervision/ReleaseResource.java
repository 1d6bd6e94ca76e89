package cn.escrow.supervision;

import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Reason;
import cn.escrow.registry.RegistryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

/** One release application: read it, and the supervisor's approval or rejection (the bank executes it by a RELEASE debit). */
@Path("/api/v1/releases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Releases")
@SecurityRequirement(name = "basic")
public class ReleaseResource {

    private final ReleaseService releases;
    private final RegistryService registry;
    private final Callers callers;
    private final EntityManager em;

    public ReleaseResource(ReleaseService releases, RegistryService registry, Callers callers, EntityManager em) {
        this.releases = releases;
        this.registry = registry;
        this.callers = callers;
        this.em = em;
    }

    public record Decision(@Reason String reason) {
    }

    public record RequiredDecision(@NotNull @Reason String reason) {
    }

    @GET
    @Path("/{releaseNo}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getRelease", summary = "Get a release application", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own.")
    @APIResponse(responseCode = "200", description = "The application", content = @Content(schema = @Schema(implementation = ReleaseService.ReleaseView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such release, or another enterprise's")
    public ReleaseService.ReleaseView get(@PathParam("releaseNo") String releaseNo) {
        registry.requireVisible(callers.person(), releases.projectOf(releaseNo), () -> new NotFound("Release " + releaseNo));
        return releases.view(releaseNo);
    }

    @POST
    @Path("/{releaseNo}/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "approveRelease", summary = "Approve a release", description = "Roles: SUPERVISOR, ADMIN. Refused with 409 conflict and a `rule` "
            + "(NODE_CAP_EXCEEDED, INSUFFICIENT_BALANCE, MIN_RETAINED_BALANCE, ENTERPRISE_BLACKLISTED, RELEASES_SUSPENDED, "
            + "NOT_APPLIED) when it would pass the node's cumulative cap on key money (free money is used first), the available "
            + "balance or the retained minimum, when the enterprise is blacklisted, or while releases are suspended.")
    @APIResponse(responseCode = "200", description = "Approved", content = @Content(schema = @Schema(implementation = ReleaseService.ReleaseView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: a release rule refuses it (see `rule`)")
    public ReleaseService.ReleaseView approve(@PathParam("releaseNo") String releaseNo, @Valid Decision request) {
        releases.approve(callers.person(), releaseNo, request == null ? null : request.reason());
        return releases.view(releaseNo);
    }

    @POST
    @Path("/{releaseNo}/rejection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "rejectRelease", summary = "Reject a release", description = "Roles: SUPERVISOR, ADMIN. A reason is required.")
    @APIResponse(responseCode = "200", description = "Rejected", content = @Content(schema = @Schema(implementation = ReleaseService.ReleaseView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: not awaiting a decision")
    public ReleaseService.ReleaseView reject(@PathParam("releaseNo") String releaseNo,
                              @Valid @RequiredBody RequiredDecision request) {
        releases.reject(callers.person(), releaseNo, request.reason());
        return releases.view(releaseNo);
    }

}

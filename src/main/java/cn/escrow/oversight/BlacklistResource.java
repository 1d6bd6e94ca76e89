package cn.escrow.oversight;

import cn.escrow.oversight.BlacklistService.HistoryEntry;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Filter;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Reason;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An enterprise's blacklisting (黑名单) by a supervisor, its lifting, and the history of both. */
@Path("/api/v1/enterprises/{enterpriseId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Oversight")
@SecurityRequirement(name = "basic")
public class BlacklistResource {

    private final BlacklistService blacklist;
    private final Callers callers;
    private final EscrowConfig config;

    public BlacklistResource(BlacklistService blacklist, Callers callers, EscrowConfig config) {
        this.blacklist = blacklist;
        this.callers = callers;
        this.config = config;
    }

    public record BlacklistReason(@NotNull @Reason String reason) {
    }

    @POST
    @Path("/blacklisting")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "blacklistEnterprise", summary = "Blacklist an enterprise", description = "Roles: SUPERVISOR, ADMIN. From now on the enterprise registers no "
            + "new project (409) and gets no release approved (409, rule ENTERPRISE_BLACKLISTED). Recorded in the history with "
            + "source MANUAL.")
    @APIResponse(responseCode = "201", description = "Blacklisted: the history entry", content = @Content(schema = @Schema(implementation = HistoryEntry.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed: the reason is required")
    @APIResponse(responseCode = "404", description = "not-found: no such enterprise")
    @APIResponse(responseCode = "409", description = "conflict: the enterprise is already blacklisted")
    public Response add(@PathParam("enterpriseId") long enterpriseId,
                        @Valid @RequiredBody BlacklistReason request) {
        HistoryEntry entry = blacklist.add(callers.person(), enterpriseId, request.reason());
        return Response.created(URI.create("/api/v1/enterprises/" + enterpriseId + "/blacklist-history")).entity(entry).build();
    }

    @POST
    @Path("/blacklist-lifting")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "liftBlacklisting", summary = "Lift an enterprise's blacklisting", description = "Roles: SUPERVISOR, ADMIN. Whatever put it there (a "
            + "supervisor or an overdue rectification). Recorded in the history with source MANUAL.")
    @APIResponse(responseCode = "201", description = "Lifted: the history entry", content = @Content(schema = @Schema(implementation = HistoryEntry.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed: the reason is required")
    @APIResponse(responseCode = "404", description = "not-found: no such enterprise")
    @APIResponse(responseCode = "409", description = "conflict: the enterprise is not blacklisted")
    public Response lift(@PathParam("enterpriseId") long enterpriseId,
                         @Valid @RequiredBody BlacklistReason request) {
        HistoryEntry entry = blacklist.lift(callers.person(), enterpriseId, request.reason());
        return Response.created(URI.create("/api/v1/enterprises/" + enterpriseId + "/blacklist-history")).entity(entry).build();
    }

    @GET
    @Path("/blacklist-history")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listBlacklistHistory", summary = "An enterprise's blacklist history", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users "
            + "their own. Every ADD and LIFT with reason, who, when and source (MANUAL or RECTIFICATION_OVERDUE, then with the "
            + "rectificationId), newest first; the total is in X-Total-Count. The current state is the enterprise's `blacklisted`.")
    @APIResponse(responseCode = "200", description = "A page of history entries", content = @Content(schema = @Schema(implementation = HistoryEntry[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad page or size")
    @APIResponse(responseCode = "404", description = "not-found: no such enterprise")
    public Response history(@PathParam("enterpriseId") long enterpriseId, @QueryParam("page") Integer page,
                            @QueryParam("size") Integer size) {
        Filter.Page<BlacklistService.HistoryEntry> p = blacklist.history(callers.person(), enterpriseId, PageRequest.of(page, size, config));
        return PageRequest.respond(p.items(), p.total());
    }
}

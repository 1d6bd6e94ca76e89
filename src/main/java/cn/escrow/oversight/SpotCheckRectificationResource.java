package cn.escrow.oversight;

import cn.escrow.oversight.RectificationService.RectificationView;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.LongText;
import cn.escrow.platform.validation.RequiredBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

/** Issuing a rectification notice (整改通知) after a spot check. */
@Path("/api/v1/spot-checks/{spotCheckId}/rectifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Oversight")
@SecurityRequirement(name = "basic")
public class SpotCheckRectificationResource {

    private final RectificationService rectifications;
    private final Callers callers;

    public SpotCheckRectificationResource(RectificationService rectifications, Callers callers) {
        this.rectifications = rectifications;
        this.callers = callers;
    }

    public record IssueRectification(@NotNull @LongText String requirement,
                                     @NotNull
                                     @Schema(description = "ISO-8601 time with offset, after now on the service clock",
                                             example = "2026-12-01T18:00:00+08:00")
                                     OffsetDateTime deadline) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "issueRectification", summary = "Issue a rectification notice", description = "Roles: SUPERVISOR, ADMIN. Addressed to the enterprise of "
            + "the checked project, status ISSUED. If it is not CLOSED (response accepted) when the deadline passes, the "
            + "rectification sweep marks it OVERDUE and blacklists the enterprise. Only a non-compliant spot check can be "
            + "followed by a notice.")
    @APIResponse(responseCode = "201", description = "Issued", content = @Content(schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed (e.g. a deadline not in the future)")
    @APIResponse(responseCode = "404", description = "not-found: no such spot check")
    @APIResponse(responseCode = "409", description = "conflict: the spot check found the project compliant")
    public Response issue(@PathParam("spotCheckId") long spotCheckId,
                          @Valid @RequiredBody IssueRectification request) {
        RectificationView v = rectifications.issue(callers.person(), spotCheckId, request.requirement(), request.deadline());
        return Response.created(URI.create("/api/v1/rectifications/" + v.id())).entity(v).build();
    }
}

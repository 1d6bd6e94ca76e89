package cn.escrow.oversight;

import cn.escrow.oversight.RectificationService.RectificationView;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Filter;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.LongText;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Rectification notices: read them, the enterprise's response, the supervisor's acceptance or rejection. */
@Path("/api/v1/rectifications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Oversight")
@SecurityRequirement(name = "basic")
public class RectificationResource {

    private final RectificationService rectifications;
    private final Callers callers;
    private final EscrowConfig config;

    public RectificationResource(RectificationService rectifications, Callers callers, EscrowConfig config) {
        this.rectifications = rectifications;
        this.callers = callers;
        this.config = config;
    }

    public record RespondToRectification(@NotNull @LongText String response) {
    }

    @Schema(name = "RectificationNote")
    public record Note(@NotNull @Reason String note) {
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listRectifications", summary = "List rectification notices", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users see only "
            + "their own enterprise's (asking for another enterprise is 404). Newest first; filters enterpriseId, status. The total "
            + "is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of notices", content = @Content(schema = @Schema(implementation = RectificationView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad filter, page or size")
    public Response list(@Parameter(description = "Only this enterprise's notices") @QueryParam("enterpriseId") Long enterpriseId,
                         @Parameter(description = "ISSUED, RESPONDED, CLOSED or OVERDUE") @QueryParam("status") RectificationService.Status status,
                         @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        Filter.Page<RectificationView> p = rectifications.list(callers.person(), enterpriseId, status, PageRequest.of(page, size, config));
        return PageRequest.respond(p.items(), p.total());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getRectification", summary = "Get a rectification notice", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own.")
    @APIResponse(responseCode = "200", description = "The notice", content = @Content(schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public RectificationView get(@PathParam("id") long id) {
        return rectifications.get(callers.person(), id);
    }

    @POST
    @Path("/{id}/response")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ENTERPRISE)
    @Operation(operationId = "respondToRectification", summary = "Respond to a rectification notice", description = "Role: ENTERPRISE, a user of the enterprise the notice "
            + "is addressed to. ISSUED becomes RESPONDED; possible again after a rejection, until the deadline.")
    @APIResponse(responseCode = "200", description = "Responded", content = @Content(schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: the notice is not ISSUED, or its deadline has passed")
    public RectificationView respond(@PathParam("id") long id,
                                     @Valid @RequiredBody RespondToRectification request) {
        return rectifications.respond(callers.person(), id, request.response());
    }

    @POST
    @Path("/{id}/acceptance")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "acceptRectificationResponse", summary = "Accept the enterprise's response", description = "Roles: SUPERVISOR, ADMIN. RESPONDED becomes CLOSED; "
            + "a closed notice never blacklists.")
    @APIResponse(responseCode = "200", description = "Closed", content = @Content(schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed: the note is required")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: the notice is not RESPONDED, or its deadline has passed")
    public RectificationView accept(@PathParam("id") long id, @Valid @RequiredBody Note request) {
        return rectifications.accept(callers.person(), id, request.note());
    }

    @POST
    @Path("/{id}/rejection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "rejectRectificationResponse", summary = "Reject the enterprise's response", description = "Roles: SUPERVISOR, ADMIN. RESPONDED goes back to ISSUED; "
            + "the deadline stands.")
    @APIResponse(responseCode = "200", description = "Back to ISSUED", content = @Content(schema = @Schema(implementation = RectificationView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed: the note is required")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: the notice is not RESPONDED, or its deadline has passed")
    public RectificationView reject(@PathParam("id") long id, @Valid @RequiredBody Note request) {
        return rectifications.reject(callers.person(), id, request.note());
    }
}

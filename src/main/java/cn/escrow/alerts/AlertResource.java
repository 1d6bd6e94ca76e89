package cn.escrow.alerts;

import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Reason;
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

/** The one list of alerts for supervisors: filter, acknowledge, close. */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts")
@SecurityRequirement(name = "basic")
public class AlertResource {

    private final AlertService alerts;
    private final AlertList list;
    private final Callers callers;
    private final EscrowConfig config;

    public AlertResource(AlertService alerts, AlertList list, Callers callers, EscrowConfig config) {
        this.alerts = alerts;
        this.list = list;
        this.callers = callers;
        this.config = config;
    }

    @Schema(name = "AlertNote")
    public record Note(@NotNull @Reason String note) {
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listAlerts", summary = "List alerts", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Newest first; filters projectId, kind, "
            + "severity, open (true: not closed; false: closed). The total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of alerts", content = @Content(schema = @Schema(implementation = AlertList.AlertView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad filter, page or size")
    public Response list(@QueryParam("projectId") Long projectId, @QueryParam("kind") AlertService.Kind kind,
                         @QueryParam("severity") AlertService.Severity severity,
                         @Parameter(description = "true: open or acknowledged; false: closed") @QueryParam("open") Boolean open,
                         @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        AlertList.Page result = list.page(callers.person(), new AlertList.Filter(projectId, kind, severity, open),
                PageRequest.of(page, size, config));
        return PageRequest.respond(result.items(), result.total());
    }

    @POST
    @Path("/{alertId}/acknowledgement")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "acknowledgeAlert", summary = "Acknowledge an alert", description = "Roles: SUPERVISOR, ADMIN. With a note; the alert stays open.")
    @APIResponse(responseCode = "204", description = "Acknowledged")
    @APIResponse(responseCode = "400", description = "validation-failed: the note is required")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: already closed")
    public Response acknowledge(@PathParam("alertId") long alertId, @Valid @RequiredBody Note request) {
        alerts.acknowledge(callers.person(), alertId, request.note());
        return Response.noContent().build();
    }

    @POST
    @Path("/{alertId}/closure")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "closeAlert", summary = "Close an alert", description = "Roles: SUPERVISOR, ADMIN. With a note saying how it was resolved. "
            + "Closing a BALANCE_MISMATCH alert lifts the suspension of releases it caused.")
    @APIResponse(responseCode = "204", description = "Closed")
    @APIResponse(responseCode = "400", description = "validation-failed: the note is required")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: already closed")
    public Response close(@PathParam("alertId") long alertId, @Valid @RequiredBody Note request) {
        alerts.close(callers.person().actor(), alertId, request.note());
        return Response.noContent().build();
    }
}

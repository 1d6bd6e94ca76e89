package cn.escrow.alerts;

import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.SqlValues;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Reason;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
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
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Callers callers;
    private final EntityManager em;
    private final EscrowConfig config;
    private final EscrowClock clock;

    public AlertResource(AlertService alerts, Callers callers, EntityManager em, EscrowConfig config, EscrowClock clock) {
        this.alerts = alerts;
        this.callers = callers;
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    public record AlertView(long id, Long projectId, AlertService.Kind kind, AlertService.Severity severity, String status,
                            String subject, String detail, OffsetDateTime raisedAt, String raisedBy,
                            String acknowledgedBy, OffsetDateTime acknowledgedAt, String acknowledgeNote,
                            String closedBy, OffsetDateTime closedAt, String closeNote) {
    }

    @Schema(name = "AlertNote")
    public record Note(@NotNull @Reason String note) {
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listAlerts", summary = "List alerts", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Newest first; filters projectId, kind, "
            + "severity, open (true: not closed; false: closed). The total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of alerts", content = @Content(schema = @Schema(implementation = AlertView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad filter, page or size")
    @SuppressWarnings("unchecked")
    public Response list(@QueryParam("projectId") Long projectId, @QueryParam("kind") AlertService.Kind kind,
                         @QueryParam("severity") AlertService.Severity severity,
                         @Parameter(description = "true: open or acknowledged; false: closed") @QueryParam("open") Boolean open,
                         @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        if (projectId != null) {
            where.append(" AND project_id = :p");
            params.put("p", projectId);
        }
        if (kind != null) {
            where.append(" AND kind = :kind");
            params.put("kind", kind.name());
        }
        if (severity != null) {
            where.append(" AND severity = :severity");
            params.put("severity", severity.name());
        }
        if (open != null) {
            where.append(open ? " AND status <> 'CLOSED'" : " AND status = 'CLOSED'");
        }
        List<Object[]> rows = bind(em.createNativeQuery("""
                SELECT id, project_id, kind, severity, status, subject, detail, raised_at, raised_by, acknowledged_by,
                       acknowledged_at, acknowledge_note, closed_by, closed_at, close_note FROM alert""" + where
                + " ORDER BY raised_at DESC, id DESC"), params)
                .setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        long total = ((Number) bind(em.createNativeQuery("SELECT count(*) FROM alert" + where), params).getSingleResult()).longValue();
        List<AlertView> items = rows.stream().map(r -> new AlertView(((Number) r[0]).longValue(),
                r[1] == null ? null : ((Number) r[1]).longValue(), AlertService.Kind.valueOf((String) r[2]),
                AlertService.Severity.valueOf((String) r[3]), (String) r[4], (String) r[5], (String) r[6],
                clock.inZone(SqlValues.instant(r[7])), (String) r[8], (String) r[9], clock.inZone(SqlValues.instant(r[10])),
                (String) r[11], (String) r[12], clock.inZone(SqlValues.instant(r[13])), (String) r[14])).toList();
        return PageRequest.respond(items, total);
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

    private static Query bind(Query query, Map<String, Object> params) {
        params.forEach(query::setParameter);
        return query;
    }
}

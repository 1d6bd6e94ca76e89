package cn.escrow.audit;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail, read-only: newest first, filtered by project, actor, action and time. */
@Path("/api/v1/audit-events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
@SecurityRequirement(name = "basic")
public class AuditResource {

    private final AuditTrail trail;
    private final EscrowConfig config;
    private final EscrowClock clock;
    private final AuditVerification verification;
    private final Callers callers;

    public AuditResource(AuditTrail trail, EscrowConfig config, EscrowClock clock, AuditVerification verification, Callers callers) {
        this.trail = trail;
        this.config = config;
        this.clock = clock;
        this.verification = verification;
        this.callers = callers;
    }

    /** One audit event as the API shows it. */
    public record AuditEventView(@Schema(description = "Its id, as named by the chain verification") long id,
                                 OffsetDateTime at, String actor, String action, String subject, Long projectId,
                                 Map<String, Object> details) {
    }

    /** The first event where the hash chain breaks. */
    public record BrokenEvent(@Schema(description = "The event's id") long id,
                              @Schema(description = "Its place in the chain; null when it was never sealed") Long position,
                              @Schema(description = "CONTENT_CHANGED, EVENT_MISSING or CHAIN_LINK_MISSING") String problem) {
    }

    /** The outcome of recomputing the hash chain. */
    public record VerificationView(@Schema(description = "True when every event verified") boolean intact,
                                   @Schema(description = "Events whose hash was recomputed and matched") long checkedEvents,
                                   @Schema(description = "Place of the last event that verified") long headPosition,
                                   @Schema(description = "Its hash (hex); record it elsewhere to detect a rewritten chain later")
                                   String headHash,
                                   @Schema(description = "Null when intact") BrokenEvent firstBrokenEvent,
                                   OffsetDateTime verifiedAt) {
    }

    @GET
    @Path("/verification")
    @RolesAllowed({Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "verifyAuditChain", summary = "Verify the audit trail's hash chain", description = "Roles: AUDITOR, ADMIN. Seals what is not sealed "
            + "yet, recomputes SHA-256(previous hash || canonical event) over every event (docs/security.md) and names the "
            + "first event where the chain breaks. Answers 200 either way; the check itself is recorded as an "
            + "AUDIT_CHAIN_VERIFIED event.")
    @APIResponse(responseCode = "200", description = "The outcome", content = @Content(schema = @Schema(implementation = VerificationView.class)))
    public VerificationView verify() {
        AuditVerification.Result r = verification.verify(callers.person());
        BrokenEvent broken = r.firstBreak() == null ? null
                : new BrokenEvent(r.firstBreak().eventId(), r.firstBreak().position(), r.firstBreak().problem().name());
        return new VerificationView(r.intact(), r.checkedEvents(), r.headPosition(), r.headHash(), broken, clock.inZone(r.verifiedAt()));
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listAuditEvents", summary = "List audit events", description = "Every write recorded by the service, newest first. "
            + "Roles: SUPERVISOR, AUDITOR, ADMIN. The total count is in the X-Total-Count header.")
    @APIResponse(responseCode = "200", description = "A page of events",
            headers = @Header(name = PageRequest.TOTAL_HEADER, description = "Events matching the filters"),
            content = @Content(schema = @Schema(implementation = AuditEventView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad filter or page")
    public Response list(@Parameter(description = "Only events of this project") @QueryParam("projectId") Long projectId,
                         @Parameter(description = "Only events at or after this time (ISO-8601 with offset)") @QueryParam("from") String from,
                         @Parameter(description = "Only events before this time (ISO-8601 with offset)") @QueryParam("to") String to,
                         @Parameter(description = "Only events of this action, e.g. PROJECT_CREATED; an unknown action is 400 validation-failed") @QueryParam("action") String action,
                         @Parameter(description = "Only events by this actor") @QueryParam("actor") String actor,
                         @Parameter(description = "Page number, from 0") @QueryParam("page") Integer page,
                         @Parameter(description = "Page size") @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        AuditTrail.Query query = new AuditTrail.Query(projectId, from == null ? null : parseTime("from", from).toInstant(),
                to == null ? null : parseTime("to", to).toInstant(), action, actor);
        var found = trail.page(callers.person(), query, paging)
                .map(e -> new AuditEventView(e.id, clock.inZone(e.at), e.actor, e.action, e.subject, e.projectId, e.details));
        return PageRequest.respond(found.items(), found.total());
    }

    static OffsetDateTime parseTime(String field, String value) {
        try {
            return OffsetDateTime.parse(value.replace(' ', '+')); // an unencoded "+" arrives as a space
        } catch (java.time.format.DateTimeParseException e) {
            throw new ValidationFailed(field, "must be an ISO-8601 time with an offset, e.g. 2026-11-01T10:00:00+08:00");
        }
    }
}

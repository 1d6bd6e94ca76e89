package cn.escrow.signing;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The overdue sweep on demand, and the record of every sweep. */
@Path("/api/v1/overdue-sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Online signing control")
@SecurityRequirement(name = "basic")
public class OverdueSweepResource {

    private final OverdueSweepService sweeps;
    private final Callers callers;
    private final EscrowClock clock;
    private final EscrowConfig config;

    public OverdueSweepResource(OverdueSweepService sweeps, Callers callers, EscrowClock clock, EscrowConfig config) {
        this.sweeps = sweeps;
        this.callers = callers;
        this.clock = clock;
        this.config = config;
    }

    @Schema(name = "OverdueSweepView")
    public record SweepView(long id, String trigger, String startedBy, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                            long durationMs, int newlyOverdue, List<Long> projectsDisabled, List<Long> projectsReenabled,
                            @Schema(description = "LOAN_DUE_SOON and LOAN_OVERDUE alerts this sweep raised") int loanAlertsRaised) {
        static SweepView of(OverdueSweepService.SweepResult r, EscrowClock clock) {
            return new SweepView(r.id(), r.trigger(), r.startedBy(), clock.inZone(r.startedAt()), clock.inZone(r.finishedAt()),
                    r.durationMs(), r.newlyOverdue(), r.projectsDisabled(), r.projectsReenabled(), r.loanAlertsRaised());
        }
    }

    @POST
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "runOverdueSweep", summary = "Run the overdue sweep now", description = "Roles: SUPERVISOR, ADMIN. "
            + "Marks every AWAITING_FUNDS disbursement due at or before now (minus escrow.loan-arrival.reporting-grace) as OVERDUE "
            + "and disables its project's signing; raises LOAN_DUE_SOON and LOAN_OVERDUE alerts, once per notice; re-enables "
            + "projects with no reason left. Waits for a sweep already running (on any instance), which leaves this one nothing to do.")
    @APIResponse(responseCode = "200", description = "What the sweep did", content = @Content(schema = @Schema(implementation = SweepView.class)))
    @APIResponse(responseCode = "503", description = "service-unavailable")
    public SweepView run() {
        return SweepView.of(sweeps.sweepNow(callers.person().actor()), clock);
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listOverdueSweeps", summary = "List sweep runs", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Newest first, with counts and "
            + "duration; the total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of sweep runs", content = @Content(schema = @Schema(implementation = SweepView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad page or size")
    public Response list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        return PageRequest.respond(sweeps.page(paging).stream().map(r -> SweepView.of(r, clock)).toList(), sweeps.count());
    }
}

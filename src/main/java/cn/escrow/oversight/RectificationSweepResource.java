package cn.escrow.oversight;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The rectification sweep on demand (it also runs on {@code escrow.rectification-sweep.cron}). */
@Path("/api/v1/rectification-sweeps")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Oversight")
@SecurityRequirement(name = "basic")
public class RectificationSweepResource {

    private final RectificationSweepService sweeps;
    private final Callers callers;
    private final EscrowClock clock;

    public RectificationSweepResource(RectificationSweepService sweeps, Callers callers, EscrowClock clock) {
        this.sweeps = sweeps;
        this.callers = callers;
        this.clock = clock;
    }

    @Schema(name = "RectificationSweepView")
    public record SweepView(String trigger, String startedBy, OffsetDateTime startedAt, OffsetDateTime finishedAt,
                            @Schema(description = "Notices newly marked OVERDUE") List<Long> rectificationsOverdue,
                            @Schema(description = "Enterprises newly blacklisted") List<Long> enterprisesBlacklisted) {
    }

    @POST
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "runRectificationSweep", summary = "Run the rectification sweep now", description = "Roles: SUPERVISOR, ADMIN. Marks every notice still ISSUED "
            + "or RESPONDED at its deadline OVERDUE and blacklists its enterprise (reason \"rectification N overdue\", source "
            + "RECTIFICATION_OVERDUE) unless it already is; a second run changes nothing. Waits for a sweep already running (on any "
            + "instance).")
    @APIResponse(responseCode = "200", description = "What the sweep did", content = @Content(schema = @Schema(implementation = SweepView.class)))
    @APIResponse(responseCode = "503", description = "service-unavailable")
    public SweepView run() {
        RectificationSweepService.SweepResult r = sweeps.sweepNow(callers.person().actor());
        return new SweepView(r.trigger(), r.startedBy(), clock.inZone(r.startedAt()), clock.inZone(r.finishedAt()),
                r.rectificationsOverdue(), r.enterprisesBlacklisted());
    }
}

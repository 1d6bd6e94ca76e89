package cn.escrow.risk;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.DivisionCode;
import cn.escrow.risk.RiskViews.BoardChange;
import cn.escrow.risk.RiskViews.BoardRow;
import cn.escrow.risk.RiskViews.Computation;
import cn.escrow.risk.RiskViews.Level;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Early warning across projects: the risk board of the caller's divisions and a computation now. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Early warning")
@SecurityRequirement(name = "basic")
public class RiskBoardResource {

    private final RiskService risk;
    private final RiskBoard board;
    private final Callers callers;
    private final EscrowConfig config;
    private final EscrowClock clock;

    public RiskBoardResource(RiskService risk, RiskBoard board, Callers callers, EscrowConfig config, EscrowClock clock) {
        this.clock = clock;
        this.risk = risk;
        this.board = board;
        this.callers = callers;
        this.config = config;
    }

    @GET
    @Path("/risk-board")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "getRiskBoard", summary = "The risk board", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. The projects of "
            + "the caller's divisions (or of one division within them), highest score first, as the last computation left them, with "
            + "the level before the last change and since when the level holds. The total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "Ranked rows", content = @Content(schema = @Schema(implementation = BoardRow[].class)))
    @APIResponse(responseCode = "404", description = "not-found: a division outside the caller's divisions")
    public Response board(@Parameter(description = "Only this GB/T 2260 division (a county, or a city: code ending 00)")
                          @QueryParam("division") @DivisionCode String division,
                          @Parameter(description = "Only projects at this level") @QueryParam("level") Level level,
                          @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        var found = board.board(callers.person(), division, level, PageRequest.of(page, size, config));
        return PageRequest.respond(found.items(), found.total());
    }

    @GET
    @Path("/risk-board/changes")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listRiskBoardChanges", summary = "The board's level changes over time", description = "Roles: SUPERVISOR, "
            + "AUDITOR, ADMIN. Every level change of the caller's projects (or of one division within them), newest first, paged "
            + "(X-Total-Count); since= a day (yyyy-MM-dd, service zone) to start from. Each change also raised a RISK_LEVEL_CHANGED alert.")
    @APIResponse(responseCode = "200", description = "Level changes", content = @Content(schema = @Schema(implementation = BoardChange[].class)))
    @APIResponse(responseCode = "404", description = "not-found: a division outside the caller's divisions")
    public Response changes(@Parameter(description = "Only this GB/T 2260 division (a county, or a city: code ending 00)")
                            @QueryParam("division") @DivisionCode String division,
                            @Parameter(description = "Only changes on or after this day (yyyy-MM-dd)") @QueryParam("since") String since,
                            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        var found = board.changes(callers.person(), division, since == null ? null : day(since), PageRequest.of(page, size, config));
        return PageRequest.respond(found.items(), found.total());
    }

    @POST
    @Path("/risk-computations")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "runRiskComputation", summary = "Compute every project's risk now", description = "Roles: SUPERVISOR, ADMIN. "
            + "What the job does on escrow.risk.cron; waits for a computation already running.")
    @APIResponse(responseCode = "200", description = "What the run did", content = @Content(schema = @Schema(implementation = Computation.class)))
    public Computation compute() {
        RiskService.Run r = risk.computeAll(callers.person().actor());
        return new Computation(r.projects(), r.written(), r.changes(), r.durationMs());
    }

    private Instant day(String since) {
        try {
            return LocalDate.parse(since).atStartOfDay(clock.zone()).toInstant();
        } catch (DateTimeParseException e) {
            throw new ValidationFailed("since", "must be a date, yyyy-MM-dd");
        }
    }
}

package cn.escrow.dashboards;

import cn.escrow.dashboards.DashboardService.SnapshotView;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.DivisionCode;
import cn.escrow.platform.validation.Reason;
import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.reports.ReportCsv;
import cn.escrow.reports.ReportPeriod;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Dashboard figures per division and period, JSON or CSV; publication and corrected republication of a closed period. */
@Path("/api/v1/dashboards")
@Tag(name = "Dashboards", description = "Counts and sums per division and period, shaped for a page to draw")
@SecurityRequirement(name = "basic")
public class DashboardResource {

    static final String CSV = "text/csv";

    private final DashboardService dashboards;
    private final Callers callers;

    public DashboardResource(DashboardService dashboards, Callers callers) {
        this.dashboards = dashboards;
        this.callers = callers;
    }

    @Schema(name = "DashboardPublishRequest")
    public record PublishRequest(@NotNull @Schema(example = "2026-11-01") String periodStart) {
    }

    @Schema(name = "DashboardRepublishRequest")
    public record RepublishRequest(@NotNull @Schema(example = "2026-11-01") String periodStart,
                                   @NotNull @Reason @Schema(example = "工商银行补报11月28日入账两笔") String reason) {
    }

    @GET
    @Path("/{kind}")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "getDashboard", summary = "Get a period's dashboard figures", description = "Roles: SUPERVISOR, AUDITOR, "
            + "ADMIN. kind: WEEKLY, HALF_MONTHLY, MONTHLY (the report periods). The total and each county's figures of the caller's "
            + "divisions, or of one division within them. A published period answers its newest version (or the one asked for), "
            + "narrowed to those counties; any other period is computed now. format=csv (or Accept: text/csv) gives the same "
            + "figures as UTF-8 CSV with a byte-order mark.")
    @APIResponse(responseCode = "200", description = "The figures", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Dashboard.class)),
        @Content(mediaType = CSV)})
    @APIResponse(responseCode = "404", description = "not-found: a division outside the caller's divisions, or no such published version")
    public Response get(@PathParam("kind") String kind,
                        @Parameter(description = "First day of the period (yyyy-MM-dd)", required = true) @QueryParam("periodStart") String periodStart,
                        @Parameter(description = "Only this GB/T 2260 division (a county, or a city: code ending 00); within the "
                                + "caller's divisions") @QueryParam("division") @DivisionCode String division,
                        @Parameter(description = "A published version (1, 2, ...); the newest when not given") @QueryParam("version")
                        @Positive Integer version,
                        @Parameter(description = "csv for a spreadsheet") @QueryParam("format") String format,
                        @Context HttpHeaders headers) {
        Dashboard dashboard = dashboards.read(callers.person(), ReportPeriod.parse(kind, periodStart), division, version);
        if (ReportCsv.wanted(format, headers)) {
            String name = "dashboard-" + dashboard.kind() + "-" + dashboard.periodStart() + (division == null ? "" : "-division-" + division)
                    + (dashboard.version() == null ? "" : "-v" + dashboard.version()) + ".csv";
            return Response.ok(DashboardCsv.write(dashboard), CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
        }
        return Response.ok(dashboard, MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/{kind}/snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "publishDashboard", summary = "Publish a closed period's dashboard figures", description = "Roles: "
            + "SUPERVISOR, ADMIN, not limited to divisions (a snapshot holds every county; 403 otherwise). Version 1; a published "
            + "figure never changes. The answer shows what the caller may read of it.")
    @APIResponse(responseCode = "201", description = "Published", content = @Content(schema = @Schema(implementation = Dashboard.class)))
    @APIResponse(responseCode = "409", description = "conflict: published already (a correction is a republication), or the period is not over")
    public Response publish(@PathParam("kind") String kind, @Valid @RequiredBody PublishRequest request) {
        Caller caller = cityWide();
        ReportPeriod period = ReportPeriod.parse(kind, request.periodStart());
        dashboards.publish(period, caller.actor());
        return Response.status(201).entity(dashboards.read(caller, period, null, null)).build();
    }

    @POST
    @Path("/{kind}/republications")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "republishDashboard", summary = "Publish corrected figures of a published period", description = "Roles: "
            + "SUPERVISOR, ADMIN, not limited to divisions (403 otherwise). Computes the period again and publishes it as the next "
            + "version with its reason; earlier versions stay as published and readable with version=.")
    @APIResponse(responseCode = "201", description = "The new version", content = @Content(schema = @Schema(implementation = Dashboard.class)))
    @APIResponse(responseCode = "409", description = "conflict: the period was never published, or is not over")
    public Response republish(@PathParam("kind") String kind, @Valid @RequiredBody RepublishRequest request) {
        Caller caller = cityWide();
        ReportPeriod period = ReportPeriod.parse(kind, request.periodStart());
        Dashboard published = dashboards.republish(period, caller.actor(), request.reason().strip());
        return Response.status(201).entity(dashboards.read(caller, period, null, published.version())).build();
    }

    @GET
    @Path("/snapshots")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listDashboardSnapshots", summary = "List published dashboard versions", description = "Roles: "
            + "SUPERVISOR, AUDITOR, ADMIN. Newest period first, then newest version.")
    @APIResponse(responseCode = "200", description = "The published versions", content = @Content(schema = @Schema(implementation = SnapshotView[].class)))
    public List<SnapshotView> snapshots() {
        return dashboards.snapshots();
    }

    private Caller cityWide() {
        Caller caller = callers.person();
        if (!caller.divisions().unlimited()) { // a snapshot is every county's, and it never changes
            throw new Forbidden("Publishing freezes the figures of every division: only staff not limited to divisions publish");
        }
        return caller;
    }
}

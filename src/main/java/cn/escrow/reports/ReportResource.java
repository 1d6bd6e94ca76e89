package cn.escrow.reports;

import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.DivisionCode;
import cn.escrow.reports.ReportService.SnapshotView;
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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The weekly bulletin, half-monthly and monthly reports: published snapshots and on-demand computations, JSON or CSV. */
@Path("/api/v1/reports")
@Tag(name = "Reports")
@SecurityRequirement(name = "basic")
public class ReportResource {

    static final String CSV = "text/csv";

    private final ReportService reports;
    private final Callers callers;

    public ReportResource(ReportService reports, Callers callers) {
        this.reports = reports;
        this.callers = callers;
    }

    public record PublishRequest(@NotNull @Schema(example = "2026-11-01") String periodStart) {
    }

    @GET
    @Path("/{kind}")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "getReport", summary = "Get a report", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. kind: WEEKLY (Monday-Sunday), HALF_MONTHLY "
            + "(1st-15th, 16th-end), MONTHLY. A published period answers its immutable snapshot (published: true), narrowed to "
            + "the project's lines when projectId is given; any other period is computed now. format=csv (or Accept: text/csv) "
            + "gives UTF-8 CSV with a byte-order mark.")
    @APIResponse(responseCode = "200", description = "The report", content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Report.class)),
        @Content(mediaType = CSV)})
    @APIResponse(responseCode = "400", description = "validation-failed: unknown kind, or periodStart is not a period start")
    @APIResponse(responseCode = "404", description = "not-found: no such project, or a project or division outside the caller's divisions")
    public Response get(@PathParam("kind") String kind,
                        @Parameter(description = "First day of the period (yyyy-MM-dd)", required = true) @QueryParam("periodStart") String periodStart,
                        @Parameter(description = "Only this project") @QueryParam("projectId") Long projectId,
                        @Parameter(description = "Only this GB/T 2260 division (a county, or a city: code ending 00); within the "
                                + "caller's divisions") @QueryParam("division") @DivisionCode String division,
                        @Parameter(description = "csv for a spreadsheet") @QueryParam("format") String format,
                        @jakarta.ws.rs.core.Context jakarta.ws.rs.core.HttpHeaders headers) {
        Report report = reports.read(callers.person(), period(kind, periodStart), projectId, division);
        if (ReportCsv.wanted(format, headers)) {
            String name = "report-" + report.kind() + "-" + report.periodStart() + (projectId == null ? "" : "-project-" + projectId)
                    + (division == null ? "" : "-division-" + division) + ".csv";
            return Response.ok(ReportCsv.write(report), CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
        }
        return Response.ok(report, MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/{kind}/snapshots")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "publishReport", summary = "Publish a closed period's report now", description = "Roles: SUPERVISOR, ADMIN, not limited to "
            + "divisions (a snapshot holds every division; 403 otherwise). The scheduled job (escrow.reports.cron) does this for every "
            + "closed period; a published report never changes. The answer shows what the caller may read of it.")
    @APIResponse(responseCode = "201", description = "Published", content = @Content(schema = @Schema(implementation = Report.class)))
    @APIResponse(responseCode = "400", description = "validation-failed")
    @APIResponse(responseCode = "409", description = "conflict: already published, or the period is not over")
    public Response publish(@PathParam("kind") String kind, @Valid @RequiredBody PublishRequest request) {
        Caller caller = callers.person();
        if (!caller.divisions().unlimited()) { // a snapshot is the whole city's, and it never changes
            throw new Forbidden("Publishing freezes the report of every division: only staff not limited to divisions publish");
        }
        ReportPeriod period = period(kind, request.periodStart());
        reports.publish(period, caller.actor());
        return Response.status(201).entity(reports.read(caller, period, null, null)).build();
    }

    @GET
    @Path("/snapshots")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listReportSnapshots", summary = "List published reports", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Newest period first.")
    @APIResponse(responseCode = "200", description = "The published reports", content = @Content(schema = @Schema(implementation = SnapshotView[].class)))
    public List<SnapshotView> snapshots() {
        return reports.snapshots();
    }

    private static ReportPeriod period(String kind, String periodStart) {
        return ReportPeriod.parse(kind, periodStart);
    }
}

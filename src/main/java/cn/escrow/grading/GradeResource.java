package cn.escrow.grading;

import cn.escrow.grading.GradeService.Grade;
import cn.escrow.grading.GradeService.GradeChange;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Reason;
import cn.escrow.platform.validation.ReasonRequest;
import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.registry.RegistryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Graded supervision: an enterprise's credit grade, its changes and their second-person decision. */
@Path("/api/v1/enterprises/{enterpriseId}/grade-changes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Oversight")
@SecurityRequirement(name = "basic")
public class GradeResource {

    private final GradeService grades;
    private final RegistryService registry;
    private final Callers callers;

    public GradeResource(GradeService grades, RegistryService registry, Callers callers) {
        this.grades = grades;
        this.registry = registry;
        this.callers = callers;
    }

    /** A new grade and why. */
    public record ChangeGrade(@NotNull Grade grade, @NotNull @Reason String reason) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "changeEnterpriseGrade", summary = "Grade an enterprise", description = "Roles: SUPERVISOR, ADMIN. A, B or C; "
            + "when the key percentage stays the same (escrow.key-amount.grade-*-percent) the change is APPLIED at once, else it is "
            + "PROPOSED and another person applies or rejects it.")
    @APIResponse(responseCode = "201", description = "The change", content = @Content(schema = @Schema(implementation = GradeChange.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such enterprise")
    @APIResponse(responseCode = "409", description = "conflict: already this grade, or a proposal awaits a decision")
    public Response change(@PathParam("enterpriseId") long enterpriseId, @Valid @RequiredBody ChangeGrade request) {
        GradeChange c = grades.change(callers.person(), enterpriseId, request.grade(), request.reason());
        return Response.status(Response.Status.CREATED).entity(c).build();
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listEnterpriseGradeChanges", summary = "An enterprise's grade history", description = "Roles: SUPERVISOR, AUDITOR, "
            + "ADMIN; ENTERPRISE users their own. Newest first, with source MANUAL, BLACKLISTING or SPOT_CHECK.")
    @APIResponse(responseCode = "200", description = "The changes", content = @Content(schema = @Schema(implementation = GradeChange[].class)))
    @APIResponse(responseCode = "404", description = "not-found: no such enterprise")
    public List<GradeChange> history(@PathParam("enterpriseId") long enterpriseId) {
        registry.enterprise(callers.person(), enterpriseId);
        return grades.history(enterpriseId);
    }

    @POST
    @Path("/{changeId}/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "approveEnterpriseGrade", summary = "Apply a proposed grade", description = "Roles: SUPERVISOR, ADMIN, not the "
            + "proposer (403).")
    @APIResponse(responseCode = "200", description = "APPLIED", content = @Content(schema = @Schema(implementation = GradeChange.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such enterprise or change")
    @APIResponse(responseCode = "409", description = "conflict: not PROPOSED, or the grade changed since")
    public GradeChange approve(@PathParam("enterpriseId") long enterpriseId, @PathParam("changeId") long changeId,
                               @Valid @RequiredBody ReasonRequest request) {
        return grades.decide(callers.person(), enterpriseId, changeId, true, request.reason());
    }

    @POST
    @Path("/{changeId}/rejection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "rejectEnterpriseGrade", summary = "Reject a proposed grade", description = "Roles: SUPERVISOR, ADMIN, not the "
            + "proposer (403).")
    @APIResponse(responseCode = "200", description = "REJECTED", content = @Content(schema = @Schema(implementation = GradeChange.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such enterprise or change")
    @APIResponse(responseCode = "409", description = "conflict: not PROPOSED")
    public GradeChange reject(@PathParam("enterpriseId") long enterpriseId, @PathParam("changeId") long changeId,
                              @Valid @RequiredBody ReasonRequest request) {
        return grades.decide(callers.person(), enterpriseId, changeId, false, request.reason());
    }
}

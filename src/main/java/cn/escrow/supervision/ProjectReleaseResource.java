package cn.escrow.supervision;

import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Amount;
import cn.escrow.platform.validation.Name;
import cn.escrow.platform.validation.Reason;
import cn.escrow.platform.validation.Text;
import cn.escrow.registry.RegistryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Release applications of one project: an enterprise applies at a construction node; everyone concerned lists them. */
@Path("/api/v1/projects/{projectId}/releases")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Releases")
@SecurityRequirement(name = "basic")
public class ProjectReleaseResource {

    private final ReleaseService releases;
    private final RegistryService registry;
    private final Callers callers;

    public ProjectReleaseResource(ReleaseService releases, RegistryService registry, Callers callers) {
        this.releases = releases;
        this.registry = registry;
        this.callers = callers;
    }

    public record ApplyRequest(
            @NotNull @Pattern(regexp = "^[A-Z0-9_]{1,32}$", message = "must be a node code") String nodeCode,
            @NotNull @Amount @Schema(type = SchemaType.STRING, example = "3000000.00") BigDecimal amount,
            @NotNull @Name String payeeName,
            @NotNull @Pattern(regexp = "^[0-9A-Za-z-]{1,64}$", message = "must be 1-64 of 0-9 A-Z a-z -") String payeeAccountNo,
            @NotNull @Reason @Schema(description = "What the money pays for (construction only)") String purpose,
            @Size(max = 20, message = "at most 20 documents") List<@NotNull(message = "must not be null") @Text String> documents,
            @NotNull @Pattern(regexp = "^[A-Z_]{1,40}$", message = "must be a category code")
            @Schema(example = "CONSTRUCTION_PROGRESS", description = "One of escrow.releases.spending-categories; a banned one "
                    + "(loan interest, land, fines, marketing, wages) is 422 category-banned") String spendingCategory) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ENTERPRISE, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "applyForRelease", summary = "Apply for a release", description = "Role: ENTERPRISE, for its own projects; "
            + "SUPERVISOR or ADMIN on a creditor's behalf (法〔2022〕12号: the payee must be an approved registered CONSTRUCTION, "
            + "MATERIAL or EQUIPMENT payee; forCreditor true; another supervisor decides). Names the construction node reached, the "
            + "amount, an approved registered payee's account, the spending category, purpose and document references.")
    @APIResponse(responseCode = "201", description = "Applied", content = @Content(schema = @Schema(implementation = ReleaseService.ReleaseView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "422", description = "unknown-reference: unknown node, no supervised account, or the payee "
            + "account is not an approved registered payee; category-banned: a banned spending category")
    public Response apply(@PathParam("projectId") long projectId, @Valid @RequiredBody ApplyRequest r) {
        String releaseNo = releases.apply(callers.person(), projectId, new ReleaseService.Application(r.nodeCode(), r.amount(),
                r.payeeName(), r.payeeAccountNo(), r.purpose(), r.documents(), r.spendingCategory()));
        return Response.created(URI.create("/api/v1/releases/" + releaseNo)).entity(releases.view(releaseNo)).build();
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listProjectReleases", summary = "List a project's release applications", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE "
            + "users their own. Newest first.")
    @APIResponse(responseCode = "200", description = "The applications", content = @Content(schema = @Schema(implementation = ReleaseService.ReleaseView[].class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<ReleaseService.ReleaseView> list(@PathParam("projectId") long projectId) {
        registry.project(callers.person(), projectId);
        return releases.list(projectId);
    }

}

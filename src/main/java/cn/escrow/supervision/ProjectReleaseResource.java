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
import jakarta.persistence.EntityManager;
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
    private final EntityManager em;

    public ProjectReleaseResource(ReleaseService releases, RegistryService registry, Callers callers, EntityManager em) {
        this.releases = releases;
        this.registry = registry;
        this.callers = callers;
        this.em = em;
    }

    public record ApplyRequest(
            @NotNull @Pattern(regexp = "^[A-Z0-9_]{1,32}$", message = "must be a node code") String nodeCode,
            @NotNull @Amount @Schema(type = SchemaType.STRING, example = "3000000.00") BigDecimal amount,
            @NotNull @Name String payeeName,
            @NotNull @Pattern(regexp = "^[0-9A-Za-z-]{1,64}$", message = "must be 1-64 of 0-9 A-Z a-z -") String payeeAccountNo,
            @NotNull @Reason @Schema(description = "What the money pays for (construction only)") String purpose,
            @Size(max = 20, message = "at most 20 documents") List<@NotNull(message = "must not be null") @Text String> documents) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ENTERPRISE)
    @Operation(operationId = "applyForRelease", summary = "Apply for a release", description = "Role: ENTERPRISE, for its own projects. Names the construction "
            + "node reached, the amount, payee, purpose and document references; a supervisor then decides.")
    @APIResponse(responseCode = "201", description = "Applied", content = @Content(schema = @Schema(implementation = ReleaseService.ReleaseView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "422", description = "unknown-reference: unknown node, or no supervised account")
    public Response apply(@PathParam("projectId") long projectId, @Valid @RequiredBody ApplyRequest r) {
        String releaseNo = releases.apply(callers.person(), projectId, new ReleaseService.Application(r.nodeCode(), r.amount(),
                r.payeeName(), r.payeeAccountNo(), r.purpose(), r.documents()));
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
        List<?> numbers = em.createNativeQuery(
                "SELECT release_no FROM release_application WHERE project_id = :p ORDER BY applied_at DESC, id DESC")
                .setParameter("p", projectId).getResultList();
        return numbers.stream().map(n -> releases.view((String) n)).toList();
    }

}

package cn.escrow.registry;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.CreditCode;
import cn.escrow.platform.validation.Name;
import cn.escrow.platform.validation.RequiredBody;
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
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Enterprises (developers): register, read, list. */
@Path("/api/v1/enterprises")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
@SecurityRequirement(name = "basic")
public class EnterpriseResource {

    private final RegistryService registry;
    private final Callers callers;
    private final RegistryLists lists;
    private final EscrowConfig config;

    public EnterpriseResource(RegistryService registry, Callers callers, RegistryLists lists, EscrowConfig config) {
        this.registry = registry;
        this.callers = callers;
        this.lists = lists;
        this.config = config;
    }

    public record CreateEnterprise(@NotNull @Name String name,
                                   @NotNull @CreditCode
                                   @Schema(description = "18-character unified social credit code (GB 32100-2015)", example = "91530100MA6K0WUF0B")
                                   String creditCode) {
    }

    public record EnterpriseView(long id, String name, String creditCode, boolean blacklisted,
                                 @Schema(description = "Credit grade: A well graded, B standard, C bad record") String grade) {
        static EnterpriseView of(Enterprise e) {
            return new EnterpriseView(e.id, e.name, e.creditCode, e.blacklisted, e.grade);
        }
    }

    @POST
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "createEnterprise", summary = "Register an enterprise", description = "Roles: SUPERVISOR, ADMIN. The credit code's check character is verified.")
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = EnterpriseView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "409", description = "conflict: the credit code is registered")
    public Response create(@Valid @RequiredBody CreateEnterprise request) {
        Enterprise e = registry.createEnterprise(callers.person(), request.name(), request.creditCode());
        return Response.created(URI.create("/api/v1/enterprises/" + e.id)).entity(EnterpriseView.of(e)).build();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getEnterprise", summary = "Get an enterprise", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users only their own.")
    @APIResponse(responseCode = "200", description = "The enterprise", content = @Content(schema = @Schema(implementation = EnterpriseView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public EnterpriseView get(@PathParam("id") long id) {
        return EnterpriseView.of(registry.enterprise(callers.person(), id));
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listEnterprises", summary = "List enterprises", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users see only their own. "
            + "Ordered by id; the total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of enterprises", content = @Content(schema = @Schema(implementation = EnterpriseView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad page or size")
    public Response list(@Parameter(description = "Only names containing this text") @QueryParam("name") String name,
                         @Parameter(description = "Only this credit code") @QueryParam("creditCode") String creditCode,
                         @Parameter(description = "Only blacklisted (true) or not (false)") @QueryParam("blacklisted") Boolean blacklisted,
                         @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        var found = lists.enterprises(callers.person(), name, creditCode, blacklisted, paging).map(EnterpriseView::of);
        return PageRequest.respond(found.items(), found.total());
    }
}

package cn.escrow.registry;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.AccountNo;
import cn.escrow.platform.validation.BankCode;
import cn.escrow.platform.validation.DivisionCode;
import cn.escrow.platform.validation.BusinessKey;
import cn.escrow.platform.validation.Name;
import cn.escrow.platform.validation.Text;
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
import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Presale projects and their one supervised account. */
@Path("/api/v1/projects")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
@SecurityRequirement(name = "basic")
public class ProjectResource {

    private final RegistryService registry;
    private final Callers callers;
    private final RegistryLists lists;
    private final EscrowConfig config;
    private final EscrowClock clock;

    public ProjectResource(RegistryService registry, Callers callers, RegistryLists lists, EscrowConfig config, EscrowClock clock) {
        this.registry = registry;
        this.callers = callers;
        this.lists = lists;
        this.config = config;
        this.clock = clock;
    }

    public record CreateProject(@NotNull Long enterpriseId,
                                @NotNull @Name String name,
                                @NotNull @BusinessKey String presalePermitNo,
                                @Text String address,
                                @Schema(description = "The county-level GB/T 2260 division (not ending 00). Absent: the creator's one "
                                        + "county, else escrow.divisions.default-code") @DivisionCode String divisionCode) {
    }

    public record ProjectView(long id, long enterpriseId, String name, String presalePermitNo, String address,
                              String divisionCode, boolean signingEnabled, OffsetDateTime signingChangedAt) {
    }

    public record OpenAccount(@NotNull @BankCode String bankCode,
                              @NotNull @AccountNo String accountNo,
                              @NotNull @Schema(description = "enterprise name + project name + 预售资金监管专户")
                              @Name String accountName) {
    }

    public record AccountView(long projectId, String bankCode, String accountNo, String accountName, BigDecimal balance,
                              long entryCount) {
        static AccountView of(SupervisedAccount a) {
            return new AccountView(a.projectId, a.bankCode, a.accountNo, a.accountName, a.balance, a.entryCount);
        }
    }

    private ProjectView view(Project p) {
        return new ProjectView(p.id, p.enterpriseId, p.name, p.presalePermitNo, p.address, p.divisionCode, p.signingEnabled,
                clock.inZone(p.signingChangedAt));
    }

    @POST
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "createProject", summary = "Register a project", description = "Roles: SUPERVISOR, ADMIN. Online signing starts enabled. "
            + "A blacklisted enterprise's projects are registered too: their presale money must be supervised.")
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = ProjectView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "409", description = "conflict: the presale permit is registered")
    @APIResponse(responseCode = "422", description = "unknown-reference: no such enterprise")
    public Response create(@Valid @RequiredBody CreateProject request) {
        Project p = registry.createProject(callers.person(), request.enterpriseId(), request.name(),
                request.presalePermitNo(), request.address(), request.divisionCode());
        return Response.created(URI.create("/api/v1/projects/" + p.id)).entity(view(p)).build();
    }

    @GET
    @Path("/{projectId}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getProject", summary = "Get a project", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users only their own.")
    @APIResponse(responseCode = "200", description = "The project", content = @Content(schema = @Schema(implementation = ProjectView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public ProjectView get(@PathParam("projectId") long projectId) {
        return view(registry.project(callers.person(), projectId));
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listProjects", summary = "List projects", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users see only their own. "
            + "Ordered by id; the total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of projects", content = @Content(schema = @Schema(implementation = ProjectView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad page or size")
    public Response list(@Parameter(description = "Only projects of this enterprise") @QueryParam("enterpriseId") Long enterpriseId,
                         @Parameter(description = "Only projects whose signing is enabled (true) or disabled (false)")
                         @QueryParam("signingEnabled") Boolean signingEnabled,
                         @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        var found = lists.projects(callers.person(), enterpriseId, signingEnabled, paging).map(this::view);
        return PageRequest.respond(found.items(), found.total());
    }

    @POST
    @Path("/{projectId}/account")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "openSupervisedAccount", summary = "Open the project's supervised account", description = "Roles: SUPERVISOR, ADMIN. One account per project; "
            + "the name must be exactly enterprise name + project name + 预售资金监管专户.")
    @APIResponse(responseCode = "201", description = "Opened", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found: no such project")
    @APIResponse(responseCode = "409", description = "conflict: the project has an account, or the account number is taken")
    @APIResponse(responseCode = "422", description = "account-name-nonstandard")
    public Response openAccount(@PathParam("projectId") long projectId,
                                @Valid @RequiredBody OpenAccount request) {
        SupervisedAccount a = registry.openAccount(callers.person(), projectId, request.bankCode(), request.accountNo(),
                request.accountName());
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/account")).entity(AccountView.of(a)).build();
    }

    @GET
    @Path("/{projectId}/account")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getSupervisedAccount", summary = "Get the project's supervised account", description = "With its current balance and entry count. "
            + "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users only their own.")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project or no account yet")
    public AccountView account(@PathParam("projectId") long projectId) {
        return AccountView.of(registry.account(callers.person(), projectId));
    }
}

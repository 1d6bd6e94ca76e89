package cn.escrow.payees;

import cn.escrow.payees.PayeeService.PayeeView;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.AccountNo;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A project's registered payees: proposed by its developer or the bureau, listed for the parties. */
@Path("/api/v1/projects/{projectId}/payees")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Payees")
@SecurityRequirement(name = "basic")
public class PayeeResource {

    private final PayeeService payees;
    private final Callers callers;

    public PayeeResource(PayeeService payees, Callers callers) {
        this.payees = payees;
        this.callers = callers;
    }

    public record PayeeRequest(@NotNull @Name @Schema(example = "云南建工第三建设有限公司") String name,
                               @NotNull @AccountNo @Schema(example = "53001234567890") String accountNo,
                               @NotNull @Name @Schema(example = "中国建设银行昆明五华支行") String bankName,
                               @NotNull PayeeService.Kind kind) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "proposePayee", summary = "Propose a payee of the project",
            description = "Roles: SUPERVISOR, ADMIN; ENTERPRISE users for their own projects. PROPOSED until a supervisor other "
                    + "than the proposer approves it; an account is a payee of a project once (409).")
    @APIResponse(responseCode = "201", description = "PROPOSED", content = @Content(schema = @Schema(implementation = PayeeView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project, or another enterprise's")
    @APIResponse(responseCode = "409", description = "conflict: the account is already a payee of the project")
    public Response propose(@PathParam("projectId") long projectId, @Valid @RequiredBody PayeeRequest request) {
        return Response.status(Response.Status.CREATED).entity(payees.propose(callers.person(), projectId,
                new PayeeService.Proposal(request.name(), request.accountNo(), request.bankName(), request.kind()))).build();
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listPayees", summary = "List the project's payees",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. APPROVED ones first.")
    @APIResponse(responseCode = "200", description = "The payees",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = PayeeView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<PayeeView> list(@PathParam("projectId") long projectId) {
        return payees.list(callers.person(), projectId);
    }
}

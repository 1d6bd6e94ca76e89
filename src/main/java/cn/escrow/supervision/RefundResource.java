package cn.escrow.supervision;

import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Amount;
import cn.escrow.platform.validation.Reason;
import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.supervision.RefundService.RefundApplicationView;
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
import java.math.BigDecimal;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Refund applications: key money for a cancelled contract's refund, applied for and approved by another person. */
@Path("/api/v1/contracts/{contractNo}/refund-applications")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Refunds")
@SecurityRequirement(name = "basic")
public class RefundResource {

    private final RefundService refunds;
    private final Callers callers;

    public RefundResource(RefundService refunds, Callers callers) {
        this.refunds = refunds;
        this.callers = callers;
    }

    public record RefundApplicationRequest(
            @NotNull @Amount @Schema(type = SchemaType.STRING, example = "150000.00",
                    description = "The part of the refund to pay from key money") BigDecimal keyAmount,
            @NotNull @Reason String reason) {
    }

    @POST
        @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "applyForKeyMoneyRefund", summary = "Apply to pay part of a refund from key money",
            description = "Roles: SUPERVISOR, ADMIN; ENTERPRISE users for their own contracts. The contract must be CANCELLED and "
                    + "keyAmount at most its refund still due. One application awaits a decision per contract.")
    @APIResponse(responseCode = "201", description = "APPLIED", content = @Content(schema = @Schema(implementation = RefundApplicationView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such contract, or another enterprise's")
    @APIResponse(responseCode = "409", description = "conflict: the contract is not cancelled, or an application awaits a decision")
    public Response apply(@PathParam("contractNo") String contractNo, @Valid @RequiredBody RefundApplicationRequest request) {
        return Response.status(Response.Status.CREATED)
                .entity(refunds.apply(callers.person(), contractNo, request.keyAmount(), request.reason())).build();
    }

    @GET
        @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listRefundApplications", summary = "List a contract's refund applications",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. Newest first.")
    @APIResponse(responseCode = "200", description = "The applications",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = RefundApplicationView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<RefundApplicationView> list(@PathParam("contractNo") String contractNo) {
        return refunds.list(callers.person(), contractNo);
    }
}

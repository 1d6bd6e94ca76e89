package cn.escrow.supervision;

import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.ReasonRequest;
import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.supervision.RefundService.RefundApplicationView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One refund application: read it, and another supervisor's approval (lowering K) or rejection. */
@Path("/api/v1/refund-applications/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Refunds")
@SecurityRequirement(name = "basic")
public class RefundDecisionResource {

    private final RefundService refunds;
    private final Callers callers;

    public RefundDecisionResource(RefundService refunds, Callers callers) {
        this.refunds = refunds;
        this.callers = callers;
    }

    @GET
        @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getRefundApplication", summary = "Get a refund application",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own.")
    @APIResponse(responseCode = "200", description = "The application", content = @Content(schema = @Schema(implementation = RefundApplicationView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public RefundApplicationView get(@PathParam("id") long id) {
        return refunds.get(callers.person(), id);
    }

    @POST
    @Path("/approval")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "approveKeyMoneyRefund", summary = "Approve a refund application",
            description = "Roles: SUPERVISOR, ADMIN, not the applicant (403). The key amount goes down by keyAmount (a "
                    + "key-amount change with the application's number), so the refund is then paid from free money.")
    @APIResponse(responseCode = "200", description = "APPROVED", content = @Content(schema = @Schema(implementation = RefundApplicationView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: not awaiting a decision, or more than the remaining key obligation")
    public RefundApplicationView approve(@PathParam("id") long id, @Valid @RequiredBody ReasonRequest request) {
        return refunds.approve(callers.person(), id, request.reason());
    }

    @POST
    @Path("/rejection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "rejectKeyMoneyRefund", summary = "Reject a refund application",
            description = "Roles: SUPERVISOR, ADMIN, not the applicant (403).")
    @APIResponse(responseCode = "200", description = "REJECTED", content = @Content(schema = @Schema(implementation = RefundApplicationView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: not awaiting a decision")
    public RefundApplicationView reject(@PathParam("id") long id, @Valid @RequiredBody ReasonRequest request) {
        return refunds.reject(callers.person(), id, request.reason());
    }
}

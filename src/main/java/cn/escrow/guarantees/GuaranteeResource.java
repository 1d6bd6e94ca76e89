package cn.escrow.guarantees;

import cn.escrow.guarantees.GuaranteePayments.GuaranteePaymentView;
import cn.escrow.guarantees.GuaranteeService.GuaranteeView;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Amount;
import cn.escrow.platform.validation.BankCode;
import cn.escrow.platform.validation.BusinessKey;
import cn.escrow.platform.validation.Name;
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
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A project's bank guarantees (保函): recorded by one supervisor, accepted by another, read by everyone concerned. */
@Path("/api/v1/projects/{projectId}/guarantees")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Key supervised amount")
@SecurityRequirement(name = "basic")
public class GuaranteeResource {

    private final GuaranteeService guarantees;
    private final RegistryService registry;
    private final Callers callers;
    private final GuaranteePayments payments;

    public GuaranteeResource(GuaranteeService guarantees, RegistryService registry, Callers callers, GuaranteePayments payments) {
        this.guarantees = guarantees;
        this.payments = payments;
        this.registry = registry;
        this.callers = callers;
    }

    public record GuaranteeRequest(@NotNull @BusinessKey String guaranteeNo, @NotNull @Name String guarantorName,
                                   @NotNull @BankCode String guarantorCode,
                                   @NotNull @Amount @Schema(type = SchemaType.STRING, example = "300000.00") BigDecimal amount,
                                   @NotNull LocalDate validFrom, @NotNull LocalDate validUntil) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "recordGuarantee", summary = "Record a bank guarantee that replaces part of the key amount",
            description = "Roles: SUPERVISOR, ADMIN. Recorded as PROPOSED: it frees key money, so another person accepts it "
                    + "(POST .../{guaranteeNo}/acceptance) before it counts. Acceptable once the account holds the remaining key obligation, and while all "
                    + "active guarantees stay within escrow.guarantees.max-share-percent (default 30) of the key amount; else 409 "
                    + "conflict with rule GUARANTEE_NOT_ACCEPTED. The guaranteed part becomes free money (the supervision position's "
                    + "guaranteed). Each later key-money release adds keyPart × amount ÷ key amount to its topUpDue and raises "
                    + "GUARANTEE_TOP_UP_DUE. It expires at the completion filing or after validUntil (GUARANTEE_EXPIRING warns "
                    + "escrow.guarantees.warn-before ahead).")
    @APIResponse(responseCode = "201", description = "Recorded: PROPOSED", content = @Content(schema = @Schema(implementation = GuaranteeView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: the guarantee number exists, or the rules refuse it (rule GUARANTEE_NOT_ACCEPTED)")
    public Response record(@PathParam("projectId") long projectId, @Valid @RequiredBody GuaranteeRequest r) {
        GuaranteeView view = guarantees.record(callers.person(), projectId, new GuaranteeService.NewGuarantee(r.guaranteeNo(),
                r.guarantorName(), r.guarantorCode(), r.amount(), r.validFrom(), r.validUntil()));
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/guarantees")).entity(view).build();
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listGuarantees", summary = "List a project's guarantees",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. Newest first.")
    @APIResponse(responseCode = "200", description = "The guarantees", content = @Content(schema = @Schema(implementation = GuaranteeView[].class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<GuaranteeView> list(@PathParam("projectId") long projectId) {
        registry.project(callers.person(), projectId);
        return guarantees.list(projectId);
    }

    @POST
    @Path("/{guaranteeNo}/acceptance")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "acceptGuarantee", summary = "Accept a recorded guarantee (the second person)",
            description = "Roles: SUPERVISOR, ADMIN, not whoever recorded it (403). The rules are checked again under the project's "
                    + "lock (409 with rule GUARANTEE_NOT_ACCEPTED); then it is ACTIVE and its amount is free money.")
    @APIResponse(responseCode = "200", description = "ACTIVE", content = @Content(schema = @Schema(implementation = GuaranteeView.class)))
    @APIResponse(responseCode = "404", description = "not-found: the project or the guarantee")
    @APIResponse(responseCode = "409", description = "conflict: not PROPOSED, run out, or the rules refuse it now (rule GUARANTEE_NOT_ACCEPTED)")
    public GuaranteeView accept(@PathParam("projectId") long projectId, @PathParam("guaranteeNo") String guaranteeNo,
                                @Valid @RequiredBody ReasonRequest r) {
        return guarantees.decide(callers.person(), projectId, guaranteeNo, true, r.reason());
    }

    @POST
    @Path("/{guaranteeNo}/rejection")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "rejectGuarantee", summary = "Reject a recorded guarantee",
            description = "Roles: SUPERVISOR, ADMIN, not whoever recorded it (403). It never counts.")
    @APIResponse(responseCode = "200", description = "REJECTED", content = @Content(schema = @Schema(implementation = GuaranteeView.class)))
    @APIResponse(responseCode = "404", description = "not-found: the project or the guarantee")
    @APIResponse(responseCode = "409", description = "conflict: not PROPOSED")
    public GuaranteeView reject(@PathParam("projectId") long projectId, @PathParam("guaranteeNo") String guaranteeNo,
                                @Valid @RequiredBody ReasonRequest r) {
        return guarantees.decide(callers.person(), projectId, guaranteeNo, false, r.reason());
    }

    public record GuaranteePaymentRequest(
            @NotNull @Schema(description = "The id of the credit in the project's account activity (purpose OTHER)") Long transactionId) {
    }

    @POST
    @Path("/{guaranteeNo}/payments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "recordGuaranteePayment", summary = "Attribute a guarantor's credit to its top-up duty",
            description = "Roles: SUPERVISOR, ADMIN. The credit must be on the project's account, a CREDIT of purpose OTHER, not "
                    + "reversed and not attributed before (422 unknown-reference, 409 conflict). The part applied is the smaller "
                    + "of the credit and the topUpDue then due (nothing due: 409 with rule NO_TOP_UP_DUE); topUpDue goes down "
                    + "and topUpPaid up by it. A later reversal of the credit by its bank makes the applied part due again.")
    @APIResponse(responseCode = "201", description = "Attributed",
            content = @Content(schema = @Schema(implementation = GuaranteePaymentView.class)))
    @APIResponse(responseCode = "404", description = "not-found: the project or the guarantee")
    @APIResponse(responseCode = "409", description = "conflict: the credit is attributed already or was reversed, or nothing is due "
            + "(rule NO_TOP_UP_DUE)")
    @APIResponse(responseCode = "422", description = "unknown-reference: the transaction is not a CREDIT of purpose OTHER on the "
            + "project's account")
    public Response recordPayment(@PathParam("projectId") long projectId, @PathParam("guaranteeNo") String guaranteeNo,
                                  @Valid @RequiredBody GuaranteePaymentRequest r) {
        registry.project(callers.person(), projectId);
        GuaranteePaymentView view = payments.record(callers.person(), projectId, guaranteeNo, r.transactionId());
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/guarantees")).entity(view).build();
    }
}

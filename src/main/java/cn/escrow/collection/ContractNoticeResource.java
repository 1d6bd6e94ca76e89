package cn.escrow.collection;

import cn.escrow.collection.PaymentNoticeService.Kind;
import cn.escrow.collection.PaymentNoticeService.NoticeView;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Amount;
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

/** Payment notices (缴款通知书) of a contract: issued by its developer or the bureau, read by those who see the contract. */
@Path("/api/v1/contracts/{contractNo}/payment-notices")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collection")
@SecurityRequirement(name = "basic")
public class ContractNoticeResource {

    private final PaymentNoticeService notices;
    private final Callers callers;

    public ContractNoticeResource(PaymentNoticeService notices, Callers callers) {
        this.notices = notices;
        this.callers = callers;
    }


    @Schema(name = "IssuePaymentNotice")
    public record IssueNotice(@NotNull Kind kind,
                              @NotNull @Amount @Schema(type = SchemaType.STRING, example = "300000.00") BigDecimal amount,
                              @NotNull LocalDate dueDate) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "issuePaymentNotice", summary = "Issue a payment notice for a contract",
            description = "Roles: ENTERPRISE (its own contracts: the developer hands the buyer the notice), SUPERVISOR, ADMIN. "
                    + "kind DOWN_PAYMENT or FULL_PAYMENT; amount at most what the buyer still owes of the down payment (or the "
                    + "whole price) after the buyer money in and the other ISSUED notices (else 400); dueDate not in the past. "
                    + "The number (JK + issue day + sequence) is generated. The bank checks it with GET /bank/payment-notices/{noticeNo}.")
    @APIResponse(responseCode = "201", description = "Issued", content = @Content(schema = @Schema(implementation = NoticeView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such contract in the caller's scope")
    @APIResponse(responseCode = "409", description = "conflict: the contract is cancelled, or its project has no supervised account")
    public Response issue(@PathParam("contractNo") String contractNo, @Valid @RequiredBody IssueNotice r) {
        NoticeView n = notices.issue(callers.person(), contractNo, r.kind(), r.amount(), r.dueDate());
        return Response.created(URI.create("/api/v1/payment-notices/" + n.noticeNo())).entity(n).build();
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listContractPaymentNotices", summary = "List a contract's payment notices",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. Oldest first.")
    @APIResponse(responseCode = "200", description = "The notices", content = @Content(schema = @Schema(implementation = NoticeView[].class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<NoticeView> ofContract(@PathParam("contractNo") String contractNo) {
        return notices.ofContract(callers.person(), contractNo);
    }
}

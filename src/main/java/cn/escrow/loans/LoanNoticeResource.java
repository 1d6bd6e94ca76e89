package cn.escrow.loans;

import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.bank.BankViews.DisbursementView;
import cn.escrow.bank.LoanDisbursement;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.TimeParam;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.BankCode;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Loan notices for bureau and enterprise staff: the list, and a supervisor's withdrawal of a notice that will never be paid. */
@Path("/api/v1/loan-disbursements")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Account activity")
@SecurityRequirement(name = "basic")
public class LoanNoticeResource {

    private final LoanNoticeList list;
    private final LoanNoticeService notices;
    private final Callers callers;
    private final EscrowConfig config;

    public LoanNoticeResource(LoanNoticeList list, LoanNoticeService notices, Callers callers, EscrowConfig config) {
        this.list = list;
        this.notices = notices;
        this.callers = callers;
        this.config = config;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listLoanDisbursements", summary = "List loan notices", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users only their own "
            + "enterprise's projects (another enterprise's projectId answers 404). Filter by status, project, lender (lenderCode, "
            + "or bankCode, its version 1 name) and due time; ordered by due time; the total is in X-Total-Count. A notice that "
            + "was ever overdue keeps overdueAt, fundsArrivedAt is the booking time of the credit that completed it, and "
            + "lateArrival says whether the money was late by booking time.")
    @APIResponse(responseCode = "200", description = "A page of notices", content = @Content(schema = @Schema(implementation = DisbursementView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad filter, page or size")
    @APIResponse(responseCode = "404", description = "not-found: for ENTERPRISE users, a project that is not their enterprise's")
    public Response list(@QueryParam("status") LoanDisbursement.Status status,
                         @QueryParam("projectId") Long projectId,
                         @Parameter(description = "Only notices of this lender") @QueryParam("lenderCode") @BankCode String lenderCode,
                         @Parameter(description = "Same as lenderCode (version 1)") @QueryParam("bankCode") String bankCode,
                         @Parameter(description = "Due at or after (ISO-8601 with offset)") @QueryParam("dueFrom") String dueFrom,
                         @Parameter(description = "Due before (ISO-8601 with offset)") @QueryParam("dueTo") String dueTo,
                         @Parameter(description = "Only those that were ever overdue (true)") @QueryParam("everOverdue") Boolean everOverdue,
                         @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        LoanNoticeList.Page found = list.page(callers.person(), new LoanNoticeList.Filter(status, projectId,
                lenderCode != null ? lenderCode : bankCode, TimeParam.parse("dueFrom", dueFrom), TimeParam.parse("dueTo", dueTo),
                everOverdue), paging);
        return PageRequest.respond(found.items(), found.total());
    }

    @POST
    @Path("/{id}/withdrawal")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "withdrawLoanDisbursement", summary = "Withdraw a loan notice", description = "Roles: SUPERVISOR, ADMIN. Ends a notice that will never be paid "
            + "(status WITHDRAWN, with the reason): it no longer counts against the contract's loan amount and never becomes "
            + "overdue. Withdrawing the project's last overdue notice gives its signing back in the same transaction, unless "
            + "a manual lock remains. Repeating it answers 200 and changes nothing. Audited with the reason.")
    @APIResponse(responseCode = "200", description = "The notice, withdrawn", content = @Content(schema = @Schema(implementation = DisbursementView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed: the reason is required")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: loan money is matched to the notice")
    @APIResponse(responseCode = "503", description = "service-unavailable: retry after Retry-After seconds")
    public DisbursementView withdraw(@PathParam("id") long id, @Valid @RequiredBody Withdrawal request) {
        return notices.withdraw(callers.person(), id, request.reason());
    }
}

package cn.escrow.bank;

import cn.escrow.bank.BankPushes.AccountTransactionPush;
import cn.escrow.bank.BankPushes.LoanDisbursementPush;
import cn.escrow.bank.BankViews.DisbursementView;
import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.bank.BankViews.TransactionView;
import cn.escrow.clients.SignedRequests;
import cn.escrow.loans.LoanNoticeService;
import cn.escrow.loans.Withdrawal;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Signed pushes from banks (and loan notices from provident fund centres), and a lender's own notices. The body is read as raw bytes, the signature checked over exactly
 * those bytes, and only then parsed; a push is answered after its transaction has committed
 * ({@link PushCommitter} lets concurrent pushes share one commit). The methods return a stage, so
 * they run on the event loop and no thread waits for the commit.
 */
@Path("/api/v1/bank")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Bank pushes")
@SecurityRequirement(name = "clientSignature")
public class BankPushResource {

    private final BankPushService pushes;
    private final DisbursementPushService notices;
    private final LoanNoticeService lifecycle;
    private final BankPushHandler handler;
    private final PushCommitter committer;
    private final SignedRequests signed;

    public BankPushResource(BankPushService pushes, DisbursementPushService notices, LoanNoticeService lifecycle,
                            BankPushHandler handler, PushCommitter committer, SignedRequests signed) {
        this.pushes = pushes;
        this.notices = notices;
        this.lifecycle = lifecycle;
        this.handler = handler;
        this.committer = committer;
        this.signed = signed;
    }


    @POST
    @Path("/loan-disbursements")
    @PermitAll
    @Operation(operationId = "pushLoanDisbursement", summary = "Push a loan disbursement", description = "The lender's notice: "
            + "any BANK client, or a PROVIDENT_FUND_CENTER client for PROVIDENT_FUND loans (another loan type: 403), for any "
            + "supervised account. "
            + "dueAt is the start of day (push date + escrow.loan-arrival.deadline-days + 1) in the service zone. "
            + "Idempotent by (lenderCode, serialNo): an identical repeat answers 200 with the notice as it stands now; "
            + "different content answers 409 idempotency-conflict. 422 loan-mismatch (with rule) when the contract is cancelled, "
            + "the loan type does not fit it, or its notices not withdrawn would exceed its loanAmount. Loan credits that "
            + "arrived before this notice are matched at once.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = LoanDisbursementPush.class)))
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(schema = @Schema(implementation = DisbursementView.class)))
    @APIResponse(responseCode = "200", description = "Identical repeat", content = @Content(schema = @Schema(implementation = DisbursementView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "403", description = "forbidden: not a BANK or PROVIDENT_FUND_CENTER client, or a fund centre "
            + "pushing another loan type than PROVIDENT_FUND")
    @APIResponse(responseCode = "409", description = "idempotency-conflict")
    @APIResponse(responseCode = "413", description = "payload-too-large")
    @APIResponse(responseCode = "422", description = "unknown-reference: unknown contract, or the account is not its project's; "
            + "loan-mismatch: cancelled contract, loan type that does not fit, loan amount exceeded")
    @APIResponse(responseCode = "503", description = "service-unavailable: retry after Retry-After seconds")
    public CompletionStage<Response> disbursement(byte[] body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return handler.handleQueued("loan-disbursement", BankPushHandler.LENDERS, body, headers, request, LoanDisbursementPush.class,
                (lender, push) -> {
                    DisbursementPushService.checkLender(lender, push);
                    return committer.submit(push.accountNo(), () -> notices.push(lender, push));
                });
    }

    @GET
    @Path("/loan-disbursements/{serialNo}")
    @PermitAll
    @Operation(operationId = "getLenderLoanDisbursement", summary = "Read a loan notice as its lender", description = "The BANK or PROVIDENT_FUND_CENTER client that pushed "
            + "the notice (signed, empty body): the notice as it stands, so a lender can see whether its money was seen "
            + "(status, matchedAmount, lateArrival). Another lender's serial answers 404, like an unknown one.")
    @APIResponse(responseCode = "200", description = "The notice", content = @Content(schema = @Schema(implementation = DisbursementView.class)))
    @APIResponse(responseCode = "403", description = "forbidden: not a BANK or PROVIDENT_FUND_CENTER client")
    @APIResponse(responseCode = "404", description = "not-found: no notice of this lender with this serial")
    public DisbursementView lenderNotice(@PathParam("serialNo") String serialNo, @Context HttpHeaders headers,
                                         @Context HttpServerRequest request) {
        return lifecycle.lenderNotice(signed.client(headers, request, new byte[0], BankPushHandler.LENDERS), serialNo);
    }

    @POST
    @Path("/loan-disbursements/{serialNo}/revocation")
    @PermitAll
    @Operation(operationId = "revokeLoanDisbursement", summary = "Revoke a loan notice", description = "The lender that pushed the notice (signed) `{reason}`: the loan was "
            + "refused or re-issued, so the notice is WITHDRAWN. Only a notice with no money matched to it (else 409 conflict); "
            + "repeating it answers 200 and changes nothing. Withdrawing the project's last overdue notice gives its signing "
            + "back in the same transaction, unless a manual lock remains. Another lender's serial answers 404.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Withdrawal.class)))
    @APIResponse(responseCode = "200", description = "The notice, withdrawn", content = @Content(schema = @Schema(implementation = DisbursementView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed: the reason is required")
    @APIResponse(responseCode = "403", description = "forbidden: not a BANK or PROVIDENT_FUND_CENTER client")
    @APIResponse(responseCode = "404", description = "not-found: no notice of this lender with this serial")
    @APIResponse(responseCode = "409", description = "conflict: loan money is matched to the notice")
    @APIResponse(responseCode = "413", description = "payload-too-large")
    @APIResponse(responseCode = "503", description = "service-unavailable: retry after Retry-After seconds")
    public Response revoke(@PathParam("serialNo") String serialNo, byte[] body, @Context HttpHeaders headers,
                           @Context HttpServerRequest request) {
        return handler.handle("loan-revocation", BankPushHandler.LENDERS, body, headers, request, Withdrawal.class,
                (lender, revocation) -> new Outcome<>(lifecycle.revoke(lender, serialNo, revocation.reason()), false));
    }

    @POST
    @Path("/account-transactions")
    @PermitAll
    @Operation(operationId = "pushAccountTransaction", summary = "Push an account transaction", description = "BANK clients, "
            + "for accounts at their own bank. A CREDIT with purpose LOAN or PROVIDENT_FUND_LOAN settles the notice named by "
            + "disbursementSerialNo (of lenderCode, default the pushing bank), or else the oldest unsettled notice of contractNo on "
            + "this account, whoever the lender. A notice is late only if a credit completing it was booked (bookedAt) at or "
            + "after its dueAt. reversesSerialNo cancels an earlier transaction "
            + "of this account (opposite direction, same amount, once). Idempotent by (bank, serialNo).")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = AccountTransactionPush.class)))
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(schema = @Schema(implementation = TransactionView.class)))
    @APIResponse(responseCode = "200", description = "Identical repeat", content = @Content(schema = @Schema(implementation = TransactionView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "403", description = "forbidden: not a BANK client, or another bank's account")
    @APIResponse(responseCode = "409", description = "idempotency-conflict, or conflict (bad or repeated reversal)")
    @APIResponse(responseCode = "413", description = "payload-too-large")
    @APIResponse(responseCode = "422", description = "unknown-reference: unknown account, contract or reversed transaction")
    @APIResponse(responseCode = "503", description = "service-unavailable: retry after Retry-After seconds")
    public CompletionStage<Response> transaction(byte[] body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return handler.handleQueued("account-transaction", BankPushHandler.BANKS, body, headers, request, AccountTransactionPush.class,
                (bank, push) -> {
                    push.checkLender();
                    return committer.submitTransaction(bank, push, () -> pushes.pushTransaction(bank, push));
                });
    }
}

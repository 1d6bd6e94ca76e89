package cn.escrow.bank;

import cn.escrow.bank.BankPushes.AccountTransactionPush;
import cn.escrow.bank.BankPushes.LoanDisbursementPush;
import cn.escrow.bank.BankViews.DisbursementView;
import cn.escrow.bank.BankViews.TransactionView;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
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
 * Signed pushes from banks. The body is read as raw bytes, the signature checked over exactly
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
    private final BankPushHandler handler;
    private final PushCommitter committer;

    public BankPushResource(BankPushService pushes, BankPushHandler handler, PushCommitter committer) {
        this.pushes = pushes;
        this.handler = handler;
        this.committer = committer;
    }

    @POST
    @Path("/loan-disbursements")
    @PermitAll
    @Operation(operationId = "pushLoanDisbursement", summary = "Push a loan disbursement", description = "BANK clients, for accounts at their own bank. "
            + "dueAt is the start of day (push date + escrow.loan-arrival.deadline-days + 1) in the service zone. "
            + "Idempotent by (bank, serialNo): an identical repeat answers 200 with the disbursement as it stands now; "
            + "different content answers 409 idempotency-conflict. Loan credits that arrived before this notice are matched at once.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = LoanDisbursementPush.class)))
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(schema = @Schema(implementation = DisbursementView.class)))
    @APIResponse(responseCode = "200", description = "Identical repeat", content = @Content(schema = @Schema(implementation = DisbursementView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "403", description = "forbidden: not a BANK client, or another bank's account")
    @APIResponse(responseCode = "409", description = "idempotency-conflict")
    @APIResponse(responseCode = "413", description = "payload-too-large")
    @APIResponse(responseCode = "422", description = "unknown-reference: unknown contract, or the account is not its project's")
    @APIResponse(responseCode = "503", description = "service-unavailable: retry after Retry-After seconds")
    public CompletionStage<Response> disbursement(byte[] body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return handler.handleQueued("loan-disbursement", body, headers, request, LoanDisbursementPush.class,
                (bank, push) -> committer.submit(push.accountNo(), () -> pushes.pushDisbursement(bank, push)));
    }

    @POST
    @Path("/account-transactions")
    @PermitAll
    @Operation(operationId = "pushAccountTransaction", summary = "Push an account transaction", description = "BANK clients, for accounts at their own bank. "
            + "A CREDIT with purpose LOAN or PROVIDENT_FUND_LOAN settles the disbursement named by disbursementSerialNo, or else "
            + "the oldest unsettled disbursement of contractNo on this account. reversesSerialNo cancels an earlier transaction "
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
        return handler.handleQueued("account-transaction", body, headers, request, AccountTransactionPush.class,
                (bank, push) -> committer.submit(push.accountNo(), () -> pushes.pushTransaction(bank, push)));
    }
}

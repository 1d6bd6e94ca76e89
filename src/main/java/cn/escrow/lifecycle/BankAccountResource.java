package cn.escrow.lifecycle;

import cn.escrow.clients.SignedRequests;
import cn.escrow.lifecycle.LifecycleViews.AccountView;
import cn.escrow.lifecycle.LifecycleViews.CloseInstruction;
import cn.escrow.platform.json.JsonBodies;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.AmountOrZero;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The supervising bank's signed calls on an account's life: it confirms the opening (建立监管) and reads the close instruction (解除监管). */
@Path("/api/v1/bank/accounts/{accountNo}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Supervision lifecycle")
@SecurityRequirement(name = "clientSignature")
public class BankAccountResource {

    private final AgreementService agreements;
    private final CompletionService completion;
    private final SignedRequests signed;
    private final JsonBodies json;

    public BankAccountResource(AgreementService agreements, CompletionService completion, SignedRequests signed, JsonBodies json) {
        this.agreements = agreements;
        this.completion = completion;
        this.signed = signed;
        this.json = json;
    }

    public record Confirmation(@NotNull LocalDate openedOn,
                               @NotNull @AmountOrZero @Schema(type = SchemaType.STRING, example = "0.00",
                                       description = "The balance the bank holds: 0.00 for a new account, the handed-over balance after a change")
                               BigDecimal openingBalance) {
    }

    @POST
    @Path("/confirmation")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "confirmSupervisedAccount", summary = "Confirm a supervised account's opening",
            description = "BANK clients (signed), for accounts at their own bank. The account becomes ACTIVE once openingBalance "
                    + "equals the ledger's balance (a reconciled hand-over after a change); a repeat answers the account.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = Confirmation.class)))
    @APIResponse(responseCode = "200", description = "Confirmed", content = @Content(schema = @Schema(implementation = AccountView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such account at the calling bank")
    @APIResponse(responseCode = "409", description = "conflict: the balance does not reconcile; account-closed: the account is closed")
    public AccountView confirm(@PathParam("accountNo") String accountNo, byte[] body, @Context HttpHeaders headers,
                               @Context HttpServerRequest request) {
        Caller bank = signed.client(headers, request, body, Caller.ClientKind.BANK);
        Confirmation c = json.read(body, Confirmation.class);
        return agreements.confirm(bank, accountNo, c.openingBalance());
    }

    @GET
    @Path("/close-instruction")
    @PermitAll
    @Operation(operationId = "getCloseInstruction", summary = "Read the close instruction of an account whose supervision ended",
            description = "BANK clients (signed, empty body) for their own accounts, or SUPERVISOR, AUDITOR, ADMIN (Basic).")
    @SecurityRequirement(name = "basic")
    @APIResponse(responseCode = "200", description = "The instruction", content = @Content(schema = @Schema(implementation = CloseInstruction.class)))
    @APIResponse(responseCode = "404", description = "not-found: no ended supervision for that account at the calling bank")
    public CloseInstruction closeInstruction(@PathParam("accountNo") String accountNo, @Context HttpHeaders headers,
                                             @Context HttpServerRequest request) {
        Caller caller = signed.clientOrPerson(headers, request, new byte[0], Caller.ClientKind.BANK, Roles.SUPERVISOR, Roles.AUDITOR,
                Roles.ADMIN);
        return completion.closeInstruction(caller, accountNo);
    }
}

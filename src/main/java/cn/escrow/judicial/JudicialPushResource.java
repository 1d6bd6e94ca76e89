package cn.escrow.judicial;

import cn.escrow.bank.BankPushHandler;
import cn.escrow.judicial.JudicialPushes.JudicialActionPush;
import cn.escrow.judicial.JudicialViews.JudicialActionView;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Signed pushes of court actions (freeze, unfreeze, deduction) on supervised accounts, by the account's bank. */
@Path("/api/v1/bank/judicial-actions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Bank pushes")
@SecurityRequirement(name = "clientSignature")
public class JudicialPushResource {

    private final JudicialService judicial;
    private final BankPushHandler handler;

    public JudicialPushResource(JudicialService judicial, BankPushHandler handler) {
        this.judicial = judicial;
        this.handler = handler;
    }

    @POST
    @PermitAll
    @Operation(operationId = "pushJudicialAction", summary = "Push a court action on a supervised account", description = "BANK clients, for accounts at their own "
            + "bank. FREEZE (amount required) raises a WARNING alert JUDICIAL_FREEZE; a second active freeze by the same "
            + "documentNo answers 409 conflict. UNFREEZE names the active freeze it lifts by freezeDocumentNo (and carries no "
            + "amount): the freeze gets liftedAt = actedAt and an INFO alert JUDICIAL_UNFREEZE is raised. DEDUCTION (amount "
            + "required) raises an INFO alert JUDICIAL_DEDUCTION when the bureau recorded a consent for this project and "
            + "documentNo whose amount still covers it (consentId is set), else a HIGH alert UNCONSENTED_DEDUCTION. The "
            + "bank's debit itself is pushed as an account transaction and is linked to the deduction by amount; a debit "
            + "booked before the notice raised UNEXPLAINED_DEBIT, which the deduction then closes (linkedTransactionSerialNo). "
            + "Idempotent by (bank, serialNo): an identical repeat answers 200 with the action as it stands now; different "
            + "content answers 409 idempotency-conflict.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = JudicialActionPush.class)))
    @APIResponse(responseCode = "201", description = "Stored", content = @Content(schema = @Schema(implementation = JudicialActionView.class)))
    @APIResponse(responseCode = "200", description = "Identical repeat", content = @Content(schema = @Schema(implementation = JudicialActionView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed (e.g. amount missing on FREEZE "
            + "or DEDUCTION, freezeDocumentNo missing on UNFREEZE, actedAt without offset or more than a day ahead)")
    @APIResponse(responseCode = "403", description = "forbidden: not a BANK client, or another bank's account")
    @APIResponse(responseCode = "409", description = "idempotency-conflict, or conflict (the same freeze document is already active)")
    @APIResponse(responseCode = "413", description = "payload-too-large")
    @APIResponse(responseCode = "422", description = "unknown-reference: unknown account, or UNFREEZE of a freeze that is "
            + "unknown or already lifted")
    @APIResponse(responseCode = "503", description = "service-unavailable: retry after Retry-After seconds")
    public Response push(byte[] body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return handler.handle("judicial-action", body, headers, request, JudicialActionPush.class, judicial::push);
    }
}

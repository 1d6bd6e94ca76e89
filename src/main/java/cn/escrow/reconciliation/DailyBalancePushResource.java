package cn.escrow.reconciliation;

import cn.escrow.bank.BankPushHandler;
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

/** Signed end-of-day balances from banks, reconciled against the entries they pushed. */
@Path("/api/v1/bank/daily-balances")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Bank pushes")
@SecurityRequirement(name = "clientSignature")
public class DailyBalancePushResource {

    private final ReconciliationService reconciliation;
    private final BankPushHandler handler;

    public DailyBalancePushResource(ReconciliationService reconciliation, BankPushHandler handler) {
        this.reconciliation = reconciliation;
        this.handler = handler;
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "pushDailyBalance", summary = "Push an account's end-of-day balance", description = "BANK clients, for accounts at their own bank. "
            + "date is a day in the service zone (escrow.zone), not after today. Our figures: ownClosingBalance is the sum "
            + "of the signed amounts of the account's entries booked before the next day began, ownEntryCount the number "
            + "booked on that date. When they differ from the bank's, a HIGH BALANCE_MISMATCH alert is raised and releases "
            + "from the project are suspended until a supervisor closes it. Idempotent by (account, date): an identical "
            + "repeat answers 200 with the stored reconciliation; different figures answer 409 idempotency-conflict.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = DailyBalancePush.class)))
    @APIResponse(responseCode = "201", description = "Stored and reconciled", content = @Content(schema = @Schema(implementation = DailyBalanceView.class)))
    @APIResponse(responseCode = "200", description = "Identical repeat", content = @Content(schema = @Schema(implementation = DailyBalanceView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed (bad date, negative balance or count)")
    @APIResponse(responseCode = "403", description = "forbidden: not a BANK client, or another bank's account")
    @APIResponse(responseCode = "409", description = "idempotency-conflict: other figures for a day already reported")
    @APIResponse(responseCode = "413", description = "payload-too-large")
    @APIResponse(responseCode = "422", description = "unknown-reference: unknown account")
    @APIResponse(responseCode = "503", description = "service-unavailable: retry after Retry-After seconds")
    public Response push(byte[] body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        return handler.handle("daily-balance", body, headers, request, DailyBalancePush.class, reconciliation::push);
    }
}

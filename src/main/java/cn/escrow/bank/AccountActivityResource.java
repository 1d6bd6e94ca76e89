package cn.escrow.bank;

import cn.escrow.bank.AccountActivity.AccountSummary;
import cn.escrow.bank.BankViews.TransactionView;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
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

/** What banks pushed, for supervisors and auditors: accounts with balances and their transactions (loan notices: cn.escrow.loans). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Account activity")
@SecurityRequirement(name = "basic")
@RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
public class AccountActivityResource {

    private final AccountActivity activity;
    private final EscrowConfig config;

    public AccountActivityResource(AccountActivity activity, EscrowConfig config) {
        this.activity = activity;
        this.config = config;
    }

    @GET
    @Path("/accounts/{accountNo}")
    @Operation(operationId = "getAccountByNumber", summary = "Get a supervised account by number", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. "
            + "The balance is always the sum of the account's entries.")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(schema = @Schema(implementation = AccountSummary.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public AccountSummary account(@PathParam("accountNo") String accountNo) {
        return activity.account(accountNo);
    }

    @GET
    @Path("/accounts/{accountNo}/transactions")
    @Operation(operationId = "listAccountTransactions", summary = "List an account's transactions", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Newest booking "
            + "first; filter by booking time and purpose; the total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of transactions", content = @Content(schema = @Schema(implementation = TransactionView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad filter, page or size")
    @APIResponse(responseCode = "404", description = "not-found")
    public Response transactions(@PathParam("accountNo") String accountNo,
                                 @Parameter(description = "Booked at or after (ISO-8601 with offset)") @QueryParam("from") String from,
                                 @Parameter(description = "Booked before (ISO-8601 with offset)") @QueryParam("to") String to,
                                 @Parameter(description = "Only this purpose") @QueryParam("purpose") BankPushes.Purpose purpose,
                                 @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        AccountActivity.Page result = activity.transactions(accountNo, from, to, purpose, paging);
        return PageRequest.respond(result.items(), result.total());
    }
}

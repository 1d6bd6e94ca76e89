package cn.escrow.reconciliation;

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
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Each reconciled day of a supervised account, for supervisors and auditors. */
@Path("/api/v1/accounts/{accountNo}/daily-balances")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reconciliation")
@SecurityRequirement(name = "basic")
public class DailyBalanceResource {

    private final ReconciliationService reconciliation;
    private final EscrowConfig config;

    public DailyBalanceResource(ReconciliationService reconciliation, EscrowConfig config) {
        this.reconciliation = reconciliation;
        this.config = config;
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listDailyBalances", summary = "List an account's reconciled days", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Newest date "
            + "first, each with the bank's figures, ours and whether they match; the total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of days", content = @Content(schema = @Schema(implementation = DailyBalanceView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad page or size")
    @APIResponse(responseCode = "404", description = "not-found: no such account")
    public Response list(@PathParam("accountNo") String accountNo, @QueryParam("page") Integer page,
                         @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        long projectId = reconciliation.projectOf(accountNo);
        return PageRequest.respond(reconciliation.list(projectId, paging), reconciliation.count(projectId));
    }

    @GET
    @Path("/{date}/versions")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listDailyBalanceVersions", summary = "List every version of a day's statement",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN. The bank's first statement of the day and each correction, "
                    + "newest first; the current one has current true.")
    @APIResponse(responseCode = "200", description = "The versions", content = @Content(schema = @Schema(implementation = DailyBalanceView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: date is not yyyy-MM-dd")
    @APIResponse(responseCode = "404", description = "not-found: no such account, or the day was never reported")
    public List<DailyBalanceView> versions(@PathParam("accountNo") String accountNo, @PathParam("date") String date) {
        long projectId = reconciliation.projectOf(accountNo);
        return reconciliation.versions(projectId, ReconciliationService.parseDate(date));
    }
}

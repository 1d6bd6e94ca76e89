package cn.escrow.bank;

import cn.escrow.bank.BankViews.TransactionView;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.TimeParam;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private final EntityManager em;
    private final PushViews views;
    private final EscrowConfig config;

    public AccountActivityResource(EntityManager em, PushViews views, EscrowConfig config) {
        this.em = em;
        this.views = views;
        this.config = config;
    }

    public record AccountSummary(long projectId, String bankCode, String accountNo, String accountName, BigDecimal balance,
                                 long entryCount) {
    }

    @GET
    @Path("/accounts/{accountNo}")
    @Operation(operationId = "getAccountByNumber", summary = "Get a supervised account by number", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. "
            + "The balance is always the sum of the account's entries.")
    @APIResponse(responseCode = "200", description = "The account", content = @Content(schema = @Schema(implementation = AccountSummary.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public AccountSummary account(@PathParam("accountNo") String accountNo) {
        List<?> rows = em.createNativeQuery("""
                SELECT project_id, bank_code, account_no, account_name, balance, entry_count
                FROM supervised_account WHERE account_no = :no""").setParameter("no", accountNo).getResultList();
        if (rows.isEmpty()) {
            throw new NotFound("Account " + accountNo);
        }
        Object[] r = (Object[]) rows.get(0);
        return new AccountSummary(((Number) r[0]).longValue(), (String) r[1], (String) r[2], (String) r[3],
                (BigDecimal) r[4], ((Number) r[5]).longValue());
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
        long projectId = account(accountNo).projectId();
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder where = new StringBuilder(" WHERE project_id = :p");
        params.put("p", projectId);
        if (from != null) {
            where.append(" AND booked_at >= :from");
            params.put("from", TimeParam.parse("from", from));
        }
        if (to != null) {
            where.append(" AND booked_at < :to");
            params.put("to", TimeParam.parse("to", to));
        }
        if (purpose != null) {
            where.append(" AND purpose = :purpose");
            params.put("purpose", purpose.name());
        }
        List<?> ids = bind(em.createNativeQuery("SELECT id FROM account_transaction" + where
                + " ORDER BY booked_at DESC, id DESC"), params).setFirstResult(paging.offset()).setMaxResults(paging.size()).getResultList();
        long total = ((Number) bind(em.createNativeQuery("SELECT count(*) FROM account_transaction" + where), params)
                .getSingleResult()).longValue();
        List<TransactionView> items = views.transactions(ids.stream().map(id -> ((Number) id).longValue()).toList());
        return PageRequest.respond(items, total);
    }

    private static Query bind(Query query, Map<String, Object> params) {
        params.forEach(query::setParameter);
        return query;
    }
}

package cn.escrow.registry;

import cn.escrow.clients.SignedRequests;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.json.JsonBodies;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.AmountOrZero;
import cn.escrow.platform.validation.Amount;
import cn.escrow.platform.validation.BusinessKey;
import cn.escrow.platform.validation.IdNumber;
import cn.escrow.platform.validation.Name;
import cn.escrow.platform.validation.Reason;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Buyers' purchase contracts, filed by the online signing system or a supervisor. */
@Path("/api/v1/contracts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Registry")
public class ContractResource {

    private final RegistryService registry;
    private final Callers callers;
    private final SignedRequests signed;
    private final JsonBodies json;
    private final RegistryLists lists;
    private final EscrowConfig config;
    private final EscrowClock clock;

    public ContractResource(RegistryService registry, Callers callers, SignedRequests signed, JsonBodies json,
                            RegistryLists lists, EscrowConfig config, EscrowClock clock) {
        this.registry = registry;
        this.callers = callers;
        this.signed = signed;
        this.json = json;
        this.lists = lists;
        this.config = config;
        this.clock = clock;
    }

    public record FileContract(@NotNull Long projectId,
                               @NotNull @BusinessKey String contractNo,
                               @NotNull @BusinessKey String unitNo,
                               @NotNull @Name String buyerName,
                               @NotNull @IdNumber
                               @Schema(description = "Identity document number; an 18-character resident ID needs a valid GB 11643 check character")
                               String buyerIdNo,
                               @NotNull @Amount @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, example = "1000000.00") BigDecimal totalPrice,
                               @NotNull @AmountOrZero @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, example = "300000.00") BigDecimal downPayment,
                               @NotNull @AmountOrZero @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, example = "700000.00") BigDecimal loanAmount,
                               @NotNull Contract.LoanType loanType) {
    }

    public record ContractView(long id, String contractNo, long projectId, String unitNo, String buyerName,
                               @Schema(description = "Masked: first 6 and last 4 characters kept") String buyerIdNo,
                               BigDecimal totalPrice, BigDecimal downPayment, BigDecimal loanAmount,
                               Contract.LoanType loanType, Contract.Status status,
                               @Schema(description = "Owed to the buyer since the cancellation (0.00 while FILED)") BigDecimal refundDue,
                               @Schema(description = "Paid back so far by REFUND debits naming the contract") BigDecimal refunded,
                               OffsetDateTime cancelledAt) {
        static ContractView of(Contract c, EscrowClock clock) {
            return new ContractView(c.id, c.contractNo, c.projectId, c.unitNo, c.buyerName, c.buyerIdMasked,
                    c.totalPrice, c.downPayment, c.loanAmount, c.loanType, c.status, c.refundDue, c.refunded,
                    clock.inZone(c.cancelledAt));
        }
    }

    public record CancelContract(@NotNull @Reason String reason,
                                 @NotNull @AmountOrZero
                                 @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, example = "300000.00",
                                         description = "Owed to the buyer: >= 0 and at most the contract's totalPrice")
                                 BigDecimal refundAmount) {
    }

    @POST
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "basic")
    @SecurityRequirement(name = "clientSignature")
    @Operation(operationId = "fileContract", summary = "File a contract", description = "Callers: a SIGNING_SYSTEM client (signed request) or a person with "
            + "SUPERVISOR or ADMIN (Basic). downPayment + loanAmount must equal totalPrice; loanAmount is 0 exactly when "
            + "loanType is NONE. Refused with 409 signing-disabled (and the reasons) while the project's online signing is disabled.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = FileContract.class)))
    @APIResponse(responseCode = "201", description = "Filed", content = @Content(schema = @Schema(implementation = ContractView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "409", description = "conflict (contract number exists) or signing-disabled (with reasons)")
    @APIResponse(responseCode = "422", description = "unknown-reference: no such project")
    public Response create(byte[] body, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Caller caller = signed.clientOrPerson(headers, request, body, Caller.ClientKind.SIGNING_SYSTEM,
                Roles.SUPERVISOR, Roles.ADMIN);
        FileContract r = json.read(body, FileContract.class);
        Contract c = registry.fileContract(caller, new RegistryService.NewContract(r.projectId(), r.contractNo(), r.unitNo(),
                r.buyerName(), r.buyerIdNo(), r.totalPrice(), r.downPayment(), r.loanAmount(), r.loanType()));
        return Response.created(URI.create("/api/v1/contracts/" + c.contractNo)).entity(ContractView.of(c, clock)).build();
    }

    @GET
    @Path("/{contractNo}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @SecurityRequirement(name = "basic")
    @Operation(operationId = "getContract", summary = "Get a contract by its number", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users only their own projects'.")
    @APIResponse(responseCode = "200", description = "The contract", content = @Content(schema = @Schema(implementation = ContractView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public ContractView get(@PathParam("contractNo") String contractNo) {
        return ContractView.of(registry.contract(callers.person(), contractNo), clock);
    }

    @POST
    @Path("/{contractNo}/cancellation")
    @PermitAll
    @Consumes(MediaType.APPLICATION_JSON)
    @SecurityRequirement(name = "basic")
    @SecurityRequirement(name = "clientSignature")
    @Operation(operationId = "cancelContract", summary = "Cancel a contract", description = "Callers: a SIGNING_SYSTEM client (signed request) or a person with "
            + "SUPERVISOR or ADMIN (Basic). The bureau's cancellation record: the contract becomes CANCELLED and the buyer is "
            + "owed refundAmount (0.00 up to totalPrice). REFUND debits naming the contract then count towards refunded, up to "
            + "refundDue; a REFUND debit beyond that, or naming a contract that is not cancelled, raises an UNEXPLAINED_DEBIT "
            + "alert. Answers the contract as it now stands.")
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CancelContract.class)))
    @APIResponse(responseCode = "200", description = "Cancelled", content = @Content(schema = @Schema(implementation = ContractView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed (refundAmount above totalPrice)")
    @APIResponse(responseCode = "404", description = "not-found: no such contract")
    @APIResponse(responseCode = "409", description = "conflict: the contract is already cancelled")
    public ContractView cancel(@PathParam("contractNo") String contractNo, byte[] body, @Context HttpHeaders headers,
                               @Context HttpServerRequest request) {
        Caller caller = signed.clientOrPerson(headers, request, body, Caller.ClientKind.SIGNING_SYSTEM,
                Roles.SUPERVISOR, Roles.ADMIN);
        CancelContract r = json.read(body, CancelContract.class);
        return ContractView.of(registry.cancelContract(caller, contractNo, r.reason(), r.refundAmount()), clock);
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @SecurityRequirement(name = "basic")
    @Operation(operationId = "listContracts", summary = "List contracts", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users see only their own "
            + "enterprise's. Ordered by id; the total is in X-Total-Count.")
    @APIResponse(responseCode = "200", description = "A page of contracts", content = @Content(schema = @Schema(implementation = ContractView[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: bad page or size")
    public Response list(@Parameter(description = "Only contracts of this project") @QueryParam("projectId") Long projectId,
                         @Parameter(description = "Only contracts in this status") @QueryParam("status") Contract.Status status,
                         @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        PageRequest paging = PageRequest.of(page, size, config);
        var found = lists.contracts(callers.person(), projectId, status, paging).map(c -> ContractView.of(c, clock));
        return PageRequest.respond(found.items(), found.total());
    }
}

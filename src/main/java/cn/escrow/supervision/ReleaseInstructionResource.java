package cn.escrow.supervision;

import cn.escrow.clients.SignedRequests;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.AccountNo;
import cn.escrow.supervision.ReleaseInstructionService.ReleaseInstruction;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Release instructions as the supervising bank checks them before it pays (signed, own accounts only); staff see all. */
@Path("/api/v1/bank/release-instructions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Releases")
@SecurityRequirement(name = "clientSignature")
@SecurityRequirement(name = "basic")
public class ReleaseInstructionResource {

    private final ReleaseInstructionService instructions;
    private final SignedRequests signed;
    private final EscrowConfig config;

    public ReleaseInstructionResource(ReleaseInstructionService instructions, SignedRequests signed, EscrowConfig config) {
        this.instructions = instructions;
        this.signed = signed;
        this.config = config;
    }

    /** A signed BANK client (its own accounts), or a SUPERVISOR, AUDITOR or ADMIN by Basic (all accounts). */
    private Caller caller(HttpHeaders headers, HttpServerRequest request) {
        return signed.clientOrPerson(headers, request, new byte[0], Caller.ClientKind.BANK, Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN);
    }

    @GET
    @PermitAll
    @Operation(operationId = "listReleaseInstructions", summary = "List the approved release instructions on the bank's accounts",
            description = "BANK clients (signed, empty body), or SUPERVISOR, AUDITOR, ADMIN (Basic, all accounts). Approved, "
                    + "unpaid releases on accounts held at the calling bank, "
                    + "earliest payment deadline first; the total is in X-Total-Count. The bank pays exactly amount to "
                    + "payeeAccountNo with a RELEASE debit naming releaseNo; any other payment does not count.")
    @APIResponse(responseCode = "200", description = "A page of instructions",
            content = @Content(schema = @Schema(implementation = ReleaseInstruction[].class)))
    public Response list(@Parameter(description = "Only this account's") @QueryParam("accountNo") @AccountNo String accountNo,
                         @QueryParam("page") Integer page, @QueryParam("size") Integer size,
                         @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Caller bank = caller(headers, request);
        PageRequest paging = PageRequest.of(page, size, config);
        return PageRequest.respond(instructions.approved(bank, accountNo, paging), instructions.approvedCount(bank, accountNo));
    }

    @GET
    @Path("/{releaseNo}")
    @PermitAll
    @Operation(operationId = "getReleaseInstruction", summary = "Verify one release instruction before paying it",
            description = "BANK clients (signed, empty body), or SUPERVISOR, AUDITOR, ADMIN (Basic). The release as approved (or as executed): payable is true while "
                    + "it awaits payment. A release on another bank's account, or not approved, answers 404.")
    @APIResponse(responseCode = "200", description = "The instruction", content = @Content(schema = @Schema(implementation = ReleaseInstruction.class)))
    @APIResponse(responseCode = "404", description = "not-found: no approved release of that number on the bank's accounts")
    public ReleaseInstruction get(@PathParam("releaseNo") String releaseNo, @Context HttpHeaders headers,
                                  @Context HttpServerRequest request) {
        Caller bank = caller(headers, request);
        return instructions.one(bank, releaseNo);
    }
}

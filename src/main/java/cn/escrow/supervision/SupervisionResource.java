package cn.escrow.supervision;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Amount;
import cn.escrow.platform.validation.AmountOrZero;
import cn.escrow.platform.validation.Reason;
import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.registry.RegistryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A project's key supervised amount and the figures behind it. */
@Path("/api/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Key supervised amount")
@SecurityRequirement(name = "basic")
public class SupervisionResource {

    private final SupervisionService supervision;
    private final KeyAmountProposals proposals;
    private final RegistryService registry;
    private final ReleaseSuspensionService suspensions;
    private final Callers callers;
    private final EscrowClock clock;

    public SupervisionResource(SupervisionService supervision, KeyAmountProposals proposals, RegistryService registry,
                               ReleaseSuspensionService suspensions, Callers callers, EscrowClock clock) {
        this.supervision = supervision;
        this.proposals = proposals;
        this.registry = registry;
        this.suspensions = suspensions;
        this.callers = callers;
        this.clock = clock;
    }

    public record ParametersRequest(
            @NotNull @Amount @Schema(type = SchemaType.STRING, example = "12000.00", description = "Floor area, m²") BigDecimal floorArea,
            @NotNull @Amount @Schema(type = SchemaType.STRING, example = "9800.00", description = "Average price, CNY per m²") BigDecimal averagePrice,
            @NotNull @Pattern(regexp = "^(SHELL|FITTED)$", message = "must be SHELL or FITTED") String fitOut,
            @Amount @Schema(type = SchemaType.STRING, example = "40000000.00", description = "Construction contract cost, CNY") BigDecimal constructionCost) {
    }

    public record KeyAmountRequest(@NotNull @AmountOrZero @Schema(type = SchemaType.STRING, example = "45600000.00")
                                   BigDecimal keyAmount,
                                   @NotNull @Reason String reason) {
    }

    public record KeyAmountView(BigDecimal keyAmount, BigDecimal previous,
                                @Schema(description = "How far the available balance falls short of the remaining key obligation") BigDecimal topUpDue) {
    }

    public record SupervisionView(long projectId, BigDecimal floorArea, BigDecimal averagePrice, String fitOut,
                                  BigDecimal constructionCost, BigDecimal keyAmount, String keyAmountReason, String keyAmountSetBy,
                                  OffsetDateTime keyAmountSetAt, BigDecimal keyReleased, BigDecimal remainingKeyObligation,
                                  BigDecimal balance, BigDecimal pendingReleases, BigDecimal available, BigDecimal freeAmount,
                                  BigDecimal topUpDue, boolean releasesSuspended,
                                  @Schema(description = "What active court freezes hold on the account; approvals made meanwhile "
                                          + "are marked payAndReportToCourt") BigDecimal frozenAmount,
                                  @Schema(description = "Active bank guarantees (保函) standing in for that much of the key obligation")
                                  BigDecimal guaranteed) {
    }

    public record KeyAmountChange(BigDecimal keyAmount, BigDecimal previous, String reason, BigDecimal topUpDue, String setBy,
                                  OffsetDateTime setAt) {
    }

    @GET
    @Path("/supervision")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getSupervision", summary = "Get the project's key amount and money position", description = "Roles: SUPERVISOR, AUDITOR, ADMIN; "
            + "ENTERPRISE users their own. freeAmount is money above the remaining key obligation; releasesSuspended is true "
            + "while a supervisor's suspension is in force or a BALANCE_MISMATCH alert is open.")
    @APIResponse(responseCode = "200", description = "The position", content = @Content(schema = @Schema(implementation = SupervisionView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public SupervisionView get(@PathParam("projectId") long projectId) {
        registry.project(callers.person(), projectId);
        SupervisionService.Figures f = supervision.figures(projectId);
        Position p = supervision.position(projectId);
        return new SupervisionView(projectId, f.floorArea(), f.averagePrice(), f.fitOut(), f.constructionCost(),
                p.keyAmount(), f.keyAmountReason(), f.keyAmountSetBy(), clock.inZone(f.keyAmountSetAt()), p.keyReleased(),
                p.remainingKeyObligation(), p.balance(), p.pendingReleases(), p.available(), p.freeAmount(), p.topUpDue(),
                suspensions.why(projectId) != null, supervision.frozenAmount(projectId), p.guaranteed());
    }

    @PUT
    @Path("/supervision-parameters")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "setSupervisionParameters", summary = "Record the project's floor area, average price, fit-out and construction cost",
            description = "Roles: SUPERVISOR, ADMIN. The key-amount proposal is computed from these.")
    @APIResponse(responseCode = "200", description = "Recorded", content = @Content(schema = @Schema(implementation = SupervisionView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found")
    public SupervisionView setParameters(@PathParam("projectId") long projectId,
                                         @Valid @RequiredBody ParametersRequest request) {
        supervision.setParameters(callers.person(), projectId, new SupervisionService.Parameters(request.floorArea(),
                request.averagePrice(), request.fitOut(), request.constructionCost()));
        return get(projectId);
    }

    @GET
    @Path("/key-amount-proposal")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "proposeKeyAmount", summary = "Propose a key amount from the configured formula", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. "
            + "escrow.key-amount.formula: PER_AREA (rate per m² by fit-out under the price threshold, else a share of price × "
            + "area) or PRESALE_INCOME_SHARE (a share of filed contracts' prices). proposedKeyAmount is null, with `missing`, "
            + "when figures are not recorded yet.")
    @APIResponse(responseCode = "200", description = "The proposal", content = @Content(schema = @Schema(implementation = KeyAmountFormula.Proposal.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public KeyAmountFormula.Proposal proposal(@PathParam("projectId") long projectId) {
        return supervision.proposal(projectId);
    }

    @PUT
    @Path("/key-amount")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "setKeyAmount", summary = "Set the project's key supervised amount", description = "Roles: SUPERVISOR, ADMIN. "
            + "A raise (or the first amount) applies at once (200), kept with who set it and why; when the available balance no "
            + "longer covers the remaining key obligation, topUpDue says by how much and a KEY_TOP_UP_REQUIRED alert is raised. "
            + "A decrease frees supervised money, so it is only proposed (202): another person applies or rejects it "
            + "(POST .../key-amount-proposals/{proposalId}/approval or /rejection).")
    @APIResponse(responseCode = "200", description = "Applied (a raise)", content = @Content(schema = @Schema(implementation = KeyAmountView.class)))
    @APIResponse(responseCode = "202", description = "Proposed (a decrease): PROPOSED, awaiting another person",
            content = @Content(schema = @Schema(implementation = KeyAmountProposals.KeyAmountProposal.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: a decrease of this project awaits a decision")
    public Response setKeyAmount(@PathParam("projectId") long projectId, @Valid @RequiredBody KeyAmountRequest request) {
        KeyAmountProposals.Outcome outcome = proposals.set(callers.person(), projectId, request.keyAmount(), request.reason());
        if (outcome.proposal() != null) {
            return Response.accepted(outcome.proposal()).build();
        }
        SupervisionService.KeyAmountSet set = outcome.applied();
        return Response.ok(new KeyAmountView(set.keyAmount(), set.previous(), set.topUpDue())).build();
    }

    @GET
    @Path("/key-amount-changes")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listKeyAmountChanges", summary = "History of the project's key amount", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Newest first.")
    @APIResponse(responseCode = "200", description = "The changes", content = @Content(schema = @Schema(implementation = KeyAmountChange[].class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<KeyAmountChange> changes(@PathParam("projectId") long projectId) {
        return supervision.changes(projectId);
    }
}

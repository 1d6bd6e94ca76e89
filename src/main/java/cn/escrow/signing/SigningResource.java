package cn.escrow.signing;

import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.clients.SignedRequests;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Reason;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A project's online signing state, and the manual locks supervisors put on it. */
@Path("/api/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Online signing control")
public class SigningResource {

    private final SigningStatusService status;
    private final SigningLockService locks;
    private final SignedRequests signed;
    private final Callers callers;
    private final EscrowClock clock;

    public SigningResource(SigningStatusService status, SigningLockService locks, SignedRequests signed, Callers callers,
                           EscrowClock clock) {
        this.status = status;
        this.locks = locks;
        this.signed = signed;
        this.callers = callers;
        this.clock = clock;
    }

    public record SigningStatus(long projectId, boolean enabled,
                                @Schema(description = "When signing last changed state") OffsetDateTime since,
                                List<SigningReason> reasons) {
    }

    public record CreateLock(@NotNull @Reason String reason) {
    }

    public record LockView(long lockId, String reason, String lockedBy, OffsetDateTime lockedAt, String liftedBy,
                           OffsetDateTime liftedAt) {
        static LockView of(SigningLockService.Lock l, EscrowClock clock) {
            return new LockView(l.lockId(), l.reason(), l.lockedBy(), clock.inZone(l.lockedAt()), l.liftedBy(),
                    clock.inZone(l.liftedAt()));
        }
    }

    @GET
    @Path("/signing-status")
    @PermitAll
    @SecurityRequirement(name = "basic")
    @SecurityRequirement(name = "clientSignature")
    @Operation(operationId = "getSigningStatus", summary = "Get the project's online signing status", description = "Callers: "
            + "SUPERVISOR, AUDITOR, ADMIN, ENTERPRISE (Basic; ENTERPRISE users only their own enterprise's projects, another's "
            + "answers 404) or a SIGNING_SYSTEM client (signed, empty body). Reasons list overdue loan notices (with the contract "
            + "that blocks signing) and active manual locks.")
    @APIResponse(responseCode = "200", description = "The status", content = @Content(schema = @Schema(implementation = SigningStatus.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public SigningStatus signingStatus(@PathParam("projectId") long projectId, @Context HttpHeaders headers,
                                       @Context HttpServerRequest request) {
        Caller caller = signed.clientOrPerson(headers, request, new byte[0], Caller.ClientKind.SIGNING_SYSTEM,
                Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE);
        SigningStatusService.State state = status.state(caller, projectId);
        return new SigningStatus(projectId, state.enabled(), clock.inZone(state.since()), status.reasons(projectId));
    }

    @POST
    @Path("/signing-locks")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @SecurityRequirement(name = "basic")
    @Operation(operationId = "lockSigning", summary = "Lock the project's online signing", description = "Roles: SUPERVISOR, ADMIN. Signing stays disabled "
            + "until this lock is lifted; money arriving never lifts it.")
    @APIResponse(responseCode = "201", description = "Locked", content = @Content(schema = @Schema(implementation = LockView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found")
    public Response lock(@PathParam("projectId") long projectId,
                         @Valid @RequiredBody CreateLock request) {
        SigningLockService.Lock lock = locks.lock(callers.person(), projectId, request.reason());
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/signing-locks/" + lock.lockId()))
                .entity(LockView.of(lock, clock)).build();
    }

    @DELETE
    @Path("/signing-locks/{lockId}")
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @SecurityRequirement(name = "basic")
    @Operation(operationId = "liftSigningLock", summary = "Lift a signing lock", description = "Roles: SUPERVISOR, ADMIN. Signing comes back when no other lock "
            + "and no overdue disbursement remains.")
    @APIResponse(responseCode = "204", description = "Lifted")
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: already lifted")
    public Response lift(@PathParam("projectId") long projectId, @PathParam("lockId") long lockId) {
        locks.lift(callers.person(), projectId, lockId);
        return Response.noContent().build();
    }

    @GET
    @Path("/signing-locks")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @SecurityRequirement(name = "basic")
    @Operation(operationId = "listSigningLocks", summary = "List the project's signing locks", description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Newest first; "
            + "lifted ones too unless active=true.")
    @APIResponse(responseCode = "200", description = "The locks", content = @Content(schema = @Schema(implementation = LockView[].class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<LockView> list(@PathParam("projectId") long projectId,
                               @Parameter(description = "Only locks not yet lifted") @QueryParam("active") Boolean active) {
        return locks.locks(projectId, Boolean.TRUE.equals(active)).stream().map(l -> LockView.of(l, clock)).toList();
    }
}

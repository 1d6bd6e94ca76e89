package cn.escrow.clients;

import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.json.JsonBodies;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.BankCode;
import cn.escrow.platform.validation.Handle;
import cn.escrow.platform.validation.Name;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Machine clients: banks, housing provident fund centres and the online signing system, which sign their requests with a shared secret. */
@Path("/api/v1/clients")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Machine clients")
@SecurityRequirement(name = "basic")
public class ClientResource {

    private final ClientService clients;
    private final Callers callers;
    private final EscrowClock clock;

    private final JsonBodies json;

    public ClientResource(ClientService clients, Callers callers, EscrowClock clock, JsonBodies json) {
        this.clients = clients;
        this.callers = callers;
        this.clock = clock;
        this.json = json;
    }

    public record CreateClient(@NotNull @Handle String clientId,
                               @NotNull @Name String name,
                               @NotNull MachineClient.Kind kind,
                               @Schema(description = "Required for BANK and PROVIDENT_FUND_CENTER clients: the bank's or fund centre's institution code")
                               @BankCode String bankCode) {
    }

    public record ClientView(String clientId, String name, MachineClient.Kind kind, String bankCode,
                             @Schema(description = "Shown in this response only: 64 hex characters (32 random bytes)") String secret) {
    }

    public record RotateSecret(@Schema(description = "True for a leaked secret: the previous one stops verifying at once "
            + "instead of in 24 hours") Boolean revokePrevious) {
    }

    public record RotationView(@Schema(description = "The new secret, shown in this response only") String secret,
                               @Schema(description = "Until when the previous secret still verifies (the rotation time itself "
                                       + "when it was revoked)") OffsetDateTime previousValidUntil) {
    }

    public record EnabledChange(@NotNull Boolean enabled) {
    }

    public record ClientState(String clientId, String name, MachineClient.Kind kind, String bankCode, boolean enabled) {
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "createClient", summary = "Register a machine client", description = "Role: ADMIN. The secret (32 random bytes, hex) is shown "
            + "in this response only and stored encrypted.")
    @APIResponse(responseCode = "201", description = "Registered", content = @Content(schema = @Schema(implementation = ClientView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed (bankCode required for BANK and PROVIDENT_FUND_CENTER)")
    @APIResponse(responseCode = "409", description = "conflict: the client id exists, or the bankCode belongs to a client of another kind")
    public Response create(@Valid @RequiredBody CreateClient request) {
        ClientService.Issued issued = clients.create(callers.person(), request.clientId(), request.name(), request.kind(),
                request.bankCode());
        MachineClient c = issued.client();
        return Response.created(URI.create("/api/v1/clients/" + c.clientId))
                .entity(new ClientView(c.clientId, c.name, c.kind, c.bankCode, issued.secret())).build();
    }

    @POST
    @Path("/{clientId}/secret-rotations")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "rotateClientSecret", summary = "Rotate a client's secret", description = "Role: ADMIN. The new secret is "
            + "shown once; the previous one keeps verifying for 24 hours (escrow.signature.previous-secret-validity), or stops at "
            + "once with {\"revokePrevious\": true} (a leaked secret). The body is optional.")
    @RequestBody(required = false, content = @Content(schema = @Schema(implementation = RotateSecret.class)))
    @APIResponse(responseCode = "201", description = "Rotated", content = @Content(schema = @Schema(implementation = RotationView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found")
    public Response rotate(@PathParam("clientId") String clientId, byte[] body) {
        boolean revokePrevious = body != null && body.length > 0 && Boolean.TRUE.equals(json.read(body, RotateSecret.class).revokePrevious());
        ClientService.Rotated rotated = clients.rotate(callers.person(), clientId, revokePrevious);
        return Response.status(201).entity(new RotationView(rotated.secret(), clock.inZone(rotated.previousValidUntil()))).build();
    }

    @PUT
    @Path("/{clientId}/enabled")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "setClientEnabled", summary = "Enable or disable a client", description = "Role: ADMIN. A disabled client's requests get 401.")
    @APIResponse(responseCode = "200", description = "Changed", content = @Content(schema = @Schema(implementation = ClientState.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found")
    public ClientState setEnabled(@PathParam("clientId") String clientId,
                                  @Valid @RequiredBody EnabledChange request) {
        MachineClient c = clients.setEnabled(callers.person(), clientId, request.enabled());
        return new ClientState(c.clientId, c.name, c.kind, c.bankCode, c.enabled);
    }
}

package cn.escrow.signing.events;

import cn.escrow.clients.SignedRequests;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Roles;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The signing-events feed: every change of a project's online signing state, in commit order. */
@Path("/api/v1/signing-events")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Online signing control")
public class SigningEventResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final SigningEventFeed feed;
    private final SignedRequests signed;

    public SigningEventResource(SigningEventFeed feed, SignedRequests signed) {
        this.feed = feed;
        this.signed = signed;
    }

    @GET
    @PermitAll
    @SecurityRequirement(name = "basic")
    @SecurityRequirement(name = "clientSignature")
    @Operation(operationId = "listSigningEvents", summary = "List signing events after a position", description = "Callers: a SIGNING_SYSTEM client (signed, "
            + "empty body) or SUPERVISOR, AUDITOR, ADMIN (Basic). Events in ascending seq; ask again with after = the last "
            + "seq received: no event is ever missed or repeated, however the changes' transactions interleave. An empty "
            + "list means nothing newer yet.")
    @APIResponse(responseCode = "200", description = "The events",
            content = @Content(schema = @Schema(implementation = SigningEvent[].class)))
    @APIResponse(responseCode = "400", description = "validation-failed: after or limit out of range")
    public List<SigningEvent> events(
            @Parameter(description = "Last seq already seen; 0 (the default) starts from the beginning") @QueryParam("after") Long after,
            @Parameter(description = "Most events to return: 1 to 1000, default 100") @QueryParam("limit") Integer limit,
            @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Caller caller = signed.clientOrPerson(headers, request, new byte[0], Caller.ClientKind.SIGNING_SYSTEM,
                Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN);
        long from = after == null ? 0 : after;
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (from < 0) {
            throw new ValidationFailed("after", "must be 0 or more");
        }
        if (size < 1 || size > MAX_LIMIT) {
            throw new ValidationFailed("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return feed.after(from, size, caller.divisions());
    }
}

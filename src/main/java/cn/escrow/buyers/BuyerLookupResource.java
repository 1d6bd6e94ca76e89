package cn.escrow.buyers;

import cn.escrow.buyers.BuyerLookupService.BuyerView;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemType;
import cn.escrow.platform.error.TooManyRequests;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.validation.BusinessKey;
import io.quarkus.logging.Log;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.security.PermitAll;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirementsSet;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The buyers' self-check, without login: a look-up by contract number and the last 6 characters of
 * the buyer's ID number, rate-limited per client address ({@link LookupLimits}) and slowed down per
 * contract number after wrong guesses ({@link GuessBackoff}).
 */
@Path("/api/v1/buyer-lookups")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Buyer self-check")
@SecurityRequirementsSet({})
public class BuyerLookupResource {

    /** One body for an unknown contract and a wrong factor, so that the answer reveals nothing. */
    static final String NO_MATCH = "No contract matches this contract number and ID number";

    private final BuyerLookupService lookups;
    private final LookupLimits limits;
    private final GuessBackoff backoff;
    private final ClientAddress addresses;
    private final Validator validator;

    public BuyerLookupResource(BuyerLookupService lookups, LookupLimits limits, GuessBackoff backoff, EscrowConfig config,
                               Validator validator) {
        this.lookups = lookups;
        this.limits = limits;
        this.backoff = backoff;
        this.addresses = ClientAddress.trusting(config.http().trustedProxies().orElse(List.of()));
        this.validator = validator;
    }

    public record BuyerLookup(@NotNull @BusinessKey String contractNo,
                              @NotNull
                              @Pattern(regexp = "^[0-9A-Za-z]{6}$", message = "must be the last 6 characters of the buyer's ID number")
                              @Schema(description = "Last 6 characters of the buyer's ID number (x or X alike)", example = "12345X")
                              String idNoLast6) {
    }

    @POST
    @PermitAll
    @Operation(operationId = "lookUpBuyerContract", summary = "Look up my contract's payments (buyers, no login)", description = "No login. A buyer gives the filed "
            + "contract number and the last 6 characters of their ID number and gets the contract's project, unit and price, the "
            + "credits to the supervised account naming the contract (reversed ones left out) and their sum `paid`, the contract's "
            + "loan disbursements, and the project's supervised balance. An unknown contract and a wrong ID number give the same "
            + "404. Limits (configurable, escrow.buyer-lookup.*): by default 30 requests per client address per minute; per "
            + "contract number, 3 wrong guesses are free, then each one makes the next guess wait 2 s, doubling up to 15 minutes "
            + "(forgotten after a day without one). Beyond them 429 too-many-requests with Retry-After. The client address is the "
            + "connection's, or from X-Forwarded-For (never Forwarded) when the connection comes from a proxy listed in "
            + "escrow.http.trusted-proxies.")
    @APIResponse(responseCode = "200", description = "The buyer's contract", content = @Content(schema = @Schema(implementation = BuyerView.class)))
    @APIResponse(responseCode = "400", description = "malformed-request or validation-failed")
    @APIResponse(responseCode = "404", description = "not-found: no contract with this number and ID number (one body for both causes)")
    @APIResponse(responseCode = "413", description = "payload-too-large")
    @APIResponse(responseCode = "415", description = "unsupported-media-type")
    @APIResponse(responseCode = "429", description = "too-many-requests: wait Retry-After seconds",
            headers = @Header(name = "Retry-After", description = "Seconds until the limit's window reopens",
                    schema = @Schema(type = SchemaType.INTEGER)))
    @APIResponse(responseCode = "503", description = "service-unavailable")
    public BuyerView lookUp(BuyerLookup request, @Context HttpServerRequest http) {
        String address = addresses.of(peerOf(http), http.headers().getAll("X-Forwarded-For"));
        OptionalLong wait = limits.countRequest(address);
        if (wait.isPresent()) {
            throw new TooManyRequests("Too many look-ups from this address; retry later", wait.getAsLong());
        }
        if (request == null) {
            throw new ValidationFailed("body", "a JSON body is required");
        }
        Set<ConstraintViolation<BuyerLookup>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        wait = backoff.admit(request.contractNo());
        if (wait.isPresent()) {
            Log.infof("Buyer look-up: guesses on one contract number are slowed down (from %s)", address);
            throw new TooManyRequests("Too many wrong guesses for this contract number; retry later", wait.getAsLong());
        }
        BuyerView view = lookups.lookUp(request.contractNo(), request.idNoLast6(), address)
                .orElseThrow(NoMatch::new);
        backoff.forgive(request.contractNo());
        return view;
    }

    /** The connection's remote address. */
    private static String peerOf(HttpServerRequest http) {
        SocketAddress remote = http.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        return remote.hostAddress() != null ? remote.hostAddress() : String.valueOf(remote.host());
    }

    /** Unknown contract or wrong factor: one body for both. */
    static final class NoMatch extends NotFound {
        NoMatch() {
            super("Contract");
        }

        @Override
        public Problem problem() {
            return Problem.of(ProblemType.NOT_FOUND, NO_MATCH);
        }
    }
}

package cn.escrow.clients;

import cn.escrow.platform.error.Forbidden;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Callers;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;

/**
 * Authenticates a request to an endpoint that machine clients call: by signature when it carries
 * {@code X-Client-Id}, otherwise (where people may call too) by HTTP Basic.
 */
@ApplicationScoped
public class SignedRequests {

    private final SignatureVerifier verifier;
    private final Callers callers;

    public SignedRequests(SignatureVerifier verifier, Callers callers) {
        this.verifier = verifier;
        this.callers = callers;
    }

    /** The signed client behind this request; 401 when it is not correctly signed, 403 when not of one of {@code kinds}. */
    public Caller client(HttpHeaders headers, HttpServerRequest request, byte[] body, Caller.ClientKind... kinds) {
        return ofKind(verifier.verify(signedRequest(headers, request, body)), kinds);
    }

    /** As {@link #client}, for an event-loop thread (it never blocks); a failure is the stage's exception. */
    public CompletionStage<Caller> clientAsync(HttpHeaders headers, HttpServerRequest request, byte[] body,
                                               Caller.ClientKind... kinds) {
        return verifier.verifyAsync(signedRequest(headers, request, body)).thenApply(caller -> ofKind(caller, kinds));
    }

    private static SignatureVerifier.SignedRequest signedRequest(HttpHeaders headers, HttpServerRequest request, byte[] body) {
        return new SignatureVerifier.SignedRequest(
                headers.getHeaderString(SignatureVerifier.CLIENT_ID),
                headers.getHeaderString(SignatureVerifier.TIMESTAMP),
                headers.getHeaderString(SignatureVerifier.SIGNATURE),
                request.method().name(), request.uri(), body);
    }

    private static Caller ofKind(Caller caller, Caller.ClientKind... kinds) {
        for (Caller.ClientKind kind : kinds) {
            if (caller.isClient(kind)) {
                return caller;
            }
        }
        throw new Forbidden("Only " + String.join(" or ", Arrays.stream(kinds).map(Enum::name).toList())
                + " clients may call this endpoint");
    }

    /**
     * A signed client of {@code kind} if the request carries X-Client-Id, else the Basic-authenticated
     * person, who must hold one of {@code roles}.
     */
    public Caller clientOrPerson(HttpHeaders headers, HttpServerRequest request, byte[] body, Caller.ClientKind kind,
                                 String... roles) {
        if (headers.getHeaderString(SignatureVerifier.CLIENT_ID) != null) {
            return client(headers, request, body, kind);
        }
        Caller person = callers.person();
        if (!person.hasAny(roles)) {
            throw new Forbidden("Your role does not allow this");
        }
        return person;
    }
}

package cn.escrow.clients;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.error.Unauthenticated;
import cn.escrow.platform.security.Caller;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the signature of a machine-client request: {@code X-Client-Id}, {@code X-Timestamp}
 * (epoch seconds, within {@code escrow.signature.max-skew} of the service clock) and
 * {@code X-Signature = "v1=" + hex(HMAC-SHA256(secret, timestamp \n METHOD \n target \n body))}.
 * Every failure gives the same 401 to the caller; the operator sees why: an INFO line with the client id
 * and a {@link Rejection} code (never the signature or the secret), and the counter
 * {@code escrow_signature_rejections_total{reason}}.
 */
@ApplicationScoped
public class SignatureVerifier {

    public static final String CLIENT_ID = "X-Client-Id";
    public static final String TIMESTAMP = "X-Timestamp";
    public static final String SIGNATURE = "X-Signature";

    private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern CLIENT_ID_SHAPE = Pattern.compile("[a-z0-9._-]{3,64}");

    private final ClientCredentials credentials;
    private final EscrowClock clock;
    private final EscrowConfig config;
    private final MeterRegistry metrics;

    public SignatureVerifier(ClientCredentials credentials, EscrowClock clock, EscrowConfig config,
                             MeterRegistry metrics) {
        this.credentials = credentials;
        this.clock = clock;
        this.config = config;
        this.metrics = metrics;
    }

    /** Why a signed request was refused: the reason code of the log line and of the metric. */
    public enum Rejection {
        MISSING_HEADER("missing-header"),
        MALFORMED_CLIENT_ID("malformed-client-id"),
        MALFORMED_TIMESTAMP("malformed-timestamp"),
        STALE_TIMESTAMP("stale-timestamp"),
        UNKNOWN_CLIENT("unknown-client"),
        CLIENT_DISABLED("client-disabled"),
        SIGNATURE_MISMATCH("signature-mismatch");

        public final String code;

        Rejection(String code) {
            this.code = code;
        }
    }

    /** The signed request's parts, exactly as received. */
    public record SignedRequest(String clientId, String timestamp, String signature, String method, String target,
                                byte[] body) {
    }

    /** The verified client as a caller; 401 {@link Unauthenticated} for any failure. Reads the database on a cache miss. */
    public Caller verify(SignedRequest r) {
        checkHeaders(r);
        return check(r, credentials.get(r.clientId()));
    }

    /**
     * As {@link #verify}, for an event-loop thread: completes at once when the client's credentials are
     * cached, else after they were read on a worker thread. A failure is the stage's exception.
     */
    public CompletionStage<Caller> verifyAsync(SignedRequest r) {
        try {
            checkHeaders(r);
        } catch (Unauthenticated e) {
            return CompletableFuture.failedFuture(e);
        }
        return credentials.lookup(r.clientId()).thenApply(client -> check(r, client));
    }

    /** What can be checked without the client's credentials: the headers' presence and shape, and the clock skew. */
    private void checkHeaders(SignedRequest r) {
        if (r.clientId() == null || r.timestamp() == null || r.signature() == null) {
            throw reject(r.clientId(), Rejection.MISSING_HEADER, "X-Client-Id, X-Timestamp or X-Signature");
        }
        if (!CLIENT_ID_SHAPE.matcher(r.clientId()).matches()) {
            throw reject(null, Rejection.MALFORMED_CLIENT_ID, null);
        }
        if (!EPOCH_SECONDS.matcher(r.timestamp()).matches()) {
            throw reject(r.clientId(), Rejection.MALFORMED_TIMESTAMP, "not Unix epoch seconds");
        }
        long skew = Math.abs(clock.now().getEpochSecond() - Long.parseLong(r.timestamp()));
        if (skew > config.signature().maxSkew().toSeconds()) {
            throw reject(r.clientId(), Rejection.STALE_TIMESTAMP, skew + " s away from the service clock");
        }
    }

    /** The signature against the client's current secret, or its previous one while that is still valid. */
    private Caller check(SignedRequest r, ClientCredentials.Client client) {
        if (client == null) {
            throw reject(r.clientId(), Rejection.UNKNOWN_CLIENT, null);
        }
        if (!client.enabled()) {
            throw reject(r.clientId(), Rejection.CLIENT_DISABLED, null);
        }
        byte[] presented = r.signature().getBytes(StandardCharsets.US_ASCII);
        boolean valid = matches(client.secret(), r, presented);
        if (!valid && client.previousSecret() != null && client.previousValidUntil() != null) {
            valid = clock.now().isBefore(client.previousValidUntil())
                    && matches(client.previousSecret(), r, presented);
        }
        if (!valid) {
            throw reject(r.clientId(), Rejection.SIGNATURE_MISMATCH, "wrong secret, key bytes, string-to-sign or body");
        }
        return Caller.client(client.clientId(), Caller.ClientKind.valueOf(client.kind()), client.bankCode());
    }

    private static boolean matches(byte[] secret, SignedRequest r, byte[] presented) {
        byte[] expected = ("v1=" + sign(secret, r.timestamp(), r.method(), r.target(), r.body())).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented);
    }

    /** Lowercase hex HMAC-SHA256 of the string-to-sign; public so tests and tools sign the same way. */
    public static String sign(byte[] secret, String timestamp, String method, String target, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + "\n" + method + "\n" + target + "\n").getBytes(StandardCharsets.UTF_8));
            mac.update(body == null ? new byte[0] : body);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private Unauthenticated reject(String clientId, Rejection reason, String detail) {
        String who = clientId == null ? "(none)" : CLIENT_ID_SHAPE.matcher(clientId).matches() ? clientId : "(malformed)";
        Log.infof("Signed request refused with 401: client=%s reason=%s%s", who, reason.code, detail == null ? "" : " (" + detail + ")");
        metrics.counter("escrow.signature.rejections", "reason", reason.code).increment();
        return new Unauthenticated();
    }
}

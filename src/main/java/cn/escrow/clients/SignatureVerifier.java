package cn.escrow.clients;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.error.Unauthenticated;
import cn.escrow.platform.security.Caller;
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
 * Every failure gives the same 401; the cause is logged, the signature never.
 */
@ApplicationScoped
public class SignatureVerifier {

    public static final String CLIENT_ID = "X-Client-Id";
    public static final String TIMESTAMP = "X-Timestamp";
    public static final String SIGNATURE = "X-Signature";

    private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,12}");
    private static final Pattern CLIENT_ID_SHAPE = Pattern.compile("[a-z0-9._-]{3,64}");

    private final ClientCredentials credentials;
    private final SecretCipher cipher;
    private final EscrowClock clock;
    private final EscrowConfig config;

    public SignatureVerifier(ClientCredentials credentials, SecretCipher cipher, EscrowClock clock, EscrowConfig config) {
        this.credentials = credentials;
        this.cipher = cipher;
        this.clock = clock;
        this.config = config;
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
            throw reject(r.clientId(), "a signature header is missing");
        }
        if (!CLIENT_ID_SHAPE.matcher(r.clientId()).matches()) {
            throw reject(null, "malformed client id");
        }
        if (!EPOCH_SECONDS.matcher(r.timestamp()).matches()) {
            throw reject(r.clientId(), "malformed timestamp");
        }
        long skew = Math.abs(clock.now().getEpochSecond() - Long.parseLong(r.timestamp()));
        if (skew > config.signature().maxSkew().toSeconds()) {
            throw reject(r.clientId(), "timestamp " + skew + " s away from the service clock");
        }
    }

    /** The signature against the client's current secret, or its previous one while that is still valid. */
    private Caller check(SignedRequest r, ClientCredentials.Client client) {
        if (client == null) {
            throw reject(r.clientId(), "unknown client");
        }
        if (!client.enabled()) {
            throw reject(r.clientId(), "client disabled");
        }
        byte[] presented = r.signature().getBytes(StandardCharsets.US_ASCII);
        boolean valid = matches(cipher.decrypt(client.secretEnc()), r, presented);
        if (!valid && client.previousSecretEnc() != null && client.previousValidUntil() != null) {
            valid = clock.now().isBefore(client.previousValidUntil())
                    && matches(cipher.decrypt(client.previousSecretEnc()), r, presented);
        }
        if (!valid) {
            throw reject(r.clientId(), "signature mismatch");
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

    private static Unauthenticated reject(String clientId, String cause) {
        String who = clientId == null ? "(none)" : CLIENT_ID_SHAPE.matcher(clientId).matches() ? clientId : "(malformed)";
        Log.infof("Rejected signed request from client %s: %s", who, cause);
        return new Unauthenticated();
    }
}

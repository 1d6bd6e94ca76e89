package cn.escrow.signing.webhook;

import cn.escrow.clients.ClientCredentials;
import cn.escrow.clients.SignatureVerifier;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.security.Caller;
import cn.escrow.signing.events.SigningEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * POSTs one signing event to {@code escrow.signing-webhook.url}, signed like a machine-client request
 * ({@code X-Client-Id}, {@code X-Timestamp}, {@code X-Signature}) under the current secret of the
 * configured SIGNING_SYSTEM client. The body is the event exactly as the feed lists it.
 */
@Startup // a bad URL or a missing client id fails the start, not the first delivery
@ApplicationScoped
public class SigningWebhookSender {

    private static final Pattern CLIENT_ID = Pattern.compile("[a-z0-9._-]{3,64}");
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

    /** What became of one attempt: taken (a 2xx answer), or why not, in words fit for a log line. */
    public record Result(boolean delivered, String problem) {
        static final Result DELIVERED = new Result(true, null);

        static Result failed(String problem) {
            return new Result(false, problem);
        }
    }

    private final ClientCredentials credentials;
    private final EscrowClock clock;
    private final ObjectMapper json;
    private final URI url;
    private final String target;
    private final String clientId;
    private final Duration timeout;
    private final HttpClient http;

    public SigningWebhookSender(EscrowConfig config, ClientCredentials credentials, EscrowClock clock,
                                ObjectMapper json) {
        this.credentials = credentials;
        this.clock = clock;
        this.json = json;
        EscrowConfig.SigningWebhook webhook = config.signingWebhook();
        this.timeout = webhook.timeout();
        if (webhook.url().isEmpty()) {
            url = null;
            target = null;
            clientId = null;
            http = null;
            return;
        }
        url = parse(webhook.url().get());
        target = (url.getRawPath().isEmpty() ? "/" : url.getRawPath()) + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        clientId = webhook.clientId().filter(id -> CLIENT_ID.matcher(id).matches()).orElseThrow(() -> new IllegalStateException(
                "escrow.signing-webhook.client-id must name the SIGNING_SYSTEM client whose secret signs the webhook"));
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalStateException("escrow.signing-webhook.timeout must be more than 0 and at most " + MAX_TIMEOUT);
        }
        if (webhook.pollInterval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("escrow.signing-webhook.poll-interval must be at least PT1S (the scheduler's finest step)");
        }
        if (webhook.initialBackoff().isNegative() || webhook.initialBackoff().isZero() || webhook.maxBackoff().compareTo(webhook.initialBackoff()) < 0) {
            throw new IllegalStateException("escrow.signing-webhook.initial-backoff must be more than 0 and at most max-backoff");
        }
        http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    private static URI parse(String value) {
        try {
            URI uri = new URI(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getRawFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // answered below, without echoing the value (it may hold credentials)
        }
        throw new IllegalStateException("escrow.signing-webhook.url must be an absolute http or https URL without a fragment");
    }

    /** Sends the event once; never throws for the receiver's or the network's failures. */
    public Result send(SigningEvent event) {
        ClientCredentials.Client client = credentials.get(clientId);
        if (client == null) {
            return Result.failed("client " + clientId + " does not exist");
        }
        if (!Caller.ClientKind.SIGNING_SYSTEM.name().equals(client.kind())) {
            return Result.failed("client " + clientId + " is not a SIGNING_SYSTEM client");
        }
        if (!client.enabled()) {
            return Result.failed("client " + clientId + " is disabled");
        }
        byte[] body = body(event);
        String timestamp = String.valueOf(clock.now().getEpochSecond());
        String signature = "v1=" + SignatureVerifier.sign(client.secret(), timestamp, "POST", target, body);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(SignatureVerifier.CLIENT_ID, clientId)
                .header(SignatureVerifier.TIMESTAMP, timestamp)
                .header(SignatureVerifier.SIGNATURE, signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status >= 200 && status < 300 ? Result.DELIVERED : Result.failed("the receiver answered " + status);
        } catch (IOException e) {
            return Result.failed("no answer from the receiver (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("interrupted while waiting for the receiver");
        }
    }

    /** The request body: the event as the feed gives it (money as strings, times in the service zone). */
    byte[] body(SigningEvent event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A signing event is not serialisable", e);
        }
    }
}

package cn.escrow.support;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The signing system's end of the outbound webhook, for the test run: a tiny HTTP server on a free port
 * that records every delivery and answers 204, or a chosen error status, or nothing at all (stopped).
 * Registered for every test ({@link SigningWebhookForTests}), so the service under test always has its
 * webhook on; only {@code SigningWebhookTest} looks at what arrives.
 */
public class SigningWebhookReceiver implements QuarkusTestResourceLifecycleManager {

    /** The client whose secret signs the deliveries; the webhook test registers it. */
    public static final String CLIENT_ID = "webhook-signing-system";
    /** The path and query deliveries go to: the signature covers both. */
    public static final String TARGET = "/hooks/signing-events?source=escrow";

    private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d+),");

    /** One request as it arrived, and what it was answered. */
    public record Delivery(long seq, int answered, String method, String target, String clientId, String timestamp,
                           String signature, String contentType, String body) {
    }

    private static final List<Delivery> deliveries = new ArrayList<>();
    private static HttpServer server;
    private static int port;
    private static volatile int answer = 204;

    @Override
    public synchronized Map<String, String> start() {
        startServer(0);
        return Map.of("escrow.signing-webhook.url", "http://127.0.0.1:" + port + TARGET,
                "escrow.signing-webhook.client-id", CLIENT_ID);
    }

    @Override
    public synchronized void stop() {
        stopServer();
        synchronized (deliveries) {
            deliveries.clear();
        }
        answer = 204;
    }

    private static synchronized void startServer(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the webhook receiver", e);
        }
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            Matcher seq = SEQ.matcher(body);
            int status = answer;
            var headers = exchange.getRequestHeaders();
            synchronized (deliveries) {
                deliveries.add(new Delivery(seq.find() ? Long.parseLong(seq.group(1)) : -1, status,
                        exchange.getRequestMethod(), exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery(),
                        headers.getFirst("X-Client-Id"), headers.getFirst("X-Timestamp"), headers.getFirst("X-Signature"),
                        headers.getFirst("Content-Type"), body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    private static synchronized void stopServer() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Every request received so far, in arrival order. */
    public static List<Delivery> deliveries() {
        synchronized (deliveries) {
            return List.copyOf(deliveries);
        }
    }

    /** From now on every delivery is answered with {@code status}. */
    public static void answer(int status) {
        answer = status;
    }

    /** The receiver goes away: connections are refused. */
    public static void refuse() {
        stopServer();
    }

    /** The receiver comes back on the same port, answering {@code status}. */
    public static void comeBack(int status) {
        answer = status;
        startServer(port);
    }
}

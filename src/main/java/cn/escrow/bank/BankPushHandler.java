package cn.escrow.bank;

import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.clients.SignedRequests;
import cn.escrow.platform.json.JsonBodies;
import cn.escrow.platform.security.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * Runs one signed bank push the same way for every kind: checks the BANK signature over the raw
 * body, reads and validates the body, runs the push, counts it per bank, and answers 201 when it
 * was stored or 200 for an identical repeat.
 */
@ApplicationScoped
public class BankPushHandler {

    private final SignedRequests signed;
    private final JsonBodies json;
    private final PushMetrics metrics;

    public BankPushHandler(SignedRequests signed, JsonBodies json, PushMetrics metrics) {
        this.signed = signed;
        this.json = json;
        this.metrics = metrics;
    }

    public <T, V> Response handle(String kind, byte[] body, HttpHeaders headers, HttpServerRequest request, Class<T> type,
                                  BiFunction<Caller, T, Outcome<V>> push) {
        AtomicReference<String> bank = new AtomicReference<>();
        Outcome<V> outcome = metrics.record(kind, bank::get, () -> {
            Caller caller = signed.client(headers, request, body, Caller.ClientKind.BANK);
            bank.set(caller.bankCode());
            return push.apply(caller, json.read(body, type));
        });
        return Response.status(outcome.created() ? 201 : 200).entity(outcome.view()).build();
    }
}

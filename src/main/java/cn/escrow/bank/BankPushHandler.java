package cn.escrow.bank;

import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.clients.SignedRequests;
import cn.escrow.platform.json.JsonBodies;
import cn.escrow.platform.security.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * Runs one signed bank push the same way for every kind: checks the client's signature (a BANK, or for
 * loan notices also a PROVIDENT_FUND_CENTER) over the raw body, reads and validates the body, runs the
 * push, counts it per bank, and answers 201 when it was stored or 200 for an identical repeat. Loan disbursements and account transactions, the bulk
 * of the traffic, go the non-blocking way ({@link #handleQueued}); the rarer pushes run on a worker thread.
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

    /** The callers of most pushes: banks only. */
    public static final Caller.ClientKind[] BANKS = {Caller.ClientKind.BANK};
    /** The callers of loan notices: banks and provident fund centres. */
    public static final Caller.ClientKind[] LENDERS = {Caller.ClientKind.BANK, Caller.ClientKind.PROVIDENT_FUND_CENTER};

    public <T, V> Response handle(String kind, byte[] body, HttpHeaders headers, HttpServerRequest request, Class<T> type,
                                  BiFunction<Caller, T, Outcome<V>> push) {
        return handle(kind, BANKS, body, headers, request, type, push);
    }

    /** As {@link #handle(String, byte[], HttpHeaders, HttpServerRequest, Class, BiFunction)}, for clients of these kinds. */
    public <T, V> Response handle(String kind, Caller.ClientKind[] callers, byte[] body, HttpHeaders headers,
                                  HttpServerRequest request, Class<T> type, BiFunction<Caller, T, Outcome<V>> push) {
        AtomicReference<String> bank = new AtomicReference<>();
        Outcome<V> outcome = metrics.record(kind, bank::get, () -> {
            Caller caller = signed.client(headers, request, body, callers);
            bank.set(caller.bankCode());
            return push.apply(caller, json.read(body, type));
        });
        return response(outcome);
    }

    /**
     * As {@link #handle}, for a push queued for a group commit ({@link PushCommitter}), on the event-loop
     * thread: nothing here blocks, and the answer is written once the push's transaction has committed.
     * A failure (401, 400, 409, 503...) is the stage's exception, answered by the problem mappers.
     */
    public <T, V> CompletionStage<Response> handleQueued(String kind, Caller.ClientKind[] callers, byte[] body, HttpHeaders headers,
                                                         HttpServerRequest request, Class<T> type,
                                                         BiFunction<Caller, T, CompletionStage<Outcome<V>>> push) {
        AtomicReference<String> bank = new AtomicReference<>();
        return metrics.recordAsync(kind, bank::get, () -> signed.clientAsync(headers, request, body, callers)
                .thenCompose(caller -> {
                    bank.set(caller.bankCode());
                    return push.apply(caller, json.read(body, type));
                })).thenApply(BankPushHandler::response);
    }

    private static Response response(Outcome<?> outcome) {
        return Response.status(outcome.created() ? 201 : 200).entity(outcome.view()).build();
    }
}

package cn.escrow.bank;

import cn.escrow.platform.error.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Prometheus figures per bank: pushes accepted, replayed and rejected (by reason), and a latency
 * histogram ({@code escrow_bank_push_seconds}).
 */
@ApplicationScoped
public class PushMetrics {

    private final MeterRegistry registry;
    /** The meters, registered once each: looking one up through its builder on every push cost a map of tags per push. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<CounterKey, Counter> counters = new ConcurrentHashMap<>();

    private record CounterKey(String bank, String kind, String outcome, String reason) {
    }

    public PushMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs a push, timing it and counting its outcome; {@code bank} answers the bank code once known. */
    public <T> BankViews.Outcome<T> record(String kind, Supplier<String> bank, Supplier<BankViews.Outcome<T>> push) {
        Timer.Sample sample = Timer.start(registry);
        BankViews.Outcome<T> result = null;
        RuntimeException failure = null;
        try {
            result = push.get();
            return result;
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            count(sample, kind, bank.get(), result, failure);
        }
    }

    /** As {@link #record}, for a push answered later: timed and counted when its stage completes. */
    public <T> CompletionStage<BankViews.Outcome<T>> recordAsync(String kind, Supplier<String> bank,
                                                                 Supplier<CompletionStage<BankViews.Outcome<T>>> push) {
        Timer.Sample sample = Timer.start(registry);
        CompletionStage<BankViews.Outcome<T>> stage;
        try {
            stage = push.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.whenComplete((result, failure) -> count(sample, kind, bank.get(), result,
                failure instanceof CompletionException wrapped ? wrapped.getCause() : failure));
    }

    private void count(Timer.Sample sample, String kind, String bankCode, BankViews.Outcome<?> result, Throwable failure) {
        String outcome = failure != null ? "rejected" : result.created() ? "accepted" : "replayed";
        String reason = failure == null ? "none"
                : failure instanceof ProblemException e ? e.problem().type.substring("/problems/".length()) : "error";
        sample.stop(timers.computeIfAbsent(kind, k -> Timer.builder("escrow.bank.push")
                .description("Latency of bank pushes, from request read to commit")
                .tag("kind", k)
                .publishPercentileHistogram()
                .register(registry)));
        counters.computeIfAbsent(new CounterKey(bankCode == null ? "unknown" : bankCode, kind, outcome, reason),
                key -> Counter.builder("escrow.bank.pushes")
                        .description("Bank pushes by bank, kind and outcome (accepted, replayed, rejected with reason)")
                        .tag("bank", key.bank())
                        .tag("kind", key.kind())
                        .tag("outcome", key.outcome())
                        .tag("reason", key.reason())
                        .register(registry))
                .increment();
    }
}

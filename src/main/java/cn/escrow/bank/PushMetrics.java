package cn.escrow.bank;

import cn.escrow.platform.error.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/**
 * Prometheus figures per bank: pushes accepted, replayed and rejected (by reason), and a latency
 * histogram ({@code escrow_bank_push_seconds}).
 */
@ApplicationScoped
public class PushMetrics {

    private final MeterRegistry registry;

    public PushMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs a push, timing it and counting its outcome; {@code bank} answers the bank code once known. */
    public <T> BankViews.Outcome<T> record(String kind, Supplier<String> bank, Supplier<BankViews.Outcome<T>> push) {
        Timer.Sample sample = Timer.start(registry);
        String outcome = "rejected";
        String reason = "none";
        try {
            BankViews.Outcome<T> result = push.get();
            outcome = result.created() ? "accepted" : "replayed";
            return result;
        } catch (ProblemException e) {
            reason = e.problem().type.substring("/problems/".length());
            throw e;
        } catch (RuntimeException e) {
            reason = "error";
            throw e;
        } finally {
            String bankCode = bank.get();
            sample.stop(Timer.builder("escrow.bank.push")
                    .description("Latency of bank pushes, from request read to commit")
                    .tag("kind", kind)
                    .publishPercentileHistogram()
                    .register(registry));
            Counter.builder("escrow.bank.pushes")
                    .description("Bank pushes by bank, kind and outcome (accepted, replayed, rejected with reason)")
                    .tag("bank", bankCode == null ? "unknown" : bankCode)
                    .tag("kind", kind)
                    .tag("outcome", outcome)
                    .tag("reason", reason)
                    .register(registry)
                    .increment();
        }
    }
}

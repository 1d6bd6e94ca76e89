package cn.escrow.signing.webhook;

import cn.escrow.platform.EscrowConfig;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Objects;

/**
 * Every {@code escrow.signing-webhook.poll-interval}, delivers what the receiver has not taken yet
 * (while it takes them, up to {@value #MAX_PER_RUN} events per run) and refreshes the lag metrics. Off
 * when {@code escrow.signing-webhook.url} is unset.
 */
@ApplicationScoped
public class SigningWebhookJob {

    /** Events one run delivers at most; the next run goes on, so a long backlog never holds the scheduler thread. */
    static final int MAX_PER_RUN = 500;

    private final SigningWebhookDelivery delivery;
    private final SigningWebhookMetrics metrics;
    private volatile String lastFailure;
    private volatile boolean stopping;

    public SigningWebhookJob(SigningWebhookDelivery delivery, SigningWebhookMetrics metrics) {
        this.delivery = delivery;
        this.metrics = metrics;
    }

    @Scheduled(identity = "signing-webhook", every = "{escrow.signing-webhook.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Off.class)
    void run() {
        if (stopping) {
            return;
        }
        try {
            SigningWebhookDelivery.Outcome outcome;
            int runs = 0;
            do {
                outcome = delivery.deliverNext();
                metrics.count(outcome);
            } while (outcome == SigningWebhookDelivery.Outcome.DELIVERED && ++runs < MAX_PER_RUN);
            metrics.refresh();
            lastFailure = null;
        } catch (RuntimeException e) { // the database is away, say; the next run tries again
            String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!stopping && !Objects.equals(failure, lastFailure)) {
                Log.warnf("Signing webhook run failed (%s); trying again every poll interval", failure);
                lastFailure = failure;
            }
        }
    }

    /** No new delivery once the service stops; one in flight ends, or rolls back and is sent again after the restart. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** Skips every run when no webhook URL is configured. */
    @Singleton
    public static class Off implements Scheduled.SkipPredicate {
        private final boolean off;

        public Off(EscrowConfig config) {
            this.off = config.signingWebhook().url().isEmpty();
        }

        @Override
        public boolean test(ScheduledExecution execution) {
            return off;
        }
    }
}

package cn.escrow.signing.webhook;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.JobRuns;
import cn.escrow.platform.JobRuns.Outcome;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

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
    private final JobRuns runs;
    private volatile boolean stopping;

    public SigningWebhookJob(SigningWebhookDelivery delivery, SigningWebhookMetrics metrics, JobRuns runs) {
        this.delivery = delivery;
        this.metrics = metrics;
        this.runs = runs;
    }

    @Scheduled(identity = "signing-webhook", every = "{escrow.signing-webhook.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Off.class)
    void run() {
        if (stopping) {
            return;
        }
        // A failure (the database is away, say) is logged once by JobRuns; the next run tries again.
        runs.run("Signing webhook", () -> {
            try {
                SigningWebhookDelivery.Outcome outcome;
                int delivered = 0;
                do {
                    outcome = delivery.deliverNext();
                    metrics.count(outcome);
                } while (outcome == SigningWebhookDelivery.Outcome.DELIVERED && ++delivered < MAX_PER_RUN);
                metrics.refresh();
                return Outcome.quiet();
            } catch (RuntimeException e) {
                if (stopping) { // cut off by the shutdown: rolled back, sent again after the restart
                    return Outcome.quiet();
                }
                throw e;
            }
        });
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

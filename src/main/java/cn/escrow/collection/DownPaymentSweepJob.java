package cn.escrow.collection;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.JobRuns;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** On {@code escrow.collection.cron}, raises DOWN_PAYMENT_NOT_COLLECTED for down-payment notices unpaid too long. */
@ApplicationScoped
public class DownPaymentSweepJob {

    private final DownPaymentSweepService sweep;
    private final JobRuns runs;
    private final EscrowClock clock;

    public DownPaymentSweepJob(DownPaymentSweepService sweep, JobRuns runs, EscrowClock clock) {
        this.sweep = sweep;
        this.runs = runs;
        this.clock = clock;
    }

    @Scheduled(identity = "down-payment-sweep", cron = "{escrow.collection.cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        runs.run("down-payment-sweep", () -> {
            int raised = sweep.sweep(clock.now());
            return raised == 0 ? JobRuns.Outcome.quiet() : JobRuns.Outcome.done("Down payments: " + raised + " not collected in time");
        });
    }
}

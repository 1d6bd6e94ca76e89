package cn.escrow.signing;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs the overdue sweep on {@code escrow.overdue-sweep.cron} (in {@code escrow.zone}); skips while another runs anywhere. */
@ApplicationScoped
public class OverdueSweepJob {

    private final OverdueSweepService sweeps;

    public OverdueSweepJob(OverdueSweepService sweeps) {
        this.sweeps = sweeps;
    }

    @Scheduled(identity = "overdue-sweep", cron = "{escrow.overdue-sweep.cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            sweeps.sweepIfIdle("scheduler").ifPresentOrElse(
                    r -> Log.infof("Overdue sweep: %d newly overdue, %d projects disabled, %d re-enabled, %d ms",
                            r.newlyOverdue(), r.projectsDisabled().size(), r.projectsReenabled().size(), r.durationMs()),
                    () -> Log.info("Overdue sweep skipped: another sweep is running"));
        } catch (RuntimeException e) {
            Log.error("Overdue sweep failed; it will run again at the next schedule", e);
        }
    }
}

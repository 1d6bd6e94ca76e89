package cn.escrow.oversight;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs the rectification sweep on {@code escrow.rectification-sweep.cron} (in {@code escrow.zone}); skips while another runs anywhere. */
@ApplicationScoped
public class RectificationSweepJob {

    private final RectificationSweepService sweeps;

    public RectificationSweepJob(RectificationSweepService sweeps) {
        this.sweeps = sweeps;
    }

    @Scheduled(identity = "rectification-sweep", cron = "{escrow.rectification-sweep.cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            sweeps.sweepIfIdle("scheduler").ifPresentOrElse(
                    r -> {
                        if (!r.rectificationsOverdue().isEmpty()) {
                            Log.infof("Rectification sweep: %d notices overdue, %d enterprises blacklisted",
                                    r.rectificationsOverdue().size(), r.enterprisesBlacklisted().size());
                        }
                    },
                    () -> Log.info("Rectification sweep skipped: another sweep is running"));
        } catch (RuntimeException e) {
            Log.error("Rectification sweep failed; it will run again at the next schedule", e);
        }
    }
}

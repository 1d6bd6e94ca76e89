package cn.escrow.oversight;

import cn.escrow.platform.JobRuns;
import cn.escrow.platform.JobRuns.Outcome;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs the rectification sweep on {@code escrow.rectification-sweep.cron} (in {@code escrow.zone}); skips while another runs anywhere. */
@ApplicationScoped
public class RectificationSweepJob {

    private final RectificationSweepService sweeps;
    private final JobRuns runs;

    public RectificationSweepJob(RectificationSweepService sweeps, JobRuns runs) {
        this.sweeps = sweeps;
        this.runs = runs;
    }

    @Scheduled(identity = "rectification-sweep", cron = "{escrow.rectification-sweep.cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        runs.run("Rectification sweep", () -> sweeps.sweepIfIdle("scheduler")
                .map(r -> r.rectificationsOverdue().isEmpty() ? Outcome.quiet()
                        : Outcome.done(String.format("%d notices overdue, %d enterprises blacklisted",
                                r.rectificationsOverdue().size(), r.enterprisesBlacklisted().size())))
                .orElse(Outcome.skipped("another sweep is running")));
    }
}

package cn.escrow.signing;

import cn.escrow.platform.JobRuns;
import cn.escrow.platform.JobRuns.Outcome;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Runs the overdue sweep on {@code escrow.overdue-sweep.cron} (in {@code escrow.zone}); skips while another runs anywhere. */
@ApplicationScoped
public class OverdueSweepJob {

    private final OverdueSweepService sweeps;
    private final JobRuns runs;

    public OverdueSweepJob(OverdueSweepService sweeps, JobRuns runs) {
        this.sweeps = sweeps;
        this.runs = runs;
    }

    @Scheduled(identity = "overdue-sweep", cron = "{escrow.overdue-sweep.cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        runs.run("Overdue sweep", () -> sweeps.sweepIfIdle("scheduler")
                .map(r -> Outcome.done(String.format("%d newly overdue, %d projects disabled, %d re-enabled, %d ms",
                        r.newlyOverdue(), r.projectsDisabled().size(), r.projectsReenabled().size(), r.durationMs())))
                .orElse(Outcome.skipped("another sweep is running")));
    }
}

package cn.escrow.guarantees;

import cn.escrow.platform.JobRuns;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** On {@code escrow.guarantees.cron}, warns of guarantees ending soon and expires those past their end date. */
@ApplicationScoped
public class GuaranteeSweepJob {

    private final GuaranteeSweepService sweep;
    private final JobRuns runs;

    public GuaranteeSweepJob(GuaranteeSweepService sweep, JobRuns runs) {
        this.sweep = sweep;
        this.runs = runs;
    }

    @Scheduled(identity = "guarantee-sweep", cron = "{escrow.guarantees.cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        runs.run("guarantee-sweep", () -> {
            GuaranteeSweepService.Swept s = sweep.sweep();
            return s.warned() + s.expired() == 0 ? JobRuns.Outcome.quiet()
                    : JobRuns.Outcome.done("Guarantees: " + s.warned() + " expiring soon, " + s.expired() + " expired");
        });
    }
}

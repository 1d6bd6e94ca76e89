package cn.escrow.risk;

import cn.escrow.platform.JobRuns;
import cn.escrow.platform.JobRuns.Outcome;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Recomputes every project's risk on {@code escrow.risk.cron} (in {@code escrow.zone}). */
@ApplicationScoped
public class RiskJob {

    private final RiskService risk;
    private final JobRuns runs;

    public RiskJob(RiskService risk, JobRuns runs) {
        this.risk = risk;
        this.runs = runs;
    }

    @Scheduled(identity = "risk", cron = "{escrow.risk.cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        runs.run("Risk", () -> {
            RiskService.Run r = risk.computeAll("scheduler");
            return r.written() == 0 ? Outcome.quiet() : Outcome.done(String.format("%d projects, %d changed, %d level changes, %d ms",
                    r.projects(), r.written(), r.changes(), r.durationMs()));
        });
    }
}

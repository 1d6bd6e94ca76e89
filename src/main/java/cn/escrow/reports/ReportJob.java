package cn.escrow.reports;

import cn.escrow.platform.JobRuns;
import cn.escrow.platform.JobRuns.Outcome;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishes the report of every period that has closed, on {@code escrow.reports.cron} (one publisher at a time). */
@ApplicationScoped
public class ReportJob {

    private final ReportService reports;
    private final JobRuns runs;

    public ReportJob(ReportService reports, JobRuns runs) {
        this.reports = reports;
        this.runs = runs;
    }

    @Scheduled(identity = "report-publication", cron = "{escrow.reports.cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        runs.run("Report publication", () -> {
            int published = reports.publishDue("scheduler");
            return published > 0 ? Outcome.done(published + " periodic report(s) published") : Outcome.quiet();
        });
    }
}

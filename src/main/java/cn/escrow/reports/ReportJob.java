package cn.escrow.reports;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Publishes the report of every period that has closed, on {@code escrow.reports.cron} (one publisher at a time). */
@ApplicationScoped
public class ReportJob {

    private final ReportService reports;

    public ReportJob(ReportService reports) {
        this.reports = reports;
    }

    @Scheduled(identity = "report-publication", cron = "{escrow.reports.cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            int published = reports.publishDue("scheduler");
            if (published > 0) {
                Log.infof("Published %d periodic report(s)", published);
            }
        } catch (RuntimeException e) {
            Log.error("Report publication failed; it will run again at the next schedule", e);
        }
    }
}

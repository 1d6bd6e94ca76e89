package cn.escrow.supervision;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Raises RELEASE_NOT_PAID for approved releases past their payment deadline, on {@code escrow.releases.not-paid-cron}. */
@ApplicationScoped
public class ReleaseNotPaidJob {

    private final ReleaseInstructionService instructions;

    public ReleaseNotPaidJob(ReleaseInstructionService instructions) {
        this.instructions = instructions;
    }

    @Scheduled(identity = "release-not-paid", cron = "{escrow.releases.not-paid-cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            long raised = instructions.raiseNotPaid();
            if (raised > 0) {
                Log.infof("Release payment deadlines: %d RELEASE_NOT_PAID alerts raised", raised);
            }
        } catch (RuntimeException e) {
            Log.error("The release payment deadline sweep failed; it runs again at the next schedule", e);
        }
    }
}

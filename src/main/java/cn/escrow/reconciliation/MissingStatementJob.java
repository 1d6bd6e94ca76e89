package cn.escrow.reconciliation;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;

/** On {@code escrow.reconciliation.statement-missing-cron}, raises STATEMENT_MISSING for yesterday's absent statements. */
@ApplicationScoped
public class MissingStatementJob {

    private final MissingStatementService missing;

    public MissingStatementJob(MissingStatementService missing) {
        this.missing = missing;
    }

    @Scheduled(identity = "statement-missing", cron = "{escrow.reconciliation.statement-missing-cron}", timeZone = "{escrow.zone}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        try {
            LocalDate day = missing.dueDay();
            long raised = missing.raiseMissing(day);
            if (raised > 0) {
                Log.infof("End-of-day statements: %d accounts sent none for %s (STATEMENT_MISSING)", raised, day);
            }
        } catch (RuntimeException e) {
            Log.error("The missing-statement sweep failed; it runs again at the next schedule", e);
        }
    }
}

package cn.escrow.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The one shape of a scheduled job: a {@code …Job} class holds its {@code @Scheduled} (cron or interval from
 * configuration; {@code off} disables it) and hands its work to {@link #run}, which logs at most one line about
 * the run, counts it in {@code escrow.jobs.runs} by outcome, and never lets a failure escape: the next schedule
 * runs again. A failure is logged once per kind in a row, so an outage does not flood the log; the metric counts
 * every one, and the first run that succeeds again says so.
 */
@ApplicationScoped
public class JobRuns {

    /** What one run did. */
    public record Outcome(String line, boolean skipped) {

        /** Done; {@code line} says what happened (null: nothing worth a line). */
        public static Outcome done(String line) {
            return new Outcome(line, false);
        }

        /** Nothing to do, nothing to log. */
        public static Outcome quiet() {
            return new Outcome(null, false);
        }

        /** Not run this time, for this reason (another instance runs it, say). */
        public static Outcome skipped(String reason) {
            return new Outcome(reason, true);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public JobRuns(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs one scheduled execution of {@code job} (its name in the log and the metric, such as "Overdue sweep"). */
    public void run(String job, Supplier<Outcome> work) {
        Outcome outcome;
        try {
            outcome = work.get();
        } catch (RuntimeException e) {
            count(job, "failed");
            String failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            Failures before = failures.get(job);
            failures.put(job, new Failures(failure, before == null ? 1 : before.count() + 1));
            if (before == null || !Objects.equals(before.last(), failure)) {
                Log.errorf(e, "%s failed (%s); it runs again at the next schedule", job, failure);
            }
            return;
        }
        count(job, outcome.skipped() ? "skipped" : "done");
        Failures before = failures.remove(job);
        if (before != null) {
            Log.infof("%s runs again after %d failed run(s)", job, before.count());
        }
        if (outcome.line() != null) {
            Log.infof(outcome.skipped() ? "%s skipped: %s" : "%s: %s", job, outcome.line());
        }
    }

    private void count(String job, String outcome) {
        counters.computeIfAbsent(job + '\n' + outcome, k -> Counter.builder("escrow.jobs.runs").tag("job", job)
                .tag("outcome", outcome).description("Runs of the scheduled jobs by outcome (done, skipped, failed)")
                .register(registry)).increment();
    }

    private record Failures(String last, int count) {
    }
}

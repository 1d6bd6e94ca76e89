package cn.escrow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import cn.escrow.platform.JobRuns.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The one shape of a scheduled job: every run counted by outcome, a failure never escapes to the scheduler. */
class JobRunsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final JobRuns runs = new JobRuns(registry);

    @Test
    void shouldCountEveryRunByOutcomeAndNeverLetAFailureEscape() {
        runs.run("Sweep", () -> Outcome.done("3 newly overdue"));
        runs.run("Sweep", Outcome::quiet);
        runs.run("Sweep", () -> Outcome.skipped("another sweep is running"));
        assertThatCode(() -> runs.run("Sweep", () -> {
            throw new IllegalStateException("database away");
        })).doesNotThrowAnyException();
        runs.run("Sweep", () -> {
            throw new IllegalStateException("database away");
        });
        runs.run("Other", Outcome::quiet);

        assertThat(count("Sweep", "done")).isEqualTo(2);
        assertThat(count("Sweep", "skipped")).isEqualTo(1);
        assertThat(count("Sweep", "failed")).isEqualTo(2);
        assertThat(count("Other", "done")).isEqualTo(1);
        assertThat(registry.find("escrow.jobs.runs").tags("job", "Other", "outcome", "failed").counter()).isNull();
    }

    private double count(String job, String outcome) {
        return registry.get("escrow.jobs.runs").tags("job", job, "outcome", outcome).counter().count();
    }
}

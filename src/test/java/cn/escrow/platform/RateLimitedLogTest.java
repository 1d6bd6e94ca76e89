package cn.escrow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.support.LogCapture;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A flood of log lines an attacker can cause is cut to the allowance per minute, and what was held back is told (plain JUnit). */
class RateLimitedLogTest {

    @Test
    void shouldWriteAtMostTheAllowancePerMinuteAndCountTheRest() {
        try (LogCapture log = LogCapture.of(RateLimitedLogTest.class)) {
            List<String> lines = log.lines();
            AtomicLong now = new AtomicLong(0);
            RateLimitedLog limited = new RateLimitedLog(RateLimitedLogTest.class, 3, now::get);
            for (int i = 0; i < 1000; i++) {
                limited.warn("failed login %d", i);
            }
            assertThat(lines).containsExactly("failed login 0", "failed login 1", "failed login 2");
            now.addAndGet(60_000_000_000L);
            limited.warn("failed login %d", 1000);
            assertThat(lines).hasSize(4).last().isEqualTo("failed login 1000 (997 similar lines held back)");
        }
    }
}

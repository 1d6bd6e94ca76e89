package cn.escrow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A flood of log lines an attacker can cause is cut to the allowance per minute, and what was held back is told (plain JUnit). */
class RateLimitedLogTest {

    @Test
    void shouldWriteAtMostTheAllowancePerMinuteAndCountTheRest() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(String.valueOf(record.getMessage()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger(RateLimitedLogTest.class.getName());
        logger.addHandler(capture);
        try {
            AtomicLong now = new AtomicLong(0);
            RateLimitedLog log = new RateLimitedLog(RateLimitedLogTest.class, 3, now::get);
            for (int i = 0; i < 1000; i++) {
                log.warn("failed login %d", i);
            }
            assertThat(lines).containsExactly("failed login 0", "failed login 1", "failed login 2");
            now.addAndGet(60_000_000_000L);
            log.warn("failed login %d", 1000);
            assertThat(lines).hasSize(4).last().isEqualTo("failed login 1000 (997 similar lines held back)");
        } finally {
            logger.removeHandler(capture);
        }
    }
}

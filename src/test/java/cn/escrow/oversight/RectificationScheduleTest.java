package cn.escrow.oversight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rectification sweep runs by itself on its cron and blacklists as the on-demand one does. */
@QuarkusTest
@TestProfile(RectificationScheduleTest.EverySecond.class)
class RectificationScheduleTest {

    public static class EverySecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("escrow.rectification-sweep.cron", "* * * * * ?");
        }
    }

    @Test
    void shouldBlacklistOnScheduleOnce() {
        OversightFixture o = new OversightFixture();
        long r = o.rectification(5);
        OversightFixture.deadlinePassed(r);
        await().atMost(Duration.ofSeconds(20)).until(o::blacklisted);
        assertThat(o.status(r)).isEqualTo("OVERDUE");
        assertThat(o.history().getString("[0].by")).isEqualTo("scheduler");
        // Later runs find nothing more to do.
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(Db.count("SELECT count(*) FROM blacklist_history WHERE enterprise_id = ?", o.fx.enterpriseId())).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'ENTERPRISE_BLACKLISTED' AND subject = ?",
                "enterprise:" + o.fx.enterpriseId())).isEqualTo(1);
    }
}

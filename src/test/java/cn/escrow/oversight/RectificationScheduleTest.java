package cn.escrow.oversight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.escrow.support.BackgroundJobsProfile;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rectification sweep runs by itself on its cron and blacklists as the on-demand one does. */
@QuarkusTest
@TestProfile(BackgroundJobsProfile.class)
class RectificationScheduleTest {

    @Test
    void shouldBlacklistOnScheduleOnce() {
        OversightFixture o = new OversightFixture();
        long r = o.rectification(5);
        OversightFixture.deadlinePassed(r);
        await().atMost(Duration.ofSeconds(20)).until(o::blacklisted);
        assertThat(o.status(r)).isEqualTo("OVERDUE");
        assertThat(o.history().getString("[0].by")).isEqualTo("scheduler");
        // A later scheduled run (seen by the second notice it marks overdue) blacklists the first enterprise no more.
        OversightFixture later = new OversightFixture();
        long second = later.rectification(5);
        OversightFixture.deadlinePassed(second);
        await().atMost(Duration.ofSeconds(20)).until(() -> "OVERDUE".equals(later.status(second)));
        assertThat(Db.count("SELECT count(*) FROM blacklist_history WHERE enterprise_id = ?", o.fx.enterpriseId())).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'ENTERPRISE_BLACKLISTED' AND subject = ?",
                "enterprise:" + o.fx.enterpriseId())).isEqualTo(1);
    }
}

package cn.escrow.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.escrow.support.Api;
import cn.escrow.support.BackgroundJobsProfile;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sweep runs by itself on the configured cron; with auto re-enable off, the sweep (not the credit) gives signing back. */
@QuarkusTest
@TestProfile(BackgroundJobsProfile.class)
class ScheduledSweepTest {

    @Test
    void shouldSweepOnScheduleAndReenableThroughTheSweepWhenAutoReenableIsOff() {
        SigningFixture s = new SigningFixture();
        String serial = s.disburse("100.00");
        // Five overdue at once with batches of 2: the sweep must loop until a batch comes back short.
        List<String> others = List.of(s.disburse("1.00"), s.disburse("2.00"), s.disburse("3.00"), s.disburse("4.00"));
        // All five in one statement: a sweep (every second here) sees none of them due or all of them, never a part.
        assertThat(Db.update("""
                UPDATE loan_disbursement SET received_at = received_at - make_interval(days => d), due_at = due_at - make_interval(days => d)
                FROM (SELECT id, CASE WHEN serial_no = ? THEN 31 ELSE 33 END AS d FROM loan_disbursement WHERE project_id = ?) m
                WHERE loan_disbursement.id = m.id""", serial, s.fx.projectId())).isEqualTo(5);
        await().atMost(Duration.ofSeconds(20)).until(() -> !s.enabled());
        assertThat(s.disbursementStatus(serial)).isEqualTo("OVERDUE");
        others.forEach(o -> assertThat(s.disbursementStatus(o)).isEqualTo("OVERDUE"));
        assertThat(Api.supervisor().get("/api/v1/overdue-sweeps?size=50").then().statusCode(200).extract().jsonPath()
                .getList("trigger")).contains("SCHEDULE");

        s.credit(serial, "100.00");
        for (int i = 0; i < others.size(); i++) {
            s.credit(others.get(i), (i + 1) + ".00");
        }
        assertThat(s.disbursementStatus(serial)).isEqualTo("FUNDS_ARRIVED");
        await().atMost(Duration.ofSeconds(20)).until(s::enabled);
        assertThat(Api.supervisor().get("/api/v1/audit-events?projectId=" + s.fx.projectId() + "&action=SIGNING_ENABLED")
                .then().statusCode(200).extract().jsonPath().getString("[0].actor")).isEqualTo("scheduler");
    }
}

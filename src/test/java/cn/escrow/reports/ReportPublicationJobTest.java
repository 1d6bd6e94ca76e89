package cn.escrow.reports;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduled job itself (its cron is off in tests): every kind's last closed period gets published, once. */
@QuarkusTest
class ReportPublicationJobTest {

    @Inject
    ReportJob job;

    @Test
    void shouldPublishEachClosedPeriodOnceWhenTheJobRuns() {
        job.run();
        long snapshotsAfterFirstRun = Db.count("SELECT count(*) FROM report_snapshot");
        job.run();
        assertThat(Db.count("SELECT count(*) FROM report_snapshot")).as("a second run publishes nothing new")
                .isEqualTo(snapshotsAfterFirstRun);

        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        List<String> published = Api.supervisor().get("/api/v1/reports/snapshots").then().statusCode(200).extract().jsonPath()
                .getList("collect { it.kind + '@' + it.periodStart }");
        for (ReportPeriod.Kind kind : ReportPeriod.Kind.values()) {
            assertThat(published).contains(kind + "@" + ReportPeriod.lastClosed(kind, today).start());
        }
    }
}

package cn.escrow.reports;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the scheduled job runs: every kind's last closed period gets published, once. */
@QuarkusTest
class ReportPublicationJobTest {

    @Inject
    ReportService reports;

    @Test
    void shouldPublishEachClosedPeriodOnce() {
        reports.publishDue("scheduler");
        assertThat(reports.publishDue("scheduler")).isZero();
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        List<String> published = Api.supervisor().get("/api/v1/reports/snapshots").then().statusCode(200).extract().jsonPath()
                .getList("collect { it.kind + '@' + it.periodStart }");
        for (ReportPeriod.Kind kind : ReportPeriod.Kind.values()) {
            assertThat(published).contains(kind + "@" + ReportPeriod.lastClosed(kind, today).start());
        }
    }
}

package cn.escrow.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class LoanDeadlineTest {

    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    static Instant at(String time) {
        return OffsetDateTime.parse(time).toInstant();
    }

    @Test
    void shouldBeDueAtTheStartOfDay31InTheServiceZone() {
        Instant due = at("2026-12-02T00:00:00+08:00");
        assertThat(LoanDeadline.dueAt(at("2026-11-01T00:00:00+08:00"), SHANGHAI, 30)).isEqualTo(due);
        assertThat(LoanDeadline.dueAt(at("2026-11-01T23:59:59+08:00"), SHANGHAI, 30)).isEqualTo(due);
    }

    @Test
    void shouldTakeThePushDateInTheServiceZoneNotUtc() {
        // 2026-10-31T16:30Z is already 1 November in Shanghai.
        assertThat(LoanDeadline.dueAt(at("2026-10-31T16:30:00Z"), SHANGHAI, 30)).isEqualTo(at("2026-12-02T00:00:00+08:00"));
        // 2026-10-31T15:59Z is still 31 October in Shanghai.
        assertThat(LoanDeadline.dueAt(at("2026-10-31T15:59:00Z"), SHANGHAI, 30)).isEqualTo(at("2026-12-01T00:00:00+08:00"));
    }

    @Test
    void shouldFollowTheConfiguredNumberOfDays() {
        assertThat(LoanDeadline.dueAt(at("2026-02-27T12:00:00+08:00"), SHANGHAI, 1)).isEqualTo(at("2026-03-01T00:00:00+08:00"));
    }
}

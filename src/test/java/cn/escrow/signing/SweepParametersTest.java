package cn.escrow.signing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.platform.EscrowConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sweep's window comes from configuration: the reporting grace moves the cutoff back, warn-before the warning horizon. */
class SweepParametersTest {

    static EscrowConfig config(String grace, String warnBefore) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(EscrowConfig.class)
                .withDefaultValue("escrow.loan-arrival.reporting-grace", grace)
                .withDefaultValue("escrow.loan-arrival.warn-before", warnBefore)
                .build();
        return config.getConfigMapping(EscrowConfig.class);
    }

    @Test
    void shouldMoveTheCutoffBackByTheGraceAndWarnAheadByWarnBefore() {
        Instant now = Instant.parse("2026-12-01T02:00:00Z");
        Map<String, Object> p = OverdueSweepService.parameters(now, "scheduler", config("PT36H", "P7D"));
        assertThat(p.get("cutoff")).isEqualTo(now.minus(Duration.ofHours(36)));
        assertThat(p.get("warn_until")).isEqualTo(now.plus(Duration.ofDays(7)));
        assertThat(p.get("now")).isEqualTo(now);
        assertThat(p.get("batch")).isEqualTo(10000);
        assertThat(p.get("zone")).isEqualTo("Asia/Shanghai");

        Map<String, Object> defaults = OverdueSweepService.parameters(now, "scheduler", config("PT0S", "P5D"));
        assertThat(defaults.get("cutoff")).isEqualTo(now);
        assertThat(defaults.get("warn_until")).isEqualTo(now.plus(Duration.ofDays(5)));
    }

    @Test
    void shouldReadEveryStatementOfTheSweepWithItsParameters() {
        assertThat(OverdueSweepService.STATEMENTS.keySet()).containsExactly("warn-due-soon", "mark-overdue", "reenable");
        assertThat(OverdueSweepService.STATEMENTS.get("reenable").jdbcText()).doesNotContain(":now").contains("= ?");
        // Casts and quoted text are not parameters.
        assertThat(OverdueSweepService.STATEMENTS.get("mark-overdue").jdbcText()).contains("'disbursement:'").contains("'project:'");
    }
}

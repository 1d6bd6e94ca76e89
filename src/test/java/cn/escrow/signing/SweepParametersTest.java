package cn.escrow.signing;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.NamedSql;
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
        assertThat(OverdueSweepService.STATEMENTS.statements().keySet()).containsExactly("warn-due-soon", "mark-overdue", "lock-reenable-candidates", "reenable");
        NamedSql reenable = NamedSql.parse(OverdueSweepService.STATEMENTS.get("reenable"));
        assertThat(reenable.jdbcSql()).doesNotContain(":now").contains("= ?");
        // Casts and quoted text are not parameters.
        NamedSql mark = NamedSql.parse(OverdueSweepService.STATEMENTS.get("mark-overdue"));
        assertThat(mark.jdbcSql()).contains("'disbursement:'").contains("'project:'");
        // Every parameter of every statement has a value, and the audit actions are bound, not written in the SQL.
        Map<String, Object> p = OverdueSweepService.parameters(Instant.now(), "scheduler", config("PT0S", "P5D"));
        for (String text : OverdueSweepService.STATEMENTS.statements().values()) {
            assertThat(p.keySet()).containsAll(NamedSql.parse(text).names());
            assertThat(text).doesNotContain("'SIGNING_DISABLED'", "'SIGNING_ENABLED'");
        }
        assertThat(mark.names()).contains("disabled_action");
        assertThat(p.get("disabled_action")).isEqualTo("SIGNING_DISABLED");
        assertThat(p.get("enabled_action")).isEqualTo("SIGNING_ENABLED");
    }
}

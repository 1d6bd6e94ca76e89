package cn.escrow.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.platform.RateLimitedLog;
import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

/** The header rules without a server: HSTS off by default, Location on the configured base URL (plain JUnit). */
class SecurityHeadersTest {

    @Test
    void shouldLeaveHstsOutUnlessConfiguredAndPutLocationOnTheBaseUrl() {
        SecurityHeaders defaults = new SecurityHeaders(false, java.time.Duration.ofDays(365), null);
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Location", "http://evil.example:8443/api/v1/users/x?y=1");
        defaults.apply(headers, false);
        assertThat(headers.get("Strict-Transport-Security")).isNull();
        assertThat(headers.get("Cache-Control")).isNull();
        assertThat(headers.get("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(headers.get("Location")).isEqualTo("/api/v1/users/x?y=1");

        SecurityHeaders configured = new SecurityHeaders(true, java.time.Duration.ofDays(1), "https://escrow.example.gov.cn/");
        headers = MultiMap.caseInsensitiveMultiMap().add("Location", "/api/v1/enterprises/7");
        configured.apply(headers, true);
        assertThat(headers.get("Strict-Transport-Security")).isEqualTo("max-age=86400");
        assertThat(headers.get("Cache-Control")).isEqualTo("no-store");
        assertThat(headers.get("Location")).isEqualTo("https://escrow.example.gov.cn/api/v1/enterprises/7");
    }

    @Test
    void shouldMakeRequestTextSafeForOneLogLine() {
        assertThat(RateLimitedLog.printable("eve\r\nFAKE LOG LINE")).isEqualTo("eve??FAKE LOG LINE");
        assertThat(RateLimitedLog.printable("x".repeat(500))).hasSize(64);
        assertThat(RateLimitedLog.printable(null)).isEqualTo("-");
    }
}

package cn.escrow.signing.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.escrow.platform.EscrowConfig;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook's pure rules, without a service: the retry backoff and the start-up checks of its configuration. */
class SigningWebhookRulesTest {

    @Test
    void shouldDoubleTheWaitAfterEachFailureUpToTheMaximum() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofMinutes(5);
        assertThat(SigningWebhookDelivery.backoff(1, initial, max)).isEqualTo(Duration.ofSeconds(1));
        assertThat(SigningWebhookDelivery.backoff(2, initial, max)).isEqualTo(Duration.ofSeconds(2));
        assertThat(SigningWebhookDelivery.backoff(5, initial, max)).isEqualTo(Duration.ofSeconds(16));
        assertThat(SigningWebhookDelivery.backoff(9, initial, max)).isEqualTo(Duration.ofSeconds(256));
        assertThat(SigningWebhookDelivery.backoff(10, initial, max)).isEqualTo(Duration.ofMinutes(5));
        assertThat(SigningWebhookDelivery.backoff(1_000_000, initial, max)).isEqualTo(Duration.ofMinutes(5));
    }

    private static EscrowConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(EscrowConfig.class)
                .withSources(new io.smallrye.config.PropertiesConfigSource(properties, "test", 500)).build();
        return config.getConfigMapping(EscrowConfig.class);
    }

    private static SigningWebhookSender sender(Map<String, String> properties) {
        return new SigningWebhookSender(config(properties), null, null, null);
    }

    @Test
    void shouldStartWithoutAWebhookByDefault() {
        assertThat(config(Map.of()).signingWebhook().url()).isEmpty();
        sender(Map.of());
    }

    @Test
    void shouldRefuseToStartWithABadWebhookConfiguration() {
        String ok = "https://signing.example.cn/hooks?x=1";
        sender(Map.of("escrow.signing-webhook.url", ok, "escrow.signing-webhook.client-id", "wangqian"));
        assertThatThrownBy(() -> sender(Map.of("escrow.signing-webhook.url", ok)))
                .hasMessageContaining("escrow.signing-webhook.client-id");
        for (String bad : new String[] {"ftp://signing.example.cn/x", "/relative/path", "http://", "not a url", "https://h/x#frag"}) {
            assertThatThrownBy(() -> sender(Map.of("escrow.signing-webhook.url", bad, "escrow.signing-webhook.client-id", "wangqian")))
                    .as(bad).hasMessageContaining("escrow.signing-webhook.url").hasMessageNotContaining(bad);
        }
        assertThatThrownBy(() -> sender(Map.of("escrow.signing-webhook.url", ok, "escrow.signing-webhook.client-id", "wangqian",
                "escrow.signing-webhook.timeout", "PT31S"))).hasMessageContaining("timeout");
        assertThatThrownBy(() -> sender(Map.of("escrow.signing-webhook.url", ok, "escrow.signing-webhook.client-id", "wangqian",
                "escrow.signing-webhook.initial-backoff", "PT10M"))).hasMessageContaining("initial-backoff");
        assertThatThrownBy(() -> sender(Map.of("escrow.signing-webhook.url", ok, "escrow.signing-webhook.client-id", "wangqian",
                "escrow.signing-webhook.poll-interval", "PT0.5S"))).hasMessageContaining("poll-interval");
    }
}

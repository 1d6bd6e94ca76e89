package cn.escrow.signing.webhook;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus figures of the signing webhook: events not yet delivered
 * ({@code escrow_signing_webhook_undelivered}), the age of the oldest of them
 * ({@code escrow_signing_webhook_lag_seconds}, 0 when none) and attempts by outcome
 * ({@code escrow_signing_webhook_deliveries_total}). Every instance refreshes the gauges from the
 * database, the delivering one or not.
 */
@ApplicationScoped
public class SigningWebhookMetrics {

    private final Sql sql;
    private final EscrowClock clock;
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private final Counter delivered;
    private final Counter failed;

    public SigningWebhookMetrics(Sql sql, EscrowClock clock, MeterRegistry registry) {
        this.sql = sql;
        this.clock = clock;
        Gauge.builder("escrow.signing.webhook.undelivered", undelivered, AtomicLong::get)
                .description("Signing events the webhook receiver has not taken yet").register(registry);
        Gauge.builder("escrow.signing.webhook.lag", lagMillis, millis -> millis.get() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest signing event not yet delivered (0 when none)").register(registry);
        delivered = Counter.builder("escrow.signing.webhook.deliveries").tag("outcome", "delivered")
                .description("Webhook delivery attempts by outcome").register(registry);
        failed = Counter.builder("escrow.signing.webhook.deliveries").tag("outcome", "failed")
                .description("Webhook delivery attempts by outcome").register(registry);
    }

    void count(SigningWebhookDelivery.Outcome outcome) {
        if (outcome == SigningWebhookDelivery.Outcome.DELIVERED) {
            delivered.increment();
        } else if (outcome == SigningWebhookDelivery.Outcome.FAILED) {
            failed.increment();
        }
    }

    /** Reads the backlog behind the cursor: how many events, and when the oldest changed state. */
    void refresh() {
        sql.one("""
                SELECT (SELECT count(*) FROM signing_event WHERE seq > c.delivered_seq) AS undelivered,
                       (SELECT at FROM signing_event WHERE seq > c.delivered_seq ORDER BY seq LIMIT 1) AS oldest
                FROM signing_webhook_cursor c""", row -> {
            undelivered.set(row.getLong("undelivered"));
            Instant oldest = row.getInstant("oldest");
            lagMillis.set(oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.now()).toMillis()));
            return null;
        });
    }
}

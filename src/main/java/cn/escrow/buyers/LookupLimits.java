package cn.escrow.buyers;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The per-address rate limit of the buyers' self-check, kept in PostgreSQL so that every instance
 * shares it: one fixed-window counter per client address ({@link ClientAddress}), counting every
 * request. Each count is its own committed transaction, so a refused or failed look-up still counts.
 * Guesses per contract number are slowed down by {@link GuessBackoff}.
 */
@ApplicationScoped
public class LookupLimits {

    private final Sql sql;
    private final EscrowClock clock;
    private final EscrowConfig.BuyerLookup config;

    public LookupLimits(Sql sql, EscrowClock clock, EscrowConfig config) {
        this.sql = sql;
        this.clock = clock;
        this.config = config.buyerLookup();
    }

    /** Counts a request from this address; the seconds to wait when it is over the limit. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public OptionalLong countRequest(String address) {
        return hit("ADDRESS", address, config.addressWindow(), config.maxRequestsPerAddress());
    }

    private OptionalLong hit(String scope, String key, Duration window, int max) {
        Instant now = clock.now();
        Window counted = sql.one("""
                INSERT INTO buyer_lookup_limit AS l (scope, limit_key, window_start, hits) VALUES (:scope, :k, :now, 1)
                ON CONFLICT (scope, limit_key) DO UPDATE SET
                    window_start = CASE WHEN l.window_start <= :expired THEN :now ELSE l.window_start END,
                    hits = CASE WHEN l.window_start <= :expired THEN 1 ELSE l.hits + 1 END
                RETURNING window_start, hits""",
                row -> new Window(row.getInstant("window_start"), row.getInt("hits")),
                "scope", scope, "k", key, "now", now, "expired", now.minus(window));
        if (counted.hits() <= max) {
            return OptionalLong.empty();
        }
        Instant reopens = counted.start().plus(window);
        return OptionalLong.of(Math.max(1, (Duration.between(now, reopens).toMillis() + 999) / 1000));
    }

    private record Window(Instant start, int hits) {
    }

    /** Drops counters whose window ended long ago, so the table stays small. */
    @Scheduled(identity = "buyer-lookup-limit-cleanup", every = "1h", delayed = "10m")
    @Transactional
    void cleanUp() {
        int removed = sql.update("DELETE FROM buyer_lookup_limit WHERE window_start < :before",
                "before", clock.now().minus(config.addressWindow()));
        if (removed > 0) {
            Log.debugf("Removed %d expired buyer look-up counters", removed);
        }
    }
}

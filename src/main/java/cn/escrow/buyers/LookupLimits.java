package cn.escrow.buyers;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.SqlValues;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Rate limits of the buyers' self-check, kept in PostgreSQL so that every instance shares them:
 * one fixed-window counter per client address (every request) and per contract number (failed
 * attempts). Each count is its own committed transaction, so a refused or failed look-up still
 * counts.
 */
@ApplicationScoped
public class LookupLimits {

    private final EntityManager em;
    private final EscrowClock clock;
    private final EscrowConfig.BuyerLookup config;

    public LookupLimits(EntityManager em, EscrowClock clock, EscrowConfig config) {
        this.em = em;
        this.clock = clock;
        this.config = config.buyerLookup();
    }

    /** Counts a request from this address; the seconds to wait when it is over the limit. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public OptionalLong countRequest(String address) {
        return hit("ADDRESS", address, config.addressWindow(), config.maxRequestsPerAddress());
    }

    /**
     * Counts an attempt on this contract number as failed before it is made (so that concurrent
     * guesses cannot slip past the limit); {@link #forgiveAttempt} takes it back when it succeeds.
     * The seconds to wait when the contract has had too many failed attempts.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public OptionalLong countAttempt(String contractNo) {
        return hit("CONTRACT", contractNo, config.contractWindow(), config.maxFailuresPerContract());
    }

    /** A successful look-up is not a failed attempt. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void forgiveAttempt(String contractNo) {
        em.createNativeQuery("""
                UPDATE buyer_lookup_limit SET hits = greatest(hits - 1, 0) WHERE scope = 'CONTRACT' AND limit_key = :k""")
                .setParameter("k", contractNo).executeUpdate();
    }

    private OptionalLong hit(String scope, String key, Duration window, int max) {
        Instant now = clock.now();
        Object[] row = (Object[]) em.createNativeQuery("""
                INSERT INTO buyer_lookup_limit AS l (scope, limit_key, window_start, hits) VALUES (:scope, :k, :now, 1)
                ON CONFLICT (scope, limit_key) DO UPDATE SET
                    window_start = CASE WHEN l.window_start <= :expired THEN :now ELSE l.window_start END,
                    hits = CASE WHEN l.window_start <= :expired THEN 1 ELSE l.hits + 1 END
                RETURNING window_start, hits""")
                .setParameter("scope", scope).setParameter("k", key).setParameter("now", now)
                .setParameter("expired", now.minus(window)).getSingleResult();
        int hits = ((Number) row[1]).intValue();
        if (hits <= max) {
            return OptionalLong.empty();
        }
        Instant reopens = SqlValues.instant(row[0]).plus(window);
        return OptionalLong.of(Math.max(1, (Duration.between(now, reopens).toMillis() + 999) / 1000));
    }

    /** Drops counters whose window ended long ago, so the table stays small. */
    @Scheduled(identity = "buyer-lookup-limit-cleanup", every = "1h", delayed = "10m")
    @Transactional
    void cleanUp() {
        Duration longest = config.contractWindow().compareTo(config.addressWindow()) > 0 ? config.contractWindow() : config.addressWindow();
        int removed = em.createNativeQuery("DELETE FROM buyer_lookup_limit WHERE window_start < :before")
                .setParameter("before", clock.now().minus(longest)).executeUpdate();
        if (removed > 0) {
            Log.debugf("Removed %d expired buyer look-up counters", removed);
        }
    }
}

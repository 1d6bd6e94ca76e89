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
import java.time.temporal.ChronoUnit;
import java.util.OptionalLong;

/**
 * Wrong guesses on a contract number slow further guesses on it down instead of locking it: the first
 * {@code free-failures-per-contract} cost nothing, then each one makes the next guess wait
 * {@code first-delay}, doubling up to {@code max-delay}. The rightful buyer who mistypes waits seconds;
 * while someone guesses, the buyer waits at most {@code max-delay} for a turn, and the guesser gets about
 * one guess per {@code max-delay}. Counted in PostgreSQL, so every instance shares it, for unknown
 * contract numbers too (a refusal says nothing about existence). A guess is counted as wrong before it
 * is checked (concurrent guesses cannot slip through) and taken back when it was right.
 */
@ApplicationScoped
public class GuessBackoff {

    private record State(int failures, Instant lastFailureAt, Instant nextAllowedAt) {
    }

    private final Sql sql;
    private final EscrowClock clock;
    private final EscrowConfig.BuyerLookup config;

    public GuessBackoff(Sql sql, EscrowClock clock, EscrowConfig config) {
        this.sql = sql;
        this.clock = clock;
        this.config = config.buyerLookup();
    }

    /** Admits one guess on {@code contractNo} (counted as wrong until {@link #forgive}), or the seconds to wait. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public OptionalLong admit(String contractNo) {
        Instant now = clock.now().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it, so that it compares equal when read back
        sql.update("""
                INSERT INTO buyer_lookup_backoff (contract_no, failures, last_failure_at, next_allowed_at) VALUES (:contractNo, 0, :now, :now)
                ON CONFLICT (contract_no) DO NOTHING""", "contractNo", contractNo, "now", now);
        State s = sql.one("""
                SELECT failures, last_failure_at, next_allowed_at FROM buyer_lookup_backoff WHERE contract_no = :contractNo FOR UPDATE""",
                r -> new State(r.getInt("failures"), r.getInstant("last_failure_at"), r.getInstant("next_allowed_at")),
                "contractNo", contractNo);
        boolean forgotten = !s.lastFailureAt().isAfter(now.minus(config.failureMemory()));
        if (!forgotten && s.nextAllowedAt().isAfter(now)) {
            return OptionalLong.of(Math.max(1, (Duration.between(now, s.nextAllowedAt()).toMillis() + 999) / 1000));
        }
        int failures = (forgotten ? 0 : s.failures()) + 1;
        sql.update("""
                UPDATE buyer_lookup_backoff SET failures = :failures, last_failure_at = :now, next_allowed_at = :next
                WHERE contract_no = :contractNo""",
                "failures", failures, "now", now, "next", now.plus(delayAfter(failures)), "contractNo", contractNo);
        return OptionalLong.empty();
    }

    /** The guess admitted last was right: it is no wrong guess, and the wait it set is lifted. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void forgive(String contractNo) {
        sql.update("""
                UPDATE buyer_lookup_backoff SET failures = greatest(failures - 1, 0), next_allowed_at = least(next_allowed_at, :now)
                WHERE contract_no = :contractNo""", "now", clock.now(), "contractNo", contractNo);
    }

    /** The wait after the {@code failures}-th wrong guess in a row. */
    Duration delayAfter(int failures) {
        return delayAfter(failures, config.freeFailuresPerContract(), config.firstDelay(), config.maxDelay());
    }

    /** None for the first {@code free} wrong guesses, then {@code first}, doubling with each one more, at most {@code max}. */
    static Duration delayAfter(int failures, int free, Duration first, Duration max) {
        int beyond = failures - free;
        if (beyond <= 0) {
            return Duration.ZERO;
        }
        Duration delay = first.multipliedBy(1L << Math.min(beyond - 1, 30));
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** Drops contract numbers whose wrong guesses are forgotten, so the table stays small. */
    @Scheduled(identity = "buyer-lookup-backoff-cleanup", every = "1h", delayed = "10m")
    @Transactional
    void cleanUp() {
        int removed = sql.update("DELETE FROM buyer_lookup_backoff WHERE last_failure_at < :before",
                "before", clock.now().minus(config.failureMemory()));
        if (removed > 0) {
            Log.debugf("Removed %d forgotten buyer look-up back-offs", removed);
        }
    }
}

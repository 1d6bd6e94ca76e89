package cn.escrow.signing.webhook;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import cn.escrow.signing.events.SigningEvent;
import cn.escrow.signing.events.SigningEventFeed;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Delivers the next signing event the receiver has not taken, with the cursor row locked.
 *
 * <p>The cursor ({@code signing_webhook_cursor}, one row) is the webhook's position in the feed. One
 * attempt is one transaction: lock the row ({@code SKIP LOCKED}: when another instance holds it, that
 * instance is delivering and this one does nothing), send the event after {@code delivered_seq}, and on
 * a 2xx answer move the cursor to it, or else count the failure and set the time of the next attempt
 * (exponential backoff). The next event is sent only once this one is taken, so the receiver gets them
 * in order. A crash between the receiver's 2xx and the commit sends that one event again after the
 * restart (at-least-once): the receiver de-duplicates by {@code seq}.
 */
@ApplicationScoped
public class SigningWebhookDelivery {

    /** What one call did. */
    public enum Outcome {
        /** An event was taken by the receiver; there may be more. */
        DELIVERED,
        /** The receiver did not take the event; the next attempt waits for the backoff. */
        FAILED,
        /** A retry is due later. */
        WAITING,
        /** Nothing to deliver. */
        IDLE,
        /** Another instance is delivering. */
        BUSY
    }

    private record Cursor(long deliveredSeq, int attempts, Instant nextAttemptAt, String lastError) {
    }

    private final Sql sql;
    private final SigningEventFeed feed;
    private final SigningWebhookSender sender;
    private final EscrowClock clock;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public SigningWebhookDelivery(Sql sql, SigningEventFeed feed, SigningWebhookSender sender, EscrowClock clock,
                                  EscrowConfig config) {
        this.sql = sql;
        this.feed = feed;
        this.sender = sender;
        this.clock = clock;
        this.initialBackoff = config.signingWebhook().initialBackoff();
        this.maxBackoff = config.signingWebhook().maxBackoff();
    }

    /** One attempt at the next event. The transaction spans the HTTP call: at most twice the 30 s timeout, well inside 90 s. */
    @Transactional
    @TransactionConfiguration(timeout = 90)
    public Outcome deliverNext() {
        Cursor cursor = sql.one("""
                SELECT delivered_seq, attempts, next_attempt_at, last_error FROM signing_webhook_cursor FOR UPDATE SKIP LOCKED""",
                row -> new Cursor(row.getLong("delivered_seq"), row.getInt("attempts"), row.getInstant("next_attempt_at"),
                        row.getString("last_error")));
        if (cursor == null) {
            return Outcome.BUSY;
        }
        if (cursor.nextAttemptAt() != null && clock.now().isBefore(cursor.nextAttemptAt())) {
            return Outcome.WAITING;
        }
        List<SigningEvent> next = feed.after(cursor.deliveredSeq(), 1);
        if (next.isEmpty()) {
            return Outcome.IDLE;
        }
        SigningEvent event = next.get(0);
        SigningWebhookSender.Result result = sender.send(event);
        if (result.delivered()) {
            sql.update("""
                    UPDATE signing_webhook_cursor SET delivered_seq = :seq, delivered_at = :now, attempts = 0, next_attempt_at = NULL,
                        last_error = NULL
                    WHERE delivered_seq < :seq""", "seq", event.seq(), "now", clock.now());
            if (cursor.lastError() != null) {
                Log.infof("Signing webhook: event %d delivered after %d failed attempts", event.seq(), cursor.attempts());
            }
            return Outcome.DELIVERED;
        }
        int attempts = cursor.attempts() + 1;
        Duration wait = backoff(attempts, initialBackoff, maxBackoff);
        String problem = result.problem().length() > 500 ? result.problem().substring(0, 500) : result.problem();
        sql.update("UPDATE signing_webhook_cursor SET attempts = :attempts, next_attempt_at = :next, last_error = :problem",
                "attempts", attempts, "next", clock.now().plus(wait), "problem", problem);
        if (!problem.equals(cursor.lastError())) { // once per kind of failure, not once per retry
            Log.warnf("Signing webhook: event %d not delivered: %s. Retrying with backoff (attempt %d, next in %s)",
                    event.seq(), problem, attempts, wait);
        }
        return Outcome.FAILED;
    }

    /** The wait after the n-th failed attempt in a row: {@code initial} doubled n - 1 times, at most {@code max}. */
    static Duration backoff(int failedAttempts, Duration initial, Duration max) {
        int doublings = Math.max(0, Math.min(failedAttempts - 1, 30));
        Duration wait = initial.multipliedBy(1L << doublings);
        return wait.compareTo(max) > 0 ? max : wait;
    }
}

package cn.escrow.bank;

import cn.escrow.bank.BankViews.Outcome;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.error.ValidationFailed;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.LongFunction;

/**
 * What every push kind shares before it writes: the replay of a serial already stored (exactly once: an identical
 * repeat answers the push as it stands, different content is a conflict) and the plausibility of its time.
 */
final class PushReplays {

    /** Pushes dated further ahead of the service clock than this are refused as implausible. */
    private static final Duration MAX_FUTURE = Duration.ofDays(1);

    private PushReplays() {
    }

    /** The id and content hash of a push already stored under a serial. */
    record Stored(long id, String contentHash) {
    }

    /** Columns stored_id and stored_hash of a row; null when the id is (no such push). */
    static Stored stored(Row row) throws SQLException {
        Long id = row.getLongOrNull("stored_id");
        return id == null ? null : new Stored(id, row.getString("stored_hash"));
    }

    /** An identical repeat answers the push as it stands now (200); different content is a conflict. */
    static <V> Outcome<V> replay(Stored existing, String serialNo, String fingerprint, LongFunction<V> view) {
        if (!fingerprint.equals(existing.contentHash())) {
            throw new IdempotencyConflict(serialNo);
        }
        return new Outcome<>(view.apply(existing.id()), false);
    }

    static void notInFuture(String field, Instant at, Instant now) {
        if (at.isAfter(now.plus(MAX_FUTURE))) {
            throw new ValidationFailed(field, "must not be more than a day ahead of the service clock");
        }
    }
}

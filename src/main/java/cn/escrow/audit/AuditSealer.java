package cn.escrow.audit;

import cn.escrow.audit.AuditChainHash.StoredEvent;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Appends committed audit events to the hash chain ({@link AuditChainHash}) in the background, so that
 * writers do no more work than before and never wait for it. One sealer runs at a time across instances
 * (an advisory lock); it takes unsealed events above a floor in id order, a batch per transaction. The
 * floor ({@code audit_seal_state}) rises to the last id handed out at an earlier run once every
 * transaction that was running then has ended, so an event whose transaction commits late is still
 * found, and sealed after events with higher ids: the chain's order is the order of sealing. A full
 * pass (every hour, and before each verification) seals from id 0, for the rare event whose id was
 * handed out just before its transaction got its transaction id.
 */
@ApplicationScoped
public class AuditSealer {

    static final int BATCH = 1000;

    /** The columns of an audit event as the chain hashes it. */
    static final String EVENT_COLUMNS = "e.id, e.at, e.actor, e.action, e.subject, e.project_id, e.details::text AS details_text";

    private record State(long floor, long candidate, boolean matured) {
    }

    private record Head(long position, byte[] hash) {
    }

    private final Sql sql;
    private final AdvisoryLocks locks;
    private final EscrowClock clock;
    private final boolean background;

    public AuditSealer(Sql sql, AdvisoryLocks locks, EscrowClock clock, EscrowConfig config) {
        this.sql = sql;
        this.locks = locks;
        this.clock = clock;
        String interval = config.audit().sealInterval().trim();
        this.background = !interval.equalsIgnoreCase("off") && !interval.equalsIgnoreCase("disabled");
    }

    @Scheduled(identity = "audit-sealer", every = "${escrow.audit.seal-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sealInBackground() {
        seal(false, false);
    }

    @Scheduled(identity = "audit-sealer-full-pass", every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sealEverythingInBackground() {
        if (background) { // seal-interval off: nothing is sealed in the background, a verification seals
            seal(false, true);
        }
    }

    /** Seals every committed event not sealed yet, from id 0; waits for a sealer running elsewhere. */
    public void sealAll() {
        while (sealBatch(true, true) == BATCH) {
            // a full batch: there may be more
        }
    }

    private void seal(boolean wait, boolean full) {
        try {
            int sealed;
            do {
                sealed = sealBatch(wait, full);
            } while (sealed == BATCH);
        } catch (RuntimeException e) {
            Log.warnf("Sealing audit events failed, the next run retries: %s", e.getMessage());
        }
    }

    /**
     * Seals up to one batch of events above the floor ({@code full}: above 0); 0 when another sealer holds
     * the lock and {@code wait} is false.
     */
    @Transactional
    int sealBatch(boolean wait, boolean full) {
        if (wait) {
            locks.acquire(AdvisoryLock.AUDIT_SEAL);
        } else if (!locks.tryAcquire(AdvisoryLock.AUDIT_SEAL)) {
            return 0;
        }
        // Read before anything is written: this transaction has no transaction id yet, so it holds no horizon back.
        State state = sql.one("""
                SELECT floor_id, candidate_id, pg_snapshot_xmin(pg_current_snapshot()) >= candidate_xmax AS matured
                FROM audit_seal_state""",
                r -> new State(r.getLong("floor_id"), r.getLong("candidate_id"), r.getBoolean("matured")));
        List<StoredEvent> events = sql.list("SELECT " + EVENT_COLUMNS + " FROM audit_event e WHERE e.id > :floor"
                + " AND NOT EXISTS (SELECT 1 FROM audit_chain c WHERE c.event_id = e.id) ORDER BY e.id LIMIT :batch",
                AuditSealer::event, "floor", full ? 0 : state.floor(), "batch", BATCH);
        if (!events.isEmpty()) {
            appendToChain(events);
        }
        if (!full && state.matured()) {
            // Every id up to the candidate is final; those above the floor that committed are now sealed up to
            // the last one of this batch (all of them when the batch was not full).
            long sealedThrough = events.size() < BATCH ? state.candidate() : events.get(events.size() - 1).id();
            moveFloor(state, Math.min(state.candidate(), sealedThrough), sealedThrough >= state.candidate());
        }
        return events.size();
    }

    /**
     * Raises the floor; once it has reached the candidate, the new candidate is the last id handed out now,
     * read before the snapshot whose next transaction id it is paired with (a statement of its own), so
     * that whatever transaction holds an id up to it has a transaction id below that.
     */
    private void moveFloor(State state, long floor, boolean newCandidate) {
        if (!newCandidate) {
            sql.update("UPDATE audit_seal_state SET floor_id = :floor", "floor", floor);
            return;
        }
        long lastId = sql.one("SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('audit_event', 'id')::regclass), 0) AS id",
                r -> r.getLong("id"));
        if (floor == state.floor() && lastId == state.candidate()) {
            return; // nothing written since: no need to write the state (an idle service writes nothing)
        }
        sql.update("""
                UPDATE audit_seal_state SET floor_id = :floor, candidate_id = :candidate,
                    candidate_xmax = pg_snapshot_xmax(pg_current_snapshot())""", "floor", floor, "candidate", Math.max(lastId, floor));
    }

    private void appendToChain(List<StoredEvent> events) {
        Head head = sql.one("SELECT position, hash FROM audit_chain ORDER BY position DESC LIMIT 1",
                r -> new Head(r.getLong("position"), r.getBytes("hash")));
        long position = head == null ? 0 : head.position();
        byte[] hash = head == null ? AuditChainHash.GENESIS : head.hash();
        Long[] positions = new Long[events.size()];
        Long[] ids = new Long[events.size()];
        List<String> hashes = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            hash = AuditChainHash.next(hash, events.get(i));
            positions[i] = ++position;
            ids[i] = events.get(i).id();
            hashes.add(HexFormat.of().formatHex(hash));
        }
        sql.update("""
                INSERT INTO audit_chain (position, event_id, hash, sealed_at)
                SELECT p, e, decode(h, 'hex'), :now FROM unnest(:positions::bigint[], :ids::bigint[], :hashes::text[]) AS u(p, e, h)""",
                "now", clock.now(), "positions", positions, "ids", ids, "hashes", hashes);
    }

    /** Reads a row selected with {@link #EVENT_COLUMNS}. */
    static StoredEvent event(Row r) throws SQLException {
        return new StoredEvent(r.getLong("id"), r.getInstant("at"), r.getString("actor"), r.getString("action"),
                r.getString("subject"), r.getLongOrNull("project_id"), r.getString("details_text"));
    }
}

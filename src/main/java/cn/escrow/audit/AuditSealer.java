package cn.escrow.audit;

import cn.escrow.audit.AuditChainHash.StoredEvent;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.Jdbc;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/**
 * Appends newly written audit events to the hash chain ({@link AuditChainHash}), in the background, so
 * that writers never wait for it. Events are queued by a trigger in their own transaction; the sealer
 * takes committed ones in id order, a batch per transaction, under an advisory lock that lets one
 * sealer run at a time across instances. An event that commits late is sealed by a later run, after
 * events with higher ids: the chain's order is the order of sealing.
 */
@ApplicationScoped
public class AuditSealer {

    /** Advisory lock of the sealer ("AUDIT"). */
    static final long SEAL_LOCK = 0x4155444954L;
    static final int BATCH = 1000;

    /** The columns of an audit event as the chain hashes it. */
    static final String EVENT_COLUMNS = "e.id, e.at, e.actor, e.action, e.subject, e.project_id, e.details::text AS details_text";

    private final Jdbc jdbc;
    private final EscrowClock clock;

    public AuditSealer(Jdbc jdbc, EscrowClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Scheduled(identity = "audit-sealer", every = "${escrow.audit.seal-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sealInBackground() {
        try {
            int sealed;
            do {
                sealed = sealBatch(false);
            } while (sealed == BATCH);
        } catch (RuntimeException e) {
            Log.warnf("Sealing audit events failed, the next run retries: %s", e.getMessage());
        }
    }

    /** Seals everything queued now; waits for a sealer running elsewhere. */
    public void sealAll() {
        while (sealBatch(true) == BATCH) {
            // a full batch: there may be more
        }
    }

    /** Seals up to one batch of queued events; 0 when another sealer holds the lock and {@code wait} is false. */
    @Transactional
    int sealBatch(boolean wait) {
        boolean locked = wait
                ? jdbc.first("SELECT pg_advisory_xact_lock(?)", r -> true, SEAL_LOCK)
                : jdbc.first("SELECT pg_try_advisory_xact_lock(?) AS locked", r -> r.getBoolean("locked"), SEAL_LOCK);
        if (!locked) {
            return 0;
        }
        List<StoredEvent> events = jdbc.list("SELECT " + EVENT_COLUMNS
                + " FROM audit_seal_queue q JOIN audit_event e ON e.id = q.event_id ORDER BY e.id LIMIT ?", AuditSealer::event, BATCH);
        if (events.isEmpty()) {
            return 0;
        }
        Object[] head = jdbc.first("SELECT position, hash FROM audit_chain ORDER BY position DESC LIMIT 1",
                r -> new Object[] {r.getLong("position"), r.getBytes("hash")});
        long position = head == null ? 0 : (long) head[0];
        byte[] hash = head == null ? AuditChainHash.GENESIS : (byte[]) head[1];
        Long[] positions = new Long[events.size()];
        Long[] ids = new Long[events.size()];
        String[] hashes = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            hash = AuditChainHash.next(hash, events.get(i));
            positions[i] = ++position;
            ids[i] = events.get(i).id();
            hashes[i] = HexFormat.of().formatHex(hash);
        }
        jdbc.update("""
                INSERT INTO audit_chain (position, event_id, hash, sealed_at)
                SELECT p, e, decode(h, 'hex'), ? FROM unnest(?::bigint[], ?::bigint[], ?::text[]) AS u(p, e, h)""",
                clock.now(), positions, ids, hashes);
        jdbc.update("DELETE FROM audit_seal_queue WHERE event_id = ANY(?)", (Object) ids);
        return events.size();
    }

    /** Reads a row selected with {@link #EVENT_COLUMNS}. */
    static StoredEvent event(ResultSet r) throws SQLException {
        return new StoredEvent(r.getLong("id"), Jdbc.instant(r, "at"), r.getString("actor"), r.getString("action"),
                r.getString("subject"), r.getObject("project_id", Long.class), r.getString("details_text"));
    }
}

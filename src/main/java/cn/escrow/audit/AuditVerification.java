package cn.escrow.audit;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditChainHash.StoredEvent;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.security.Caller;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * Recomputes the audit trail's hash chain from the stored events and names the first event where it
 * breaks: content changed (the recomputed hash differs from the sealed one), an event gone, or a link
 * of the chain gone. Every committed event not sealed yet is sealed first, so the check covers every
 * event committed when it started.
 */
@ApplicationScoped
public class AuditVerification {

    static final int PAGE = 5000;

    /** Why the chain breaks at an event. */
    public enum Problem { CONTENT_CHANGED, EVENT_MISSING, CHAIN_LINK_MISSING }

    /** The first event where the chain breaks. */
    public record Break(long eventId, Long position, Problem problem) {
    }

    /** The outcome: how many events were checked, the last link, and the first break if there is one. */
    public record Result(boolean intact, long checkedEvents, long headPosition, String headHash, Break firstBreak,
                         Instant verifiedAt) {
    }

    private record Link(long position, long eventId, byte[] hash, StoredEvent event) {
    }

    private final AuditSealer sealer;
    private final Sql sql;
    private final AuditLog audit;
    private final EscrowClock clock;

    public AuditVerification(AuditSealer sealer, Sql sql, AuditLog audit, EscrowClock clock) {
        this.sealer = sealer;
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
    }

    /** Seals what is not sealed yet, recomputes the whole chain, and records the check as an audit event. */
    public Result verify(Caller caller) {
        sealer.sealAll();
        Result result = QuarkusTransaction.requiringNew().call(this::recompute);
        QuarkusTransaction.requiringNew().run(() -> audit.record(caller.actor(), AuditAction.AUDIT_CHAIN_VERIFIED, "audit-chain", null,
                details("intact", result.intact(), "checkedEvents", result.checkedEvents(), "headPosition", result.headPosition(),
                        "firstBrokenEventId", result.firstBreak() == null ? null : result.firstBreak().eventId(),
                        "problem", result.firstBreak() == null ? null : result.firstBreak().problem().name())));
        if (!result.intact()) {
            Log.errorf("Audit chain broken at event %d (%s): the audit trail was changed outside the service",
                    result.firstBreak().eventId(), result.firstBreak().problem());
        }
        return result;
    }

    private Result recompute() {
        byte[] running = AuditChainHash.GENESIS;
        long expected = 1;
        long checked = 0;
        List<Link> page;
        do {
            page = sql.list("SELECT c.position, c.event_id, c.hash, " + AuditSealer.EVENT_COLUMNS
                    + " FROM audit_chain c LEFT JOIN audit_event e ON e.id = c.event_id"
                    + " WHERE c.position >= :from ORDER BY c.position LIMIT :page",
                    r -> new Link(r.getLong("position"), r.getLong("event_id"), r.getBytes("hash"),
                            r.getLongOrNull("id") == null ? null : AuditSealer.event(r)), "from", expected, "page", PAGE);
            for (Link link : page) {
                Problem problem = link.position() != expected ? Problem.CHAIN_LINK_MISSING
                        : link.event() == null ? Problem.EVENT_MISSING
                        : !MessageDigest.isEqual(AuditChainHash.next(running, link.event()), link.hash()) ? Problem.CONTENT_CHANGED
                        : null;
                if (problem != null) {
                    return broken(checked, expected - 1, running, new Break(link.eventId(), link.position(), problem));
                }
                running = link.hash();
                checked++;
                expected++;
            }
        } while (page.size() == PAGE);
        return new Result(true, checked, expected - 1, HexFormat.of().formatHex(running), null, clock.now());
    }

    /** {@code running} is the hash of the last event that verified. */
    private Result broken(long checked, long headPosition, byte[] running, Break at) {
        return new Result(false, checked, headPosition, HexFormat.of().formatHex(running), at, clock.now());
    }
}

package cn.escrow.signing.events;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.security.DivisionScope;
import cn.escrow.signing.SigningReason;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Reads the signing events after a position. The database numbers events in commit order (see the
 * trigger in V10), so one statement, which sees one snapshot, returns a continuation with nothing
 * missing: every committed event with a seq above {@code after}, up to the last one it returns. Two
 * statements could see two snapshots, so this stays one statement.
 */
@ApplicationScoped
public class SigningEventFeed {

    private static final String AFTER = """
            SELECT e.seq, e.project_id, e.enabled, e.at, r.*
            FROM (SELECT seq, project_id, enabled, at, reasons FROM signing_event WHERE seq > :after
                  AND (:all OR project_id IN (SELECT id FROM project WHERE division_code LIKE ANY(:divs)))
                  ORDER BY seq LIMIT :limit) e
            LEFT JOIN LATERAL\s""" + SigningReason.rows("e.reasons") + """
             ON TRUE
            ORDER BY e.seq, r.ordinality""";

    private final Sql sql;
    private final EscrowClock clock;

    public SigningEventFeed(Sql sql, EscrowClock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** Up to {@code limit} events with a seq above {@code after}, in ascending seq. */
    public List<SigningEvent> after(long after, int limit) {
        return after(after, limit, DivisionScope.ALL);
    }

    /** As {@link #after(long, int)}, only of projects in {@code scope} (a person limited to divisions). */
    public List<SigningEvent> after(long after, int limit, DivisionScope scope) {
        List<Line> lines = sql.list(AFTER, row -> new Line(row.getLong("seq"), row.getLong("project_id"),
                row.getBoolean("enabled"), clock.inZone(row.getInstant("at")),
                row.getString("kind") == null ? null : SigningReason.read(row, clock)), "after", after, "limit", limit,
                "all", scope.unlimited(), "divs", scope.sqlPatterns());
        Map<Long, List<Line>> bySeq = lines.stream().collect(Collectors.groupingBy(Line::seq, LinkedHashMap::new, Collectors.toList()));
        return bySeq.values().stream().map(SigningEventFeed::event).toList();
    }

    /** One event's rows: one per reason, or a single row without a reason. */
    private record Line(long seq, long projectId, boolean enabled, OffsetDateTime at, SigningReason reason) {
    }

    private static SigningEvent event(List<Line> lines) {
        Line first = lines.get(0);
        List<SigningReason> reasons = lines.stream().map(Line::reason).filter(Objects::nonNull).toList();
        return new SigningEvent(first.seq(), first.projectId(), first.enabled(), first.at(), reasons);
    }
}

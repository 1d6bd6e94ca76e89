package cn.escrow.signing.events;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.Jdbc;
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
            FROM (SELECT seq, project_id, enabled, at, reasons FROM signing_event WHERE seq > ? ORDER BY seq LIMIT ?) e
            LEFT JOIN LATERAL\s""" + SigningReason.rows("e.reasons") + """
             ON TRUE
            ORDER BY e.seq, r.ordinality""";

    private final Jdbc jdbc;
    private final EscrowClock clock;

    public SigningEventFeed(Jdbc jdbc, EscrowClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Up to {@code limit} events with a seq above {@code after}, in ascending seq. */
    public List<SigningEvent> after(long after, int limit) {
        List<Row> rows = jdbc.list(AFTER, row -> new Row(row.getLong("seq"), row.getLong("project_id"),
                row.getBoolean("enabled"), clock.inZone(Jdbc.instant(row, "at")),
                row.getString("kind") == null ? null : SigningReason.read(row, clock)), after, limit);
        Map<Long, List<Row>> bySeq = rows.stream().collect(Collectors.groupingBy(Row::seq, LinkedHashMap::new, Collectors.toList()));
        return bySeq.values().stream().map(SigningEventFeed::event).toList();
    }

    /** One event's rows: one per reason, or a single row without a reason. */
    private record Row(long seq, long projectId, boolean enabled, OffsetDateTime at, SigningReason reason) {
    }

    private static SigningEvent event(List<Row> rows) {
        Row first = rows.get(0);
        List<SigningReason> reasons = rows.stream().map(Row::reason).filter(Objects::nonNull).toList();
        return new SigningEvent(first.seq(), first.projectId(), first.enabled(), first.at(), reasons);
    }
}

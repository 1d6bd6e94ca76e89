package cn.escrow.reports;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * The immutable store of published snapshots ({@code report_snapshot}): reports and dashboard figures, by subject, period
 * and version. Rows are only inserted (a trigger refuses any change); a correction is the next version.
 */
@ApplicationScoped
public class Snapshots {

    /** What a snapshot holds. */
    public enum Subject { REPORT, DASHBOARD }

    /** One published version: its metadata and content. */
    public record Stored(ReportPeriod.Kind kind, LocalDate periodStart, LocalDate periodEnd, int version,
                         OffsetDateTime publishedAt, String publishedBy, String reason, String content) {
    }

    private static final String COLUMNS = "kind, period_start, period_end, version, generated_at, generated_by, reason";

    private final Sql sql;
    private final EscrowClock clock;
    private final ObjectMapper json;

    public Snapshots(Sql sql, EscrowClock clock, ObjectMapper json) {
        this.sql = sql;
        this.clock = clock;
        this.json = json;
    }

    /** The newest version published for the period, if any. */
    public Optional<Stored> latest(Subject subject, ReportPeriod period) {
        return Optional.ofNullable(sql.one("SELECT " + COLUMNS + ", CAST(content AS text) AS content FROM report_snapshot"
                + " WHERE subject = :subject AND kind = :kind AND period_start = :start ORDER BY version DESC LIMIT 1",
                r -> stored(r, r.getString("content")), "subject", subject, "kind", period.kind(), "start", period.start()));
    }

    /** One version published for the period, if there is such a version. */
    public Optional<Stored> version(Subject subject, ReportPeriod period, int version) {
        return Optional.ofNullable(sql.one("SELECT " + COLUMNS + ", CAST(content AS text) AS content FROM report_snapshot"
                + " WHERE subject = :subject AND kind = :kind AND period_start = :start AND version = :version",
                r -> stored(r, r.getString("content")), "subject", subject, "kind", period.kind(), "start", period.start(),
                "version", version));
    }

    /** Stores {@code content} as the given version (the caller holds the publication lock); a repeat is a 409 by the key. */
    public void insert(Subject subject, ReportPeriod period, int version, String actor, String reason, Object content) {
        sql.update("""
                INSERT INTO report_snapshot (subject, kind, period_start, period_end, version, generated_at, generated_by, reason, content)
                VALUES (:subject, :kind, :start, :end, :version, :at, :by, :reason, CAST(:content AS jsonb))""",
                "subject", subject, "kind", period.kind(), "start", period.start(), "end", period.end(), "version", version,
                "at", clock.now(), "by", actor, "reason", reason, "content", write(content));
    }

    /** The published versions of a subject, newest period first, without their content (at most 500). */
    public List<Stored> list(Subject subject) {
        return sql.list("SELECT " + COLUMNS + " FROM report_snapshot WHERE subject = :subject"
                + " ORDER BY period_start DESC, kind, version DESC LIMIT 500", r -> stored(r, null), "subject", subject);
    }

    /** A stored content read back as {@code type}. */
    public <T> T read(Stored stored, Class<T> type) {
        try {
            return json.readValue(stored.content(), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A published snapshot cannot be read back", e);
        }
    }

    private Stored stored(Row r, String content) throws SQLException {
        return new Stored(ReportPeriod.Kind.valueOf(r.getString("kind")), r.getLocalDate("period_start"),
                r.getLocalDate("period_end"), r.getInt("version"), clock.inZone(r.getInstant("generated_at")),
                r.getString("generated_by"), r.getString("reason"), content);
    }

    private String write(Object content) {
        try {
            return json.writeValueAsString(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

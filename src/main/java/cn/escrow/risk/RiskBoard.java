package cn.escrow.risk;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Filter;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import cn.escrow.risk.RiskViews.BoardChange;
import cn.escrow.risk.RiskViews.BoardRow;
import cn.escrow.risk.RiskViews.Factor;
import cn.escrow.risk.RiskViews.LevelChange;
import cn.escrow.risk.RiskViews.Level;
import cn.escrow.risk.RiskViews.ProjectRisk;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Reads of risk: a project's, the board of the caller's divisions ranked, and level changes over time. */
@ApplicationScoped
public class RiskBoard {

    private static final TypeReference<List<Factor>> FACTORS = new TypeReference<>() {
    };

    private final Sql sql;
    private final EscrowClock clock;
    private final ObjectMapper json;

    public RiskBoard(Sql sql, EscrowClock clock, ObjectMapper json) {
        this.sql = sql;
        this.clock = clock;
        this.json = json;
    }

    /** A project's stored risk; GREEN with no factors when it never scored. */
    public ProjectRisk of(long projectId) {
        ProjectRisk r = sql.one("SELECT project_id, level, score, factors, level_since, changed_at FROM project_risk WHERE project_id = :p",
                row -> new ProjectRisk(projectId, Level.valueOf(row.getString("level")), row.getInt("score"), factors(row.getString("factors")),
                        clock.inZone(row.getInstant("level_since")), clock.inZone(row.getInstant("changed_at"))), "p", projectId);
        return r != null ? r : new ProjectRisk(projectId, Level.GREEN, 0, List.of(), null, null);
    }

    /** The caller's projects (narrowed to {@code division} and {@code level} when given), highest score first. */
    public Filter.Page<BoardRow> board(Caller caller, String division, Level level, PageRequest paging) {
        AtomicInteger rank = new AtomicInteger(paging.offset());
        return scoped(caller, division)
                .and("coalesce(r.level, 'GREEN') = :level", "level", level == null ? null : level.name())
                .page(sql, """
                        p.id, p.name, p.enterprise_id, p.division_code, coalesce(r.level, 'GREEN') AS level, coalesce(r.score, 0) AS score,
                        r.level_since, r.factors,
                        (SELECT c.from_level FROM project_risk_change c WHERE c.project_id = p.id ORDER BY c.at DESC, c.id DESC LIMIT 1)
                          AS previous""",
                        "project p LEFT JOIN project_risk r ON r.project_id = p.id", "coalesce(r.score, 0) DESC, p.id",
                        row -> new BoardRow(rank.incrementAndGet(), row.getLong("id"), row.getString("name"), row.getLong("enterprise_id"),
                                row.getString("division_code"), Level.valueOf(row.getString("level")), row.getInt("score"),
                                row.getString("previous") == null ? null : Level.valueOf(row.getString("previous")),
                                clock.inZone(row.getInstant("level_since")), kinds(row)), paging);
    }

    /**
     * The level changes of the caller's projects (narrowed to {@code division} when given) at or after {@code since}, newest
     * first: the board over time.
     */
    public Filter.Page<BoardChange> changes(Caller caller, String division, java.time.Instant since, PageRequest paging) {
        return scoped(caller, division)
                .and("c.at >= :since", "since", since)
                .page(sql, "c.id, c.project_id, p.name, p.division_code, c.from_level, c.to_level, c.score, c.at",
                        "project_risk_change c JOIN project p ON p.id = c.project_id", "c.at DESC, c.id DESC",
                        row -> new BoardChange(row.getLong("id"), row.getLong("project_id"), row.getString("name"),
                                row.getString("division_code"), Level.valueOf(row.getString("from_level")),
                                Level.valueOf(row.getString("to_level")), row.getInt("score"), clock.inZone(row.getInstant("at"))), paging);
    }

    /** The projects {@code p} of the caller's divisions, narrowed to {@code division} (404 outside them). */
    private static Filter scoped(Caller caller, String division) {
        if (division != null && !caller.divisions().contains(division)) {
            throw new NotFound("Division " + division);
        }
        return Filter.where()
                .andLikeAny("%s", "p.division_code", caller.divisions().likePatterns())
                .andLikeAny("%s", "p.division_code", division == null ? List.of()
                        : cn.escrow.platform.security.DivisionScope.of(java.util.Set.of(division)).likePatterns());
    }

    /** A project's level changes, newest first. */
    public Filter.Page<LevelChange> changes(long projectId, PageRequest paging) {
        return Filter.where().and("project_id = :p", "p", projectId)
                .page(sql, "id, project_id, from_level, to_level, score, at", "project_risk_change", "at DESC, id DESC",
                        row -> new LevelChange(row.getLong("id"), row.getLong("project_id"), Level.valueOf(row.getString("from_level")),
                                Level.valueOf(row.getString("to_level")), row.getInt("score"), clock.inZone(row.getInstant("at"))), paging);
    }

    private List<String> kinds(Row row) throws SQLException {
        String f = row.getString("factors");
        return f == null ? List.of() : factors(f).stream().map(Factor::kind).toList();
    }

    private List<Factor> factors(String text) {
        try {
            return Arrays.asList(json.readValue(text, FACTORS).toArray(Factor[]::new));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("project_risk.factors is not a list of factors", e);
        }
    }
}

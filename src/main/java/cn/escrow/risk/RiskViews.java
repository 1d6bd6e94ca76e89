package cn.escrow.risk;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** What the risk endpoints return: shaped so that a page draws it directly (level colours, ranked rows, a timeline). */
public final class RiskViews {

    private RiskViews() {
    }

    /** The risk levels, from none to the highest. */
    public enum Level { GREEN, YELLOW, ORANGE, RED }

    /** One reason a project scores: its kind, points and the facts behind it. */
    public record Factor(String kind, int points, Map<String, Object> evidence) {
    }

    /** A project's current risk. */
    public record ProjectRisk(long projectId, Level level, int score, List<Factor> factors, OffsetDateTime levelSince,
                              OffsetDateTime changedAt) {
    }

    /** A row of the risk board, highest score first. */
    public record BoardRow(int rank, long projectId, String projectName, long enterpriseId, String divisionCode, Level level,
                           int score, Level previousLevel, OffsetDateTime levelSince, List<String> factorKinds) {
    }

    /** A level change of a project. */
    public record LevelChange(long id, long projectId, Level from, Level to, int score, OffsetDateTime at) {
    }

    /** A level change on the board: which project, where, from and to what, when. */
    public record BoardChange(long id, long projectId, String projectName, String divisionCode, Level from, Level to, int score,
                              OffsetDateTime at) {
    }

    /** A run of the computation. */
    public record Computation(long projects, long written, long changes, long durationMs) {
    }
}

package cn.escrow.signing;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/**
 * Reads why a project's online signing is disabled: its overdue disbursements and its active manual
 * locks, as the database function {@code signing_reasons} lists them (the same list a signing event carries).
 */
@ApplicationScoped
public class SigningStatusService {

    private static final String REASONS = "SELECT r.* FROM " + SigningReason.rows("signing_reasons(:project)") + " ORDER BY r.ordinality";

    private final Sql sql;
    private final EscrowClock clock;

    public SigningStatusService(Sql sql, EscrowClock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** A project's signing state: on or off, and since when. */
    public record State(boolean enabled, Instant since) {
    }

    /**
     * The project's signing state; 404 when there is no such project or, for an ENTERPRISE user, when it
     * is another enterprise's (so its existence is not revealed).
     */
    public State state(Caller caller, long projectId) {
        State state = sql.one("SELECT signing_enabled, signing_changed_at, enterprise_id FROM project WHERE id = :project",
                r -> caller.isEnterpriseOnly() && r.getLong("enterprise_id") != caller.enterpriseId() ? null
                        : new State(r.getBoolean("signing_enabled"), r.getInstant("signing_changed_at")), "project", projectId);
        if (state == null) {
            throw new NotFound("Project " + projectId);
        }
        return state;
    }

    public List<SigningReason> reasons(long projectId) {
        return sql.list(REASONS, row -> SigningReason.read(row, clock), "project", projectId);
    }
}

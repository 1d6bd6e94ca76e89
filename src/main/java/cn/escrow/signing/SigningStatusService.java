package cn.escrow.signing;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Reads why a project's online signing is disabled: its overdue disbursements and its active manual
 * locks, as the database function {@code signing_reasons} lists them (the same list a signing event carries).
 */
@ApplicationScoped
public class SigningStatusService {

    private static final String REASONS = "SELECT r.* FROM " + SigningReason.rows("signing_reasons(?)") + " ORDER BY r.ordinality";

    private final Jdbc jdbc;
    private final EscrowClock clock;

    public SigningStatusService(Jdbc jdbc, EscrowClock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public List<SigningReason> reasons(long projectId) {
        return jdbc.list(REASONS, row -> SigningReason.read(row, clock), projectId);
    }
}

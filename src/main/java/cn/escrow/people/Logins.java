package cn.escrow.people;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.RateLimitedLog;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The bookkeeping of people's logins (every Basic request is one): failures counted per username in the database,
 * where every instance sees them; a lockout after {@code escrow.login.max-failures} in a row; each failure and
 * lockout audited and logged (rate-limited), never with the password tried. A successful login writes only when
 * there is something to reset, or {@code lastLoginAt} is older than {@code escrow.login.last-login-precision}.
 */
@ApplicationScoped
public class Logins {

    /** What a login needs to know about a person, read in one query. */
    public record Account(long id, String username, String passwordHash, Set<String> roles, Long enterpriseId,
                          boolean enabled, Instant lockedUntil, int failedLogins, Instant lastLoginAt, boolean mustChangePassword,
                          String divisions) {

        boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    private static final String FIND = """
            SELECT id, username, password_hash, roles, enterprise_id, enabled, locked_until, failed_logins, last_login_at,
                   must_change_password, divisions
            FROM app_user WHERE username = :username""";

    /** A success: the counters start again, unless the username got locked (or disabled) meanwhile. */
    private static final String SUCCEEDED = """
            UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login_at = :now
            WHERE id = :id AND enabled AND (locked_until IS NULL OR locked_until <= :now)""";

    private static final String STILL_OPEN = """
            SELECT id FROM app_user WHERE id = :id AND enabled AND (locked_until IS NULL OR locked_until <= :now)""";

    private final Sql sql;
    private final AppUserRepository users;
    private final AuditLog audit;
    private final int maxFailures;
    private final Duration lockout;
    private final Duration lastLoginPrecision;
    private final RateLimitedLog log;

    public Logins(Sql sql, AppUserRepository users, AuditLog audit, EscrowConfig config) {
        this.sql = sql;
        this.users = users;
        this.audit = audit;
        this.maxFailures = config.login().maxFailures();
        this.lockout = config.login().lockout();
        this.lastLoginPrecision = config.login().lastLoginPrecision();
        this.log = new RateLimitedLog(Logins.class, config.login().logLinesPerMinute());
    }

    /** The person with this username, or null. */
    public Account find(String username) {
        return sql.one(FIND, row -> new Account(row.getLong("id"), row.getString("username"), row.getString("password_hash"),
                Set.of(row.getString("roles").split(",")), row.getLongOrNull("enterprise_id"), row.getBoolean("enabled"),
                row.getInstant("locked_until"), row.getInt("failed_logins"), row.getInstant("last_login_at"),
                row.getBoolean("must_change_password"), row.getString("divisions")), "username", username);
    }

    /**
     * After the right password: true when the login stands. It is checked again after the (slow) hash check, so that
     * guesses sent all at once cannot outrun the lockout that the first of them triggered.
     */
    public boolean succeeded(Account account, Instant now) {
        boolean stale = account.lastLoginAt() == null || account.lastLoginAt().isBefore(now.minus(lastLoginPrecision));
        if (account.failedLogins() > 0 || account.lockedUntil() != null || stale) {
            return QuarkusTransaction.requiringNew().call(() -> sql.update(SUCCEEDED, "now", now, "id", account.id())) == 1;
        }
        return sql.one(STILL_OPEN, row -> row.getLong("id"), "id", account.id(), "now", now) != null;
    }

    /** A wrong password for a known person: counted, and the lockout begins at the limit. Commits whatever happens next. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void failed(Account account, String address, Instant now) {
        AppUser user = users.lockByUsername(account.username()).orElse(null);
        if (user == null || user.lockedAt(now)) {
            return; // a concurrent failure locked it: the lockout's own events tell the story
        }
        // A lockout that has ended starts a new count.
        user.failedLogins = user.lockedUntil != null ? 1 : user.failedLogins + 1;
        user.lockedUntil = null;
        String subject = "user:" + user.username;
        audit.record("anonymous", AuditAction.LOGIN_FAILED, subject, null, details("address", address, "failuresInARow", user.failedLogins));
        if (user.failedLogins >= maxFailures) {
            user.lockedUntil = now.plus(lockout);
            audit.record("system", AuditAction.USER_LOCKED, subject, null,
                    details("address", address, "failuresInARow", user.failedLogins, "lockedUntil", user.lockedUntil.toString()));
            log.warn("Failed login for user '%s' from %s: %d in a row, locked until %s", user.username, address,
                    user.failedLogins, user.lockedUntil);
        } else {
            log.warn("Failed login for user '%s' from %s: %d in a row", user.username, address, user.failedLogins);
        }
    }

    /** The rate-limited log of failed logins. */
    public RateLimitedLog log() {
        return log;
    }

    /** A refusal that changes nothing (unknown user, locked, disabled): only logged. */
    public void refused(String username, String address, String why) {
        log.warn("Failed login for user '%s' from %s: %s", RateLimitedLog.printable(username), address, why);
    }
}

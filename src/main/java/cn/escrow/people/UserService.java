package cn.escrow.people;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.DivisionScope;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.security.Roles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates people under the role rules and the password policy; the password itself is never stored or logged.
 * ENTERPRISE and MONITOR stand alone: enterprise staff holding a bureau role escaped their enterprise and approved
 * their own releases (issue 14, finding 2), and a metrics scraper's password sits in a config file.
 */
@ApplicationScoped
public class UserService {

    private final AppUserRepository users;
    private final PasswordHasher hasher;
    private final Sql sql;
    private final AuditLog audit;
    private final EscrowClock clock;

    public UserService(AppUserRepository users, PasswordHasher hasher, Sql sql, AuditLog audit, EscrowClock clock) {
        this.users = users;
        this.hasher = hasher;
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public AppUser create(Caller caller, String username, String password, Set<String> roles, Long enterpriseId) {
        return create(caller, username, password, roles, enterpriseId, false);
    }

    /** As {@link #create}; {@code mustChangePassword} for a password that someone else knows (a generated one). */
    @Transactional
    public AppUser create(Caller caller, String username, String password, Set<String> roles, Long enterpriseId,
                          boolean mustChangePassword) {
        return create(caller, username, password, roles, enterpriseId, DivisionScope.ALL, mustChangePassword);
    }

    /** As {@link #create}, limited to {@code divisions} (only SUPERVISOR and AUDITOR may be). */
    @Transactional
    public AppUser create(Caller caller, String username, String password, Set<String> roles, Long enterpriseId,
                          DivisionScope divisions, boolean mustChangePassword) {
        checkRoles(roles, enterpriseId);
        checkDivisions(roles, divisions);
        PasswordPolicy.broken(username, password).ifPresent(rule -> {
            throw new ValidationFailed("password", rule);
        });
        if (enterpriseId != null && sql.one("SELECT id FROM enterprise WHERE id = :id", row -> row.getLong("id"), "id", enterpriseId) == null) {
            throw new UnknownReference("Enterprise " + enterpriseId + " does not exist");
        }
        if (users.byUsername(username).isPresent()) {
            throw new Conflict("User '" + username + "' already exists");
        }
        AppUser user = new AppUser();
        user.username = username;
        user.passwordHash = hasher.hash(password);
        user.roles = String.join(",", new TreeSet<>(roles));
        user.enterpriseId = enterpriseId;
        user.divisions = divisions.stored();
        user.createdAt = clock.now();
        user.passwordChangedAt = user.createdAt;
        user.mustChangePassword = mustChangePassword;
        users.persistAndFlush(user);
        audit.record(caller.actor(), AuditAction.USER_CREATED, "user:" + username, null,
                details("roles", user.roles, "enterpriseId", enterpriseId, "divisions", user.divisions,
                        "mustChangePassword", mustChangePassword));
        return user;
    }

    /** ENTERPRISE and MONITOR alone; {@code enterpriseId} exactly for ENTERPRISE. */
    static void checkRoles(Set<String> roles, Long enterpriseId) {
        if (roles.size() > 1 && (roles.contains(Roles.ENTERPRISE) || roles.contains(Roles.MONITOR))) {
            throw new ValidationFailed("roles", "ENTERPRISE and MONITOR cannot be combined with another role");
        }
        boolean enterpriseRole = roles.contains(Roles.ENTERPRISE);
        if (enterpriseRole && enterpriseId == null) {
            throw new ValidationFailed("enterpriseId", "is required for the ENTERPRISE role");
        }
        if (!enterpriseRole && enterpriseId != null) {
            throw new ValidationFailed("enterpriseId", "is only for users with the ENTERPRISE role");
        }
    }

    /** Divisions only for people who are SUPERVISOR or AUDITOR and nothing else: an ADMIN administers the whole system. */
    static void checkDivisions(Set<String> roles, DivisionScope divisions) {
        if (!divisions.unlimited() && !Set.of(Roles.SUPERVISOR, Roles.AUDITOR).containsAll(roles)) {
            throw new ValidationFailed("divisions", "are only for users whose roles are SUPERVISOR or AUDITOR");
        }
    }

    /** Sets a person's divisions (empty: the whole system); audited with the previous ones. */
    @Transactional
    public AppUser changeDivisions(Caller caller, String username, DivisionScope divisions) {
        AppUser user = users.lockByUsername(username).orElseThrow(() -> new NotFound("User '" + username + "'"));
        checkDivisions(Set.copyOf(user.roleList()), divisions);
        String previous = user.divisions;
        user.divisions = divisions.stored();
        audit.record(caller.actor(), AuditAction.USER_DIVISIONS_CHANGED, "user:" + username, null,
                details("divisions", user.divisions, "previous", previous));
        return user;
    }

    /** True when at least one ADMIN exists. */
    public boolean anyAdmin() {
        return users.anyAdmin();
    }
}

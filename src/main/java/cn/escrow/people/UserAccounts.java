package cn.escrow.people;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.PageRequest;
import cn.escrow.platform.db.Filter;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Roles;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The lifecycle of people's accounts: list and read them, disable and enable, reset a password (the person must
 * change it at next use), end a lockout, and a person's own password change. Every change is audited, and none
 * names a password. The last enabled ADMIN cannot be disabled: nobody could administer the service after it.
 */
@ApplicationScoped
public class UserAccounts {

    /** An account as the lifecycle endpoints show it; {@code lockedUntil} only while the lockout lasts. */
    @Schema(name = "UserAccountView")
    public record AccountView(String username, List<String> roles, Long enterpriseId, List<String> divisions, boolean enabled,
                              OffsetDateTime lockedUntil, OffsetDateTime lastLoginAt, OffsetDateTime passwordChangedAt,
                              boolean mustChangePassword) {
    }

    private final AppUserRepository users;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final EscrowClock clock;

    public UserAccounts(AppUserRepository users, PasswordHasher hasher, AuditLog audit, EscrowClock clock) {
        this.users = users;
        this.hasher = hasher;
        this.audit = audit;
        this.clock = clock;
    }

    /** Accounts by username. */
    public Filter.Page<AccountView> list(PageRequest paging) {
        return Filter.where().page(users, Sort.by("username"), paging).map(this::view);
    }

    public AccountView get(String username) {
        return view(users.byUsername(username).orElseThrow(() -> notFound(username)));
    }

    @Transactional
    public AccountView disable(Caller caller, String username) {
        AppUser probe = users.byUsername(username).orElseThrow(() -> notFound(username));
        if (probe.enabled && probe.roleList().contains(Roles.ADMIN) && users.lockEnabledAdmins() <= 1) {
            // The admins' rows are locked (in id order) before the count, so two admins disabling each other at
            // once cannot both pass.
            throw new Conflict("'" + username + "' is the last enabled ADMIN: enable or create another first");
        }
        AppUser user = lock(username);
        if (user.enabled) {
            user.enabled = false;
            audit.record(caller.actor(), AuditAction.USER_DISABLED, "user:" + username, null, details());
        }
        return view(user);
    }

    @Transactional
    public AccountView enable(Caller caller, String username) {
        AppUser user = lock(username);
        if (!user.enabled) {
            user.enabled = true;
            audit.record(caller.actor(), AuditAction.USER_ENABLED, "user:" + username, null, details());
        }
        return view(user);
    }

    /** An administrator sets a new password, which the person must change at next use. */
    @Transactional
    public void resetPassword(Caller caller, String username, String newPassword) {
        AppUser user = lock(username);
        PasswordPolicy.broken(username, newPassword).ifPresent(rule -> {
            throw new ValidationFailed("newPassword", rule);
        });
        setPassword(user, newPassword, true);
        audit.record(caller.actor(), AuditAction.PASSWORD_RESET, "user:" + username, null, details("mustChangePassword", true));
    }

    /** Ends a lockout (and forgets the failures counted so far). */
    @Transactional
    public void unlock(Caller caller, String username) {
        AppUser user = lock(username);
        Instant lockedUntil = user.lockedUntil;
        int failures = user.failedLogins;
        user.lockedUntil = null;
        user.failedLogins = 0;
        audit.record(caller.actor(), AuditAction.USER_UNLOCKED, "user:" + username, null,
                details("wasLocked", lockedUntil != null && lockedUntil.isAfter(clock.now()), "failuresInARow", failures));
    }

    /** The person's own change, with the current password again (a cached Basic header alone is not enough). */
    @Transactional
    public void changeOwnPassword(Caller caller, String currentPassword, String newPassword) {
        AppUser user = lock(caller.actor());
        if (!hasher.matches(currentPassword, user.passwordHash)) {
            throw new ValidationFailed("currentPassword", "is not your current password");
        }
        PasswordPolicy.broken(user.username, newPassword).ifPresent(rule -> {
            throw new ValidationFailed("newPassword", rule);
        });
        if (hasher.matches(newPassword, user.passwordHash)) {
            throw new ValidationFailed("newPassword", "must differ from the current password");
        }
        setPassword(user, newPassword, false);
        audit.record(caller.actor(), AuditAction.PASSWORD_CHANGED, "user:" + user.username, null, details());
    }

    private void setPassword(AppUser user, String password, boolean mustChange) {
        user.passwordHash = hasher.hash(password);
        user.passwordChangedAt = clock.now();
        user.mustChangePassword = mustChange;
    }

    private AppUser lock(String username) {
        return users.lockByUsername(username).orElseThrow(() -> notFound(username));
    }

    private static NotFound notFound(String username) {
        return new NotFound("User '" + username + "'");
    }

    private AccountView view(AppUser u) {
        Instant now = clock.now();
        return new AccountView(u.username, u.roleList(), u.enterpriseId, u.divisionList(), u.enabled, u.lockedAt(now) ? clock.inZone(u.lockedUntil) : null,
                clock.inZone(u.lastLoginAt), clock.inZone(u.passwordChangedAt), u.mustChangePassword);
    }
}

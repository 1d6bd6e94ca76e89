package cn.escrow.people;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A person who signs in with HTTP Basic: bcrypt password hash, comma-separated roles, enterprise for ENTERPRISE staff. */
@Entity
@Table(name = "app_user")
public class AppUser {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String username;

    @Column(name = "password_hash", nullable = false)
    public String passwordHash;

    @Column(nullable = false)
    public String roles;

    @Column(name = "enterprise_id")
    public Long enterpriseId;

    /** The divisions a supervisor or auditor is limited to, comma-separated; null: the whole system. */
    public String divisions;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(nullable = false)
    public boolean enabled = true;

    /** Failed logins since the last successful one (or since a lockout ended). */
    @Column(name = "failed_logins", nullable = false)
    public int failedLogins;

    /** Refused until then, even with the right password; may lie in the past (the lockout is over). */
    @Column(name = "locked_until")
    public Instant lockedUntil;

    @Column(name = "last_login_at")
    public Instant lastLoginAt;

    @Column(name = "password_changed_at")
    public Instant passwordChangedAt;

    /** Set by a reset or a generated first password: everything but the own password change is refused. */
    @Column(name = "must_change_password", nullable = false)
    public boolean mustChangePassword;

    /** The divisions, in order; empty: the whole system. */
    public List<String> divisionList() {
        return cn.escrow.platform.security.DivisionScope.parse(divisions).codes();
    }

    public List<String> roleList() {
        return Arrays.asList(roles.split(","));
    }

    /** Locked now: refused whatever the password. */
    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}

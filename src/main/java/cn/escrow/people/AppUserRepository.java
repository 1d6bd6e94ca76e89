package cn.escrow.people;

import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;

/** People by username; the lifecycle's writes lock the row they change. */
@ApplicationScoped
public class AppUserRepository implements PanacheRepository<AppUser> {

    public Optional<AppUser> byUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    /** The person's row, locked until the transaction ends. */
    public Optional<AppUser> lockByUsername(String username) {
        return find("username", username).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    /** The enabled administrators, locked: deciding whether one may go must not race another such decision. */
    public long lockEnabledAdmins() {
        return find("enabled = true and roles like '%ADMIN%'", Sort.by("id")).withLock(LockModeType.PESSIMISTIC_WRITE).list().size();
    }

    public boolean anyAdmin() {
        return count("roles like '%ADMIN%'") > 0;
    }
}

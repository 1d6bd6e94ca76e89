package cn.escrow.people;

import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.UnknownReference;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Roles;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Creates people with bcrypt-hashed passwords; the password itself is never stored or logged. */
@ApplicationScoped
public class UserService {

    private final EntityManager em;
    private final AuditLog audit;
    private final EscrowClock clock;

    public UserService(EntityManager em, AuditLog audit, EscrowClock clock) {
        this.em = em;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public AppUser create(Caller caller, String username, String password, Set<String> roles, Long enterpriseId) {
        boolean enterpriseRole = roles.contains(Roles.ENTERPRISE);
        if (enterpriseRole && enterpriseId == null) {
            throw new ValidationFailed("enterpriseId", "is required for the ENTERPRISE role");
        }
        if (!enterpriseRole && enterpriseId != null) {
            throw new ValidationFailed("enterpriseId", "is only for users with the ENTERPRISE role");
        }
        if (enterpriseId != null && em.createNativeQuery("SELECT 1 FROM enterprise WHERE id = :id")
                .setParameter("id", enterpriseId).getResultList().isEmpty()) {
            throw new UnknownReference("Enterprise " + enterpriseId + " does not exist");
        }
        if (exists(username)) {
            throw new Conflict("User '" + username + "' already exists");
        }
        AppUser user = new AppUser();
        user.username = username;
        user.passwordHash = BcryptUtil.bcryptHash(password);
        user.roles = String.join(",", new TreeSet<>(roles));
        user.enterpriseId = enterpriseId;
        user.createdAt = clock.now();
        em.persist(user);
        em.flush();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("roles", user.roles);
        details.put("enterpriseId", enterpriseId);
        audit.record(caller.actor(), "USER_CREATED", "user:" + username, null, details);
        return user;
    }

    public boolean exists(String username) {
        return !em.createQuery("SELECT 1 FROM AppUser u WHERE u.username = :u")
                .setParameter("u", username).getResultList().isEmpty();
    }

    /** True when at least one ADMIN exists. */
    public boolean anyAdmin() {
        return !em.createNativeQuery("SELECT 1 FROM app_user WHERE roles LIKE '%ADMIN%' LIMIT 1").getResultList().isEmpty();
    }
}

package cn.escrow.people;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Roles;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * At first start, when no admin exists, creates user {@code admin} with the configured password,
 * or with a random one that is logged once (the only password this service ever logs).
 */
@ApplicationScoped
public class BootstrapAdmin {

    void onStart(@Observes StartupEvent event, UserService users, EscrowConfig config, EntityManager em) {
        QuarkusTransaction.requiringNew().run(() -> {
            // Serialise concurrent first starts of several instances on one database.
            em.createNativeQuery("SELECT pg_advisory_xact_lock(7301)").getSingleResult();
            if (users.anyAdmin()) {
                return;
            }
            String password = config.bootstrap().adminPassword().filter(p -> !p.isBlank()).orElse(null);
            boolean generated = password == null;
            if (generated) {
                byte[] bytes = new byte[18];
                new SecureRandom().nextBytes(bytes);
                password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            }
            users.create(Caller.system(), "admin", password, Set.of(Roles.ADMIN), null);
            if (generated) {
                Log.warnf("Created the first administrator 'admin' with the generated password %s "
                        + "(shown once; set ESCROW_BOOTSTRAP_ADMIN_PASSWORD to choose it)", password);
            } else {
                Log.info("Created the first administrator 'admin' with the configured password");
            }
        });
    }
}

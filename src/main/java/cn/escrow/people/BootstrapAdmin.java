package cn.escrow.people;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.AdvisoryLock;
import cn.escrow.platform.db.AdvisoryLocks;
import cn.escrow.platform.security.Caller;
import cn.escrow.platform.security.Roles;
import io.quarkus.logging.Log;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * At first start, when no admin exists, creates user {@code admin} with the configured password, or with a random
 * one that is logged once (the only password this service ever logs) and must be changed at first use. A
 * configured password that breaks the password policy stops the start: the service never runs with a weak admin.
 */
@ApplicationScoped
public class BootstrapAdmin {

    static final String USERNAME = "admin";
    private static final SecureRandom RANDOM = new SecureRandom();

    void onStart(@Observes StartupEvent event, UserService users, AppUserRepository repository, EscrowConfig config, AdvisoryLocks locks) {
        Optional<String> configured = config.bootstrap().adminPassword().filter(p -> !p.isBlank());
        QuarkusTransaction.requiringNew().run(() -> {
            // Serialise concurrent first starts of several instances on one database.
            locks.acquire(AdvisoryLock.BOOTSTRAP_ADMIN);
            if (users.anyAdmin()) {
                return;
            }
            if (repository.byUsername(USERNAME).isPresent()) {
                throw new IllegalStateException("No user holds the ADMIN role, and user '" + USERNAME + "' exists without it: "
                        + "give it back the role in the database (app_user.roles) before starting the service");
            }
            configured.ifPresent(BootstrapAdmin::check);
            String password = configured.orElseGet(BootstrapAdmin::generate);
            users.create(Caller.system(), USERNAME, password, Set.of(Roles.ADMIN), null, configured.isEmpty());
            if (configured.isEmpty()) {
                Log.warnf("Created the first administrator '%s' with the generated password %s (shown once; it must be "
                        + "changed at first use, PUT /api/v1/users/me/password; set ESCROW_BOOTSTRAP_ADMIN_PASSWORD to choose it)",
                        USERNAME, password);
            } else {
                Log.infof("Created the first administrator '%s' with the configured password", USERNAME);
            }
        });
    }

    /** Refuses to start with a configured first password that breaks the policy, saying which rule. */
    static void check(String password) {
        PasswordPolicy.broken(USERNAME, password).ifPresent(rule -> {
            throw new IllegalStateException("The configured first administrator password (escrow.bootstrap.admin-password, "
                    + "env ESCROW_BOOTSTRAP_ADMIN_PASSWORD) " + rule + ". Choose one of at least " + PasswordPolicy.MIN_LENGTH
                    + " characters that mixes 3 of upper case, lower case, digits and other characters, does not contain '"
                    + USERNAME + "' and is not a well-known password; the service does not start until then");
        });
    }

    /** 24 random characters of base64url that keep the policy (drawn again in the rare case they do not). */
    static String generate() {
        while (true) {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (PasswordPolicy.broken(USERNAME, password).isEmpty()) {
                return password;
            }
        }
    }
}

package cn.escrow.people;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.DivisionScope;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Checks HTTP Basic credentials against the bcrypt hashes in {@code app_user}, with the lockout of {@link Logins}.
 * Unknown, locked and disabled users are refused after the same hash work as a wrong password, so the time taken
 * tells nothing. A person who must change their password gets an identity without roles, marked
 * {@link Callers#MUST_CHANGE_PASSWORD}: only the own password change lets it through.
 */
@ApplicationScoped
public class UserIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /** The shape of every stored username; anything else cannot be a user. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,64}");

    private final Logins logins;
    private final PasswordHasher hasher;
    private final EscrowClock clock;

    public UserIdentityProvider(Logins logins, PasswordHasher hasher, EscrowClock clock) {
        this.logins = logins;
        this.hasher = hasher;
        this.clock = clock;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        String address = addressOf(HttpSecurityUtils.getRoutingContextAttribute(request));
        return context.runBlocking(() -> verify(request.getUsername(), new String(request.getPassword().getPassword()), address));
    }

    private SecurityIdentity verify(String username, String password, String address) {
        // A name of another shape (a NUL, say, which PostgreSQL refuses) is not looked up: it fails like an unknown user.
        Logins.Account account = USERNAME.matcher(username).matches() ? logins.find(username) : null;
        if (account == null) {
            hasher.spend(password);
            logins.refused(username, address, "no such user");
            throw new AuthenticationFailedException();
        }
        boolean right = hasher.matches(password, account.passwordHash());
        Instant now = clock.now();
        if (account.lockedAt(now)) {
            logins.refused(username, address, "locked until " + account.lockedUntil());
            throw new AuthenticationFailedException();
        }
        if (!account.enabled()) {
            logins.refused(username, address, "disabled");
            throw new AuthenticationFailedException();
        }
        if (!right) {
            logins.failed(account, address, now);
            throw new AuthenticationFailedException();
        }
        if (!logins.succeeded(account, now)) {
            logins.refused(username, address, "locked or disabled while the password was checked");
            throw new AuthenticationFailedException();
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal(username));
        if (account.mustChangePassword()) {
            builder.addAttribute(Callers.MUST_CHANGE_PASSWORD, Boolean.TRUE);
        } else {
            builder.addRoles(account.roles());
        }
        if (account.enterpriseId() != null) {
            builder.addAttribute(Callers.ENTERPRISE_ID, account.enterpriseId());
        }
        if (account.divisions() != null) {
            builder.addAttribute(Callers.DIVISIONS, DivisionScope.parse(account.divisions()));
        }
        return builder.build();
    }

    /** The connection's address (forwarded headers are not trusted here). */
    private static String addressOf(RoutingContext rc) {
        SocketAddress remote = rc == null ? null : rc.request().remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }
}

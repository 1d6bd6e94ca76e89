package cn.escrow.platform.security;

import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Checks HTTP Basic credentials against the bcrypt hashes in {@code app_user}. */
@ApplicationScoped
public class UserIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    public static final String ENTERPRISE_ID = "enterpriseId";

    /** Verified against when the user is unknown, so that unknown and known users take the same time. */
    private static final String DUMMY_HASH = BcryptUtil.bcryptHash("timing-equaliser-not-a-password");

    /** The shape of every stored username; anything else cannot be a user. */
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{3,64}");

    private final EntityManager em;

    public UserIdentityProvider(EntityManager em) {
        this.em = em;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        return context.runBlocking(() -> verify(request.getUsername(), new String(request.getPassword().getPassword())));
    }

    private SecurityIdentity verify(String username, String password) {
        if (!USERNAME.matcher(username).matches()) {
            // Not looked up: such a name (a NUL, say, which PostgreSQL refuses) must fail like any unknown user.
            BcryptUtil.matches(password, DUMMY_HASH);
            throw new AuthenticationFailedException();
        }
        List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(
                        "SELECT password_hash, roles, enterprise_id FROM app_user WHERE username = :u", Object[].class)
                .setParameter("u", username)
                .getResultList());
        if (rows.isEmpty()) {
            BcryptUtil.matches(password, DUMMY_HASH);
            throw new AuthenticationFailedException();
        }
        Object[] row = rows.get(0);
        if (!BcryptUtil.matches(password, (String) row[0])) {
            throw new AuthenticationFailedException();
        }
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(username))
                .addRoles(new java.util.HashSet<>(Arrays.asList(((String) row[1]).split(","))));
        if (row[2] != null) {
            builder.addAttribute(ENTERPRISE_ID, ((Number) row[2]).longValue());
        }
        return builder.build();
    }
}

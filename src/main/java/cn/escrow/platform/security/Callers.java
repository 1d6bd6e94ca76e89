package cn.escrow.platform.security;

import cn.escrow.platform.error.Unauthenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Resolves the person behind the current HTTP Basic request into a {@link Caller}. */
@ApplicationScoped
public class Callers {

    @Inject
    SecurityIdentity identity;

    /** The authenticated person; 401 when the request carries no valid Basic credentials. */
    public Caller person() {
        if (identity.isAnonymous()) {
            throw new Unauthenticated();
        }
        Long enterpriseId = identity.getAttribute(UserIdentityProvider.ENTERPRISE_ID);
        return Caller.person(identity.getPrincipal().getName(), identity.getRoles(), enterpriseId);
    }
}

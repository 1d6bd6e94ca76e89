package cn.escrow.platform.security;

import cn.escrow.platform.error.PasswordChangeRequired;
import cn.escrow.platform.error.Unauthenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Resolves the person behind the current HTTP Basic request into a {@link Caller}. */
@ApplicationScoped
public class Callers {

    /** Identity attribute: the enterprise of an ENTERPRISE user. */
    public static final String ENTERPRISE_ID = "enterpriseId";
    /** Identity attribute: the person must change their password before anything else (they hold no role until then). */
    public static final String MUST_CHANGE_PASSWORD = "mustChangePassword";
    /** Identity attribute: the divisions a supervisor or auditor is limited to (a {@link DivisionScope}). */
    public static final String DIVISIONS = "divisions";

    @Inject
    SecurityIdentity identity;

    /** The authenticated person; 401 without valid Basic credentials, 403 while their password must change. */
    public Caller person() {
        Caller caller = personChangingPassword();
        if (mustChangePassword(identity)) {
            throw new PasswordChangeRequired();
        }
        return caller;
    }

    /** The authenticated person, also while their password must change: for that change only. */
    public Caller personChangingPassword() {
        if (identity.isAnonymous()) {
            throw new Unauthenticated();
        }
        Long enterpriseId = identity.getAttribute(ENTERPRISE_ID);
        DivisionScope divisions = identity.getAttribute(DIVISIONS);
        return Caller.person(identity.getPrincipal().getName(), identity.getRoles(), enterpriseId,
                divisions == null ? DivisionScope.ALL : divisions);
    }

    public static boolean mustChangePassword(SecurityIdentity identity) {
        return identity != null && Boolean.TRUE.equals(identity.getAttribute(MUST_CHANGE_PASSWORD));
    }
}

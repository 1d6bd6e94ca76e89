package cn.escrow.platform.security;

import cn.escrow.platform.error.Forbidden;

/**
 * Separation of duties: whoever took the first step of a two-person decision cannot take the second, whatever roles
 * they hold (a release's applicant does not approve or reject it; an enterprise's response to a rectification is
 * judged by someone else; a blacklisting is lifted by someone other than who imposed it).
 */
public final class FourEyes {

    private FourEyes() {
    }

    /** 403 {@code forbidden} when {@code caller} is {@code firstActor}; {@code what} completes "You ... ". */
    public static void requireSecondPerson(Caller caller, String firstActor, String what) {
        if (firstActor != null && firstActor.equals(caller.actor())) {
            throw new Forbidden("You " + what + ": another person must take this decision");
        }
    }
}

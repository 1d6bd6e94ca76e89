package cn.escrow.platform.error;

/**
 * A refused request that is not a bug: carries the problem the caller gets. Each domain failure
 * has its own subclass, so that a reader sees in a signature what a service may refuse.
 */
public abstract class ProblemException extends RuntimeException {

    protected ProblemException(String detail) {
        super(detail, null, false, false);
    }

    /** The problem body sent to the caller. */
    public abstract Problem problem();
}

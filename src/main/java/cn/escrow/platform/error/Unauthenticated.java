package cn.escrow.platform.error;

/** Missing, wrong or expired credentials; the body is the same for every cause so it reveals nothing. */
public class Unauthenticated extends ProblemException {
    public static final String DETAIL = "Missing, invalid or expired credentials";

    public Unauthenticated() {
        super(DETAIL);
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.UNAUTHENTICATED, DETAIL);
    }
}

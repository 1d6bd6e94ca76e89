package cn.escrow.platform.error;

/** The path names an id or key that does not exist (or that the caller may not know of). */
public class NotFound extends ProblemException {
    public NotFound(String what) {
        super(what + " not found");
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.NOT_FOUND, getMessage());
    }
}

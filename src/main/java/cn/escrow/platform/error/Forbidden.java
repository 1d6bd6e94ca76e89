package cn.escrow.platform.error;

/** The caller is authenticated but not allowed here (wrong role, other bank, other enterprise). */
public class Forbidden extends ProblemException {
    public Forbidden(String detail) {
        super(detail);
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.FORBIDDEN, getMessage());
    }
}

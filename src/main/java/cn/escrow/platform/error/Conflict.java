package cn.escrow.platform.error;

/** A unique business key already exists, or the state forbids the change (e.g. a second reversal). */
public class Conflict extends ProblemException {
    public Conflict(String detail) {
        super(detail);
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.CONFLICT, getMessage());
    }
}

package cn.escrow.platform.error;

/** The body names a contract, account, project or enterprise that does not exist or does not fit. */
public class UnknownReference extends ProblemException {
    public UnknownReference(String detail) {
        super(detail);
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.UNKNOWN_REFERENCE, getMessage());
    }
}

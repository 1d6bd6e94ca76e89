package cn.escrow.platform.error;

/** A push or a decision for a supervised account that is closed (changed for another, or supervision ended): 409 {@code account-closed}. */
public class AccountClosed extends ProblemException {
    public AccountClosed(String detail) {
        super(detail);
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.ACCOUNT_CLOSED, getMessage());
    }
}

package cn.escrow.bank;

import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemException;
import cn.escrow.platform.error.ProblemType;

/**
 * A loan notice that does not fit its contract: the contract is cancelled, the loan type does not fit it,
 * or the contract's notices would exceed its loan amount. The lender's data is wrong, not the service:
 * 422 {@code loan-mismatch}, with {@code rule} naming which check failed.
 */
public class LoanMismatch extends ProblemException {

    /** Which check a notice failed. */
    public enum Rule { CONTRACT_CANCELLED, CONTRACT_NOT_FILED, LOAN_TYPE, LOAN_AMOUNT_EXCEEDED }

    private final Rule rule;

    public LoanMismatch(Rule rule, String detail) {
        super(detail);
        this.rule = rule;
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.LOAN_MISMATCH, getMessage()).with("rule", rule.name());
    }
}

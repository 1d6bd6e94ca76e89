package cn.escrow.registry;

import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemException;
import cn.escrow.platform.error.ProblemType;

/** The supervised account name is not enterprise name + project name + 预售资金监管专户. */
public class AccountNameNonstandard extends ProblemException {
    private final String expected;

    AccountNameNonstandard(String expected) {
        super("The supervised account name must be exactly '" + expected + "'");
        this.expected = expected;
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.ACCOUNT_NAME_NONSTANDARD, getMessage()).with("expectedAccountName", expected);
    }
}

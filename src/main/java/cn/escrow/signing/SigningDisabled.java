package cn.escrow.signing;

import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemException;
import cn.escrow.platform.error.ProblemType;
import java.util.List;

/** Contract filing refused because the project's online signing is disabled; the body lists why. */
public class SigningDisabled extends ProblemException {
    private final List<SigningReason> reasons;

    public SigningDisabled(List<SigningReason> reasons) {
        super("Online signing of this project is disabled");
        this.reasons = reasons;
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.SIGNING_DISABLED, getMessage()).with("reasons", reasons);
    }
}

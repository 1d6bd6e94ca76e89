package cn.escrow.supervision;

import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemException;
import cn.escrow.platform.error.ProblemType;

/** A supervisor's approval that a release rule forbids (cap, balance, suspension): 409 with the rule's name. */
public class ReleaseRefused extends ProblemException {

    /** The rule an approval broke. */
    public enum Rule { NOT_APPLIED, NODE_CAP_EXCEEDED, INSUFFICIENT_BALANCE, MIN_RETAINED_BALANCE,
        RELEASES_SUSPENDED, NO_ACCOUNT,
        /** The node opens with a milestone not recorded yet (completion filing, first registration), or supervision ended. */
        MILESTONE_NOT_REACHED }

    private final Rule rule;

    public ReleaseRefused(Rule rule, String detail) {
        super(detail);
        this.rule = rule;
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.CONFLICT, getMessage()).with("rule", rule.name());
    }
}

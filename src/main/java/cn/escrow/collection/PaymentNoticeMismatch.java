package cn.escrow.collection;

import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemException;
import cn.escrow.platform.error.ProblemType;

/**
 * A credit that names a payment notice it cannot pay: not a notice of this account, not buyer money, another contract's,
 * or a cancelled notice. The bank's message is wrong, not the service: 422 {@code payment-notice-mismatch} with
 * {@code rule}, and nothing is booked, so the bank pushes the credit again correctly (without the number, it lands in the
 * unattributed queue).
 */
public class PaymentNoticeMismatch extends ProblemException {

    /** Which check a credit failed. */
    public enum Rule { NOT_THIS_ACCOUNT, NOT_BUYER_MONEY, OTHER_CONTRACT, NOTICE_CANCELLED }

    private final Rule rule;

    public PaymentNoticeMismatch(Rule rule, String detail) {
        super(detail);
        this.rule = rule;
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.PAYMENT_NOTICE_MISMATCH, getMessage()).with("rule", rule.name());
    }
}

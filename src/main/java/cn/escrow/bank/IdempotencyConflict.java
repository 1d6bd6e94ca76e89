package cn.escrow.bank;

import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemException;
import cn.escrow.platform.error.ProblemType;

/** The bank reused a serial number with different content: a bug or fraud on the bank's side, never a retry. */
public class IdempotencyConflict extends ProblemException {

    public IdempotencyConflict(String serialNo) {
        super("Serial number " + serialNo + " was already pushed with different content");
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.IDEMPOTENCY_CONFLICT, getMessage());
    }
}

package cn.escrow.reconciliation;

import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemException;
import cn.escrow.platform.error.ProblemType;

/** The bank sent other figures for a day it already reported: a bug on the bank's side, never a retry. */
public class ReconciliationConflict extends ProblemException {
    public ReconciliationConflict(String accountNo, String date) {
        super("Figures for account " + accountNo + " on " + date + " were already pushed with different content");
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.IDEMPOTENCY_CONFLICT, getMessage());
    }
}

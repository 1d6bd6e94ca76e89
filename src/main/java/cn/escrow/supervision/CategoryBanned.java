package cn.escrow.supervision;

import cn.escrow.platform.error.Problem;
import cn.escrow.platform.error.ProblemException;
import cn.escrow.platform.error.ProblemType;

/** 422 {@code category-banned}: key money never pays for this (loan interest, land, fines, marketing, wages): a rule, not a bug. */
public class CategoryBanned extends ProblemException {
    public CategoryBanned(String category) {
        super("Spending category " + category + " may not be paid from supervised money");
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.CATEGORY_BANNED, getMessage()).with("field", "spendingCategory");
    }
}

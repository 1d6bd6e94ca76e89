package cn.escrow.judicial;

import java.math.BigDecimal;

/**
 * 法〔2022〕12号, pure: before first registration a court may deduct money above the remaining key obligation; money
 * within it only for the project's own construction, material and equipment creditors. A deduction takes money above
 * the obligation first, the rest from key money (at most the obligation itself).
 */
public final class DeductionRule {

    private DeductionRule() {
    }

    /** The creditor a deduction pays, as the bank reports it from the court's document. */
    public enum CreditorKind {
        CONSTRUCTION, MATERIAL, EQUIPMENT, OTHER;

        /** The project's own builders and suppliers, who may be paid from key money. */
        boolean buildsTheProject() {
            return this != OTHER;
        }
    }

    /** How a deduction stands under the rule. */
    public enum Verdict { ABOVE_KEY_OBLIGATION, PROJECT_CREDITOR, WITHIN_KEY_OBLIGATION }

    /** The verdict and how much of the deduction is key money. */
    public record Judgement(Verdict verdict, BigDecimal keyMoneyTaken) {
        public boolean lawful() {
            return verdict != Verdict.WITHIN_KEY_OBLIGATION;
        }
    }

    /**
     * Judges a deduction of {@code amount} when {@code aboveObligation} is the money above the remaining key obligation
     * {@code remaining}; {@code creditor} may be null (not reported: not a project creditor).
     */
    public static Judgement judge(BigDecimal amount, BigDecimal aboveObligation, BigDecimal remaining, CreditorKind creditor) {
        BigDecimal keyMoney = amount.subtract(aboveObligation).max(BigDecimal.ZERO).min(remaining);
        if (keyMoney.signum() == 0) {
            return new Judgement(Verdict.ABOVE_KEY_OBLIGATION, keyMoney);
        }
        if (creditor != null && creditor.buildsTheProject()) {
            return new Judgement(Verdict.PROJECT_CREDITOR, keyMoney);
        }
        return new Judgement(Verdict.WITHIN_KEY_OBLIGATION, keyMoney);
    }
}

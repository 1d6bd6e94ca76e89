package cn.escrow.supervision;

import cn.escrow.supervision.ReleaseRefused.Rule;
import java.math.BigDecimal;

/**
 * The release arithmetic, pure: which part of an amount is key money (free money goes first) and whether the
 * available balance, the node's cumulative cap on key money and the node's retained minimum allow it. The one
 * place that decides what is releasable (issue 18's guarantees change it here).
 */
public final class ReleaseCap {

    private ReleaseCap() {
    }

    /** A node's limits as the release rules read them. */
    public record Node(String name, BigDecimal capPercent, BigDecimal minRetainedPercent) {
    }

    /** The key part of an allowed release, or the rule it breaks and why. */
    public record Verdict(BigDecimal keyPart, Rule refusedBy, String detail) {
        public boolean allowed() {
            return refusedBy == null;
        }
    }

    /** Judges a release of {@code amount} at {@code node} against the project's position. */
    public static Verdict judge(Position pos, BigDecimal amount, Node node) {
        if (amount.compareTo(pos.available()) > 0) {
            return refused(Rule.INSUFFICIENT_BALANCE, "The account has " + pos.available().toPlainString()
                    + " available (balance less approved, unpaid releases)");
        }
        BigDecimal keyPart = keyPart(pos, amount);
        BigDecimal cap = KeyAmountFormula.percentOf(pos.keyAmount(), node.capPercent());
        if (pos.keyReleased().add(keyPart).compareTo(cap) > 0) {
            return refused(Rule.NODE_CAP_EXCEEDED, "Node " + node.name() + " allows " + cap.toPlainString()
                    + " of key money in all; " + pos.keyReleased().toPlainString() + " is released and this needs "
                    + keyPart.toPlainString() + " more (free money: " + pos.freeAmount().toPlainString() + ")");
        }
        BigDecimal retained = KeyAmountFormula.percentOf(pos.keyAmount(), node.minRetainedPercent());
        if (pos.available().subtract(amount).compareTo(retained) < 0) {
            return refused(Rule.MIN_RETAINED_BALANCE, "Node " + node.name() + " keeps at least " + retained.toPlainString()
                    + " in the account");
        }
        return new Verdict(keyPart, null, null);
    }

    /** The part of {@code amount} that free money does not cover: it comes out of the key obligation. */
    public static BigDecimal keyPart(Position pos, BigDecimal amount) {
        return amount.subtract(pos.freeAmount()).max(BigDecimal.ZERO);
    }

    /**
     * Guarantees (保函): whether a guarantee of {@code amount} may be accepted, or why not. The account must hold the
     * remaining key obligation in cash (guarantees count only once it has), and all active guarantees together may
     * replace at most {@code maxSharePercent} of the key amount.
     */
    public static String guaranteeRefusal(Position pos, BigDecimal amount, BigDecimal maxSharePercent) {
        if (pos.keyAmount().signum() == 0) {
            return "The project has no key amount to replace";
        }
        if (pos.available().add(pos.guaranteed()).compareTo(pos.remainingKeyObligation()) < 0) {
            return "The account holds " + pos.available().toPlainString() + ", short of the remaining key obligation "
                    + pos.remainingKeyObligation().toPlainString() + ": a guarantee is accepted once the account has reached it";
        }
        BigDecimal limit = KeyAmountFormula.percentOf(pos.keyAmount(), maxSharePercent);
        if (pos.guaranteed().add(amount).compareTo(limit) > 0) {
            return "Guarantees may replace at most " + limit.toPlainString() + " (" + maxSharePercent.stripTrailingZeros().toPlainString()
                    + "% of the key amount); " + pos.guaranteed().toPlainString() + " is guaranteed already";
        }
        return null;
    }

    /** The guarantor's top-up duty for a release of {@code keyPart} key money: its share of the key amount, to the cent. */
    public static BigDecimal guarantorTopUp(BigDecimal keyPart, BigDecimal guarantee, BigDecimal keyAmount) {
        if (keyAmount.signum() == 0 || keyPart.signum() == 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        return keyPart.multiply(guarantee).divide(keyAmount, 2, java.math.RoundingMode.HALF_UP);
    }

    private static Verdict refused(Rule rule, String detail) {
        return new Verdict(null, rule, detail);
    }
}

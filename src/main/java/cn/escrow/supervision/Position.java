package cn.escrow.supervision;

import java.math.BigDecimal;

/**
 * Where a project's supervised money stands. {@code keyAmount} K is what the bureau keeps for
 * construction; {@code keyReleased} the key money approved for release so far; the remaining key
 * obligation R = K − keyReleased. {@code available} is the balance less approved releases the bank
 * has not paid yet. Money above R is free ({@code freeAmount}); below it, the developer owes a top-up.
 */
public record Position(long projectId, BigDecimal keyAmount, BigDecimal keyReleased, BigDecimal remainingKeyObligation,
                       BigDecimal balance, BigDecimal pendingReleases, BigDecimal available, BigDecimal freeAmount,
                       BigDecimal topUpDue) {

    /** The position from its four stored figures: the one arithmetic /supervision and the reports share. */
    public static Position of(long projectId, BigDecimal keyAmount, BigDecimal keyReleased, BigDecimal balance, BigDecimal pending) {
        BigDecimal remaining = keyAmount.subtract(keyReleased).max(BigDecimal.ZERO);
        BigDecimal available = balance.subtract(pending);
        BigDecimal free = available.subtract(remaining).max(BigDecimal.ZERO);
        BigDecimal topUp = remaining.subtract(available).max(BigDecimal.ZERO);
        return new Position(projectId, keyAmount, keyReleased, remaining, balance, pending, available, free, topUp);
    }
}

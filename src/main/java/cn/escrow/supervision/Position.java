package cn.escrow.supervision;

import java.math.BigDecimal;

/**
 * Where a project's supervised money stands. {@code keyAmount} K is what the bureau keeps for
 * construction; {@code keyReleased} the key money approved for release so far; the remaining key
 * obligation R = K − keyReleased. {@code available} is the balance less approved releases the bank
 * has not paid yet. Money above R is free ({@code freeAmount}); below it, the developer owes a top-up. Active bank
 * guarantees ({@code guaranteed}) stand in for that much of R.
 */
public record Position(long projectId, BigDecimal keyAmount, BigDecimal keyReleased, BigDecimal remainingKeyObligation,
                       BigDecimal balance, BigDecimal pendingReleases, BigDecimal available, BigDecimal freeAmount,
                       BigDecimal topUpDue, BigDecimal guaranteed) {

    /** The position from its four stored figures, without guarantees. */
    public static Position of(long projectId, BigDecimal keyAmount, BigDecimal keyReleased, BigDecimal balance, BigDecimal pending) {
        return of(projectId, keyAmount, keyReleased, balance, pending, BigDecimal.ZERO.setScale(2));
    }

    /**
     * The position from its stored figures and the active guarantees' amount: the one arithmetic /supervision and the
     * reports share. A guarantee stands in for cash: the account must hold only R less what is guaranteed (never below 0).
     */
    public static Position of(long projectId, BigDecimal keyAmount, BigDecimal keyReleased, BigDecimal balance, BigDecimal pending,
                              BigDecimal guaranteed) {
        BigDecimal remaining = keyAmount.subtract(keyReleased).max(BigDecimal.ZERO);
        BigDecimal cashHeld = remaining.subtract(guaranteed).max(BigDecimal.ZERO);
        BigDecimal available = balance.subtract(pending);
        BigDecimal free = available.subtract(cashHeld).max(BigDecimal.ZERO);
        BigDecimal topUp = cashHeld.subtract(available).max(BigDecimal.ZERO);
        return new Position(projectId, keyAmount, keyReleased, remaining, balance, pending, available, free, topUp, guaranteed);
    }
}

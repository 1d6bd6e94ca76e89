package cn.escrow.loans;

import cn.escrow.platform.validation.Reason;
import jakarta.validation.constraints.NotNull;

/** Why a loan notice is withdrawn: the body of a lender's revocation and of a supervisor's withdrawal. */
public record Withdrawal(@NotNull @Reason String reason) {
}

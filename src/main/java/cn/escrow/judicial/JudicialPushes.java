package cn.escrow.judicial;

import cn.escrow.bank.BankPushes;
import cn.escrow.platform.validation.AccountNo;
import cn.escrow.platform.validation.Amount;
import cn.escrow.platform.validation.BusinessKey;
import cn.escrow.platform.validation.Name;
import cn.escrow.platform.validation.Reason;
import cn.escrow.platform.validation.SerialNo;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The court actions banks push and the consents supervisors record, as validated records. */
public final class JudicialPushes {

    private JudicialPushes() {
    }

    @Schema(name = "JudicialActionKind")
    public enum Action { FREEZE, UNFREEZE, DEDUCTION }

    @Schema(description = "A court's freeze, unfreeze or deduction on a supervised account, pushed by the account's bank")
    public record JudicialActionPush(
            @NotNull @SerialNo String serialNo,
            @NotNull @AccountNo String accountNo,
            @NotNull Action action,
            @NotNull @Name @Schema(example = "昆明市五华区人民法院") String court,
            @NotNull @BusinessKey @Schema(example = "(2026)云0102执保123号") String documentNo,
            @Amount @Schema(type = SchemaType.STRING, example = "500000.00",
                    description = "Required for FREEZE and DEDUCTION; not given for UNFREEZE") BigDecimal amount,
            @NotNull @Schema(example = "2026-11-01T10:00:00+08:00") OffsetDateTime actedAt,
            @BusinessKey @Schema(description = "Required for UNFREEZE (only): the documentNo of the active freeze it lifts")
            String freezeDocumentNo,
            @Pattern(regexp = "^CNY$", message = "must be CNY") String currency,
            @Schema(description = "DEDUCTION only: the creditor the court deducts for (法〔2022〕12号: money within the remaining "
                    + "key obligation may be deducted only for the project's CONSTRUCTION, MATERIAL and EQUIPMENT creditors); "
                    + "not given is OTHER") DeductionRule.CreditorKind creditorKind) {

        /** Fingerprint of the content: a repeat with the same serial must have the same one. */
        String fingerprint() {
            String content = String.join("\u0001", serialNo, accountNo, action.name(), court, documentNo,
                    amount == null ? "null" : amount.setScale(2).toPlainString(), String.valueOf(actedAt.toInstant()),
                    String.valueOf(freezeDocumentNo));
            // Pushes without a creditor kind keep the fingerprint they had before the field existed.
            return BankPushes.sha256(creditorKind == null ? content : content + "\u0001" + creditorKind.name());
        }
    }

    @Schema(description = "The bureau's written consent to a court deduction from a project's supervised account")
    public record ConsentRequest(
            @NotNull @Name String court,
            @NotNull @BusinessKey String documentNo,
            @NotNull @Amount @Schema(type = SchemaType.STRING, example = "200000.00") BigDecimal amount,
            @NotNull @Reason String reason) {
    }
}

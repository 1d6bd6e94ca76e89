package cn.escrow.judicial;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the API shows of court actions and deduction consents. */
public final class JudicialViews {

    private JudicialViews() {
    }

    public record JudicialActionView(long id, String serialNo, String bankCode, long projectId, String accountNo,
                                     JudicialPushes.Action action, String court, String documentNo,
                                     @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal amount,
                                     OffsetDateTime actedAt, OffsetDateTime receivedAt,
                                     @JsonInclude(JsonInclude.Include.ALWAYS) String freezeDocumentNo,
                                     @Schema(description = "FREEZE only: when an UNFREEZE lifted it")
                                     @JsonInclude(JsonInclude.Include.ALWAYS) OffsetDateTime liftedAt,
                                     @Schema(description = "FREEZE only: true while not lifted; null for other actions")
                                     @JsonInclude(JsonInclude.Include.ALWAYS) Boolean active,
                                     @Schema(description = "DEDUCTION only: the bureau's consent it was matched to")
                                     @JsonInclude(JsonInclude.Include.ALWAYS) Long consentId,
                                     @Schema(description = "DEDUCTION only: the bank debit linked to it")
                                     @JsonInclude(JsonInclude.Include.ALWAYS) String linkedTransactionSerialNo,
                                     @Schema(description = "DEDUCTION only: the creditor kind the bank reported")
                                     @JsonInclude(JsonInclude.Include.ALWAYS) DeductionRule.CreditorKind creditorKind,
                                     @Schema(description = "DEDUCTION only: the money above the remaining key obligation when it arrived")
                                     @JsonInclude(JsonInclude.Include.ALWAYS) BigDecimal aboveKeyObligation,
                                     @Schema(description = "DEDUCTION only, by 法〔2022〕12号: ABOVE_KEY_OBLIGATION and PROJECT_CREDITOR "
                                             + "are lawful, WITHIN_KEY_OBLIGATION is not (a HIGH alert)")
                                     @JsonInclude(JsonInclude.Include.ALWAYS) DeductionRule.Verdict verdict) {
    }

    @Schema(description = "An active court freeze")
    public record FreezeView(String court, String documentNo, BigDecimal amount, OffsetDateTime actedAt) {
    }

    public record ConsentView(long id, long projectId, String court, String documentNo, BigDecimal amount, String reason,
                              String givenBy, OffsetDateTime givenAt) {
    }
}

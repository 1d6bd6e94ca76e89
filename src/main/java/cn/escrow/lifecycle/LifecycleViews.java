package cn.escrow.lifecycle;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What the lifecycle endpoints return: the agreement with its account, account changes, the project's milestones. */
public final class LifecycleViews {

    private LifecycleViews() {
    }

    /** The stored signed document: never its bytes here (they come from the document endpoint). */
    public record DocumentView(String name, @Schema(description = "Sniffed from the bytes: application/pdf, image/png or image/jpeg")
                               String type, @Schema(description = "Lowercase hex SHA-256 of the bytes") String sha256, int size) {
    }

    /** The project's supervised account as its life stands. */
    @Schema(name = "SupervisedAccountLife")
    public record AccountView(long projectId, String bankCode, String accountNo,
                              @Schema(description = "AWAITING_CONFIRMATION (pushes taken, flagged), ACTIVE or CLOSED") String status,
                              BigDecimal balance, String confirmedBy, OffsetDateTime confirmedAt, OffsetDateTime closedAt) {
    }

    /** An account number the project used before, with the balance it held when it was left. */
    public record FormerAccountView(String bankCode, String accountNo, BigDecimal finalBalance, OffsetDateTime closedAt,
                                    @Schema(description = "CHANGED or SUPERVISION_ENDED") String why) {
    }

    /** The three-party agreement of a project, its account and the account history. */
    public record AgreementView(long projectId, String agreementNo, String bankCode, LocalDate signedOn, LocalDate validFrom,
                                LocalDate validUntil, DocumentView document, String recordedBy, OffsetDateTime recordedAt,
                                AccountView account, List<FormerAccountView> formerAccounts) {
    }

    /** A change of supervised account or bank. */
    public record AccountChangeView(String changeNo, long projectId, String fromBankCode, String fromAccountNo, String toBankCode,
                                    String toAccountNo, String reason, @Schema(description = "APPLIED, APPROVED or REJECTED") String status,
                                    String appliedBy, OffsetDateTime appliedAt, String decidedBy, OffsetDateTime decidedAt,
                                    String decisionReason,
                                    @Schema(description = "APPROVED: the balance handed over to the new account") BigDecimal handedOver) {
    }

    /** Completion filing, first registration and the end of supervision of a project. */
    public record LifecycleView(long projectId, String completionCertificateNo, LocalDate completionFiledOn,
                                String registrationCertificateNo, LocalDate registeredOn,
                                @Schema(description = "SUPERVISED, ENDING (applied for) or ENDED") String state,
                                String endReason, String endAppliedBy, OffsetDateTime endAppliedAt, String endedBy,
                                OffsetDateTime endedAt,
                                @Schema(description = "ENDED: the balance that left supervision, free to the developer") BigDecimal releasedBalance) {
    }

    /** What the supervising bank reads once supervision has ended (解除监管). */
    public record CloseInstruction(long projectId, String bankCode, String accountNo, String status, OffsetDateTime supervisionEndedAt,
                                   @Schema(description = "The balance no longer supervised: free to the developer") BigDecimal releasedBalance,
                                   String instruction) {
    }
}

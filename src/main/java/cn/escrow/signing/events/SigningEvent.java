package cn.escrow.signing.events;

import cn.escrow.signing.SigningReason;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One change of a project's online signing state, as the feed lists it and the webhook delivers it. */
public record SigningEvent(
        @Schema(description = "Position in the feed: grows strictly in commit order (gaps possible); resume with after=seq")
        long seq,
        long projectId,
        @Schema(description = "The state the project changed to")
        boolean enabled,
        @Schema(description = "When the state changed (service clock and zone)")
        OffsetDateTime at,
        @Schema(description = "Why signing is off, as in signing-status, when the change was committed; empty when enabled")
        List<SigningReason> reasons) {
}

package cn.escrow.platform.validation;

import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A request body that carries only why: a second person's decision, a suspension, an application to end supervision. */
@Schema(name = "ReasonRequest")
public record ReasonRequest(@NotNull @Reason String reason) {
}

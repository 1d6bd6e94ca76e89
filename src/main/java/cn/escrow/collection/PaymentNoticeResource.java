package cn.escrow.collection;

import cn.escrow.collection.PaymentNoticeService.NoticeView;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Reason;
import cn.escrow.platform.validation.RequiredBody;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One payment notice: read, and cancelled while unpaid. */
@Path("/api/v1/payment-notices/{noticeNo}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collection")
@SecurityRequirement(name = "basic")
public class PaymentNoticeResource {

    private final PaymentNoticeService notices;
    private final Callers callers;

    public PaymentNoticeResource(PaymentNoticeService notices, Callers callers) {
        this.notices = notices;
        this.callers = callers;
    }


    @Schema(name = "CancelPaymentNotice")
    public record CancelNotice(@NotNull @Reason String reason) {
    }

    @GET
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getPaymentNotice", summary = "Read a payment notice",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own.")
    @APIResponse(responseCode = "200", description = "The notice", content = @Content(schema = @Schema(implementation = NoticeView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public NoticeView get(@PathParam("noticeNo") String noticeNo) {
        return notices.visible(callers.person(), noticeNo);
    }

    @POST
    @Path("/cancellation")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "cancelPaymentNotice", summary = "Cancel a payment notice",
            description = "Roles: those who may issue it (ENTERPRISE its own, SUPERVISOR, ADMIN), `{reason}`. Only an ISSUED "
                    + "notice (else 409); money it already took stays the contract's. A credit naming it afterwards is refused "
                    + "422 payment-notice-mismatch (rule NOTICE_CANCELLED).")
    @APIResponse(responseCode = "200", description = "Cancelled", content = @Content(schema = @Schema(implementation = NoticeView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: the notice is PAID or CANCELLED")
    public NoticeView cancel(@PathParam("noticeNo") String noticeNo, @Valid @RequiredBody CancelNotice r) {
        return notices.cancel(callers.person(), noticeNo, r.reason());
    }
}

package cn.escrow.collection;

import cn.escrow.clients.SignedRequests;
import cn.escrow.collection.PaymentNoticeService.NoticeView;
import cn.escrow.platform.security.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The supervising bank verifies a payment notice number before it takes buyer money (Tai'an 交存验证). */
@Path("/api/v1/bank/payment-notices/{noticeNo}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collection")
@SecurityRequirement(name = "clientSignature")
public class BankPaymentNoticeResource {

    private final PaymentNoticeService notices;
    private final SignedRequests signed;

    public BankPaymentNoticeResource(PaymentNoticeService notices, SignedRequests signed) {
        this.notices = notices;
        this.signed = signed;
    }

    /** What the bank needs to take the money, and no more (no buyer's name or identity number). */
    @Schema(name = "BankPaymentNotice")
    public record BankNoticeView(String noticeNo, String accountNo, String contractNo, String kind, BigDecimal amount,
                                 @Schema(description = "What may still be paid against it: 0.00 once PAID or CANCELLED") BigDecimal amountDue,
                                 @Schema(description = "ISSUED (take the money), PAID, CANCELLED (refuse it)") String status,
                                 LocalDate dueDate) {
        static BankNoticeView of(NoticeView n) {
            return new BankNoticeView(n.noticeNo(), n.accountNo(), n.contractNo(), n.kind().name(), n.amount(), n.amountDue(),
                    n.status(), n.dueDate());
        }
    }

    @GET
    @PermitAll
    @Operation(operationId = "verifyPaymentNotice", summary = "Verify a payment notice before taking buyer money",
            description = "BANK clients (signed, empty body), only the bank holding the notice's supervised account: any other "
                    + "client, like an unknown number, gets 404. A PAID or CANCELLED notice answers 200 with its status, so the "
                    + "bank can tell the buyer why it refuses.")
    @APIResponse(responseCode = "200", description = "The notice", content = @Content(schema = @Schema(implementation = BankNoticeView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such notice on an account at the calling bank")
    public BankNoticeView verify(@PathParam("noticeNo") String noticeNo, @Context HttpHeaders headers, @Context HttpServerRequest request) {
        Caller bank = signed.client(headers, request, new byte[0], Caller.ClientKind.BANK);
        return BankNoticeView.of(notices.forBank(bank, noticeNo));
    }
}

package cn.escrow.collection;

import cn.escrow.collection.AttributionService.UnattributedCredit;
import cn.escrow.collection.CollectionService.ProjectCollection;
import cn.escrow.collection.PaymentNoticeService.NoticeView;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A project's collection: its payment notices, its collection figures and its queue of unattributed credits (不明入账). */
@Path("/api/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Collection")
@SecurityRequirement(name = "basic")
public class ProjectCollectionResource {

    private final CollectionService collection;
    private final AttributionService attribution;
    private final PaymentNoticeService notices;
    private final Callers callers;

    public ProjectCollectionResource(CollectionService collection, AttributionService attribution, PaymentNoticeService notices,
                                     Callers callers) {
        this.collection = collection;
        this.attribution = attribution;
        this.notices = notices;
        this.callers = callers;
    }

    @GET
    @Path("/payment-notices")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listProjectPaymentNotices", summary = "List a project's payment notices",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. Newest first; status filters (ISSUED, PAID, CANCELLED).")
    @APIResponse(responseCode = "200", description = "The notices", content = @Content(schema = @Schema(implementation = NoticeView[].class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<NoticeView> ofProject(@PathParam("projectId") long projectId,
                                      @QueryParam("status") @Pattern(regexp = "^(ISSUED|PAID|CANCELLED)$",
                                              message = "must be ISSUED, PAID or CANCELLED") String status) {
        return notices.ofProject(callers.person(), projectId, status);
    }

    @GET
    @Path("/collection")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getProjectCollection", summary = "A project's collection of buyers' money",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. Per contract: due (its notices not "
                    + "cancelled), outstanding, collected (buyer-money credits naming it or its notice, or attributed to it, not "
                    + "reversed) and ratio; the project's totals over contracts not cancelled, and the unattributed buyer money.")
    @APIResponse(responseCode = "200", description = "The collection", content = @Content(schema = @Schema(implementation = ProjectCollection.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public ProjectCollection project(@PathParam("projectId") long projectId) {
        return collection.ofProject(callers.person(), projectId);
    }

    @GET
    @Path("/unattributed-credits")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN})
    @Operation(operationId = "listUnattributedCredits", summary = "A project's unattributed credits (不明入账)",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN. Buyer-money credits (DEPOSIT, DOWN_PAYMENT, FULL_PAYMENT) that named "
                    + "no contract and no payment notice, are not reversed and are not attributed yet; oldest first.")
    @APIResponse(responseCode = "200", description = "The queue", content = @Content(schema = @Schema(implementation = UnattributedCredit[].class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<UnattributedCredit> queue(@PathParam("projectId") long projectId) {
        return attribution.queue(callers.person(), projectId);
    }
}

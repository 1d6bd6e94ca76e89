package cn.escrow.lifecycle;

import cn.escrow.lifecycle.LifecycleViews.AccountChangeView;
import cn.escrow.lifecycle.LifecycleViews.AgreementView;
import cn.escrow.platform.http.FileDownload;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.AccountNo;
import cn.escrow.platform.validation.BankCode;
import cn.escrow.platform.validation.BusinessKey;
import cn.escrow.platform.validation.Reason;
import cn.escrow.platform.validation.RequiredBody;
import cn.escrow.platform.validation.Text;
import cn.escrow.registry.RegistryService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A project's supervision agreement (with its signed document and account) and the applications to change that account. */
@Path("/api/v1/projects/{projectId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Supervision lifecycle")
@SecurityRequirement(name = "basic")
public class AgreementResource {

    private final AgreementService agreements;
    private final AccountChangeService changes;
    private final RegistryService registry;
    private final Callers callers;

    public AgreementResource(AgreementService agreements, AccountChangeService changes, RegistryService registry, Callers callers) {
        this.agreements = agreements;
        this.changes = changes;
        this.registry = registry;
        this.callers = callers;
    }

    /** The signed document, base64 in the JSON body (the 64 KiB body limit applies). */
    public record DocumentUpload(@NotNull @Text String fileName,
                                 @NotNull @Size(min = 4, max = 65536, message = "must be 4-65536 characters")
                                 @Schema(description = "The file, base64; its type is sniffed from the bytes (PDF, PNG or JPEG)")
                                 String contentBase64) {
    }

    public record AgreementRequest(@NotNull @BusinessKey String agreementNo, @NotNull LocalDate signedOn, @NotNull LocalDate validFrom,
                                   LocalDate validUntil, @NotNull @BankCode String bankCode, @NotNull @AccountNo String accountNo,
                                   @NotNull @Size(min = 1, max = 500, message = "must be 1-500 characters") String accountName,
                                   @NotNull @Valid DocumentUpload document) {
    }

    @POST
    @Path("/supervision-agreement")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "recordSupervisionAgreement", summary = "Record the three-party supervision agreement",
            description = "Roles: SUPERVISOR, ADMIN. The agreement of bureau, developer and supervising bank, with its signed "
                    + "document (PDF, PNG or JPEG, sniffed from the bytes; its SHA-256 is kept). Opens the project's supervised "
                    + "account (same naming rule as openSupervisedAccount) in status AWAITING_CONFIRMATION until the bank confirms "
                    + "it; a project whose account exists already must name it. One agreement per project.")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(schema = @Schema(implementation = AgreementView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project")
    @APIResponse(responseCode = "409", description = "conflict: the project has its agreement, or the agreement number or account number is taken; "
            + "account-closed: supervision of the project has ended")
    @APIResponse(responseCode = "422", description = "unknown-reference: the agreement names another account than the project's; "
            + "account-name-nonstandard")
    public Response record(@PathParam("projectId") long projectId, @Valid @RequiredBody AgreementRequest r) {
        SignedDocument document = SignedDocument.of("document.contentBase64", r.document().fileName(), r.document().contentBase64());
        AgreementView view = agreements.record(callers.person(), projectId, new AgreementService.NewAgreement(r.agreementNo(),
                r.signedOn(), r.validFrom(), r.validUntil(), r.bankCode(), r.accountNo(), r.accountName(), document));
        return Response.created(URI.create("/api/v1/projects/" + projectId + "/supervision-agreement")).entity(view).build();
    }

    @GET
    @Path("/supervision-agreement")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "getSupervisionAgreement", summary = "Get the supervision agreement, the account and its history",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. The account's status "
                    + "(AWAITING_CONFIRMATION, ACTIVE, CLOSED) and the former account numbers with the balance each handed over.")
    @APIResponse(responseCode = "200", description = "The agreement", content = @Content(schema = @Schema(implementation = AgreementView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such project, another enterprise's, or no agreement")
    public AgreementView get(@PathParam("projectId") long projectId) {
        registry.project(callers.person(), projectId);
        return agreements.view(projectId);
    }

    public record AccountChangeRequest(@NotNull @BankCode String bankCode, @NotNull @AccountNo String accountNo,
                                       @NotNull @Reason String reason) {
    }

    @POST
    @Path("/account-changes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "applyForAccountChange", summary = "Apply for a change of supervised account or bank",
            description = "Roles: SUPERVISOR, ADMIN; ENTERPRISE users for their own projects. Another person approves it. One "
                    + "open application per project: a second one answers 409 conflict.")
    @APIResponse(responseCode = "201", description = "Applied", content = @Content(schema = @Schema(implementation = AccountChangeView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    @APIResponse(responseCode = "409", description = "conflict: a change is open already, or the account number is or was a "
            + "supervised account; account-closed: supervision has ended")
    @APIResponse(responseCode = "422", description = "unknown-reference: the project has no supervised account")
    public Response applyForChange(@PathParam("projectId") long projectId, @Valid @RequiredBody AccountChangeRequest r) {
        registry.project(callers.person(), projectId);
        AccountChangeView view = changes.apply(callers.person(), projectId, r.bankCode(), r.accountNo(), r.reason());
        return Response.created(URI.create("/api/v1/account-changes/" + view.changeNo())).entity(view).build();
    }

    @GET
    @Path("/account-changes")
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listAccountChanges", summary = "List a project's account changes",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. Newest first.")
    @APIResponse(responseCode = "200", description = "The changes", content = @Content(schema = @Schema(implementation = AccountChangeView[].class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<AccountChangeView> listChanges(@PathParam("projectId") long projectId) {
        registry.project(callers.person(), projectId);
        return changes.list(projectId);
    }

    @GET
    @Path("/supervision-agreement/document")
    @Produces({"application/pdf", "image/jpeg", "image/png"})
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "downloadSupervisionAgreementDocument", summary = "Download the signed agreement document",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. The stored bytes with the type sniffed at "
                    + "upload, as a download (Content-Disposition: attachment, the uploaded file name), their SHA-256 in the ETag "
                    + "(lowercase hex, as the agreement's document.sha256) and in Repr-Digest (RFC 9530).")
    @APIResponse(responseCode = "200", description = "The document", content = @Content(mediaType = "application/pdf",
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "not-found: no such project, another enterprise's, or no agreement")
    public Response downloadDocument(@PathParam("projectId") long projectId) {
        registry.project(callers.person(), projectId);
        SignedDocument d = agreements.document(projectId);
        return FileDownload.of(d.name(), d.type(), d.sha256(), d.content());
    }
}

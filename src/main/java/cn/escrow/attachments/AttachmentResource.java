package cn.escrow.attachments;

import cn.escrow.attachments.AttachmentService.AttachmentView;
import cn.escrow.attachments.AttachmentService.Download;
import cn.escrow.platform.http.FileDownload;
import cn.escrow.platform.security.Callers;
import cn.escrow.platform.security.Roles;
import cn.escrow.platform.validation.Name;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A release application's attachments: upload (its own body limit), list, download; the parties only. */
@Path("/api/v1/releases/{releaseNo}/attachments")
@Tag(name = "Releases")
@SecurityRequirement(name = "basic")
public class AttachmentResource {

    private final AttachmentService attachments;
    private final Callers callers;

    public AttachmentResource(AttachmentService attachments, Callers callers) {
        this.attachments = attachments;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.ENTERPRISE, Roles.SUPERVISOR, Roles.ADMIN})
    @Operation(operationId = "uploadReleaseAttachment", summary = "Attach a file to a release application",
            description = "Roles: ENTERPRISE (own projects), SUPERVISOR, ADMIN. The body is the file itself, a PDF, JPEG or PNG, at most "
                    + "escrow.releases.attachment-max-size (413 above it; this upload's limit replaces the 64 KiB JSON limit). The type "
                    + "is judged from the content's first bytes, whatever Content-Type says (else 415). Only while the release is "
                    + "APPLIED (409); the same file twice on one release is 409.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM,
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "201", description = "Stored, with its SHA-256", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AttachmentView.class)))
    @APIResponse(responseCode = "404", description = "not-found: no such release, or another enterprise's")
    @APIResponse(responseCode = "409", description = "conflict: the release is decided, or the file is already attached")
    public Response upload(@PathParam("releaseNo") String releaseNo,
                           @QueryParam("fileName") @NotNull @Name @Schema(example = "形象进度确认书.pdf") String fileName, byte[] content) {
        return Response.status(Response.Status.CREATED)
                .entity(attachments.upload(callers.person(), releaseNo, fileName, content)).build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "listReleaseAttachments", summary = "List a release application's attachments",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. Oldest first, without content.")
    @APIResponse(responseCode = "200", description = "The attachments",
            content = @Content(schema = @Schema(type = SchemaType.ARRAY, implementation = AttachmentView.class)))
    @APIResponse(responseCode = "404", description = "not-found")
    public List<AttachmentView> list(@PathParam("releaseNo") String releaseNo) {
        return attachments.list(callers.person(), releaseNo);
    }

    @GET
    @Path("/{id}")
    @Produces({"application/pdf", "image/jpeg", "image/png"})
    @RolesAllowed({Roles.SUPERVISOR, Roles.AUDITOR, Roles.ADMIN, Roles.ENTERPRISE})
    @Operation(operationId = "downloadReleaseAttachment", summary = "Download an attachment",
            description = "Roles: SUPERVISOR, AUDITOR, ADMIN; ENTERPRISE users their own. The stored bytes with their sniffed type, "
                    + "as a download (Content-Disposition: attachment), their SHA-256 in the ETag (lowercase hex) and in Repr-Digest (RFC 9530).")
    @APIResponse(responseCode = "200", description = "The file", content = @Content(mediaType = "application/pdf",
            schema = @Schema(type = SchemaType.STRING, format = "binary")))
    @APIResponse(responseCode = "404", description = "not-found")
    public Response download(@PathParam("releaseNo") String releaseNo, @PathParam("id") long id) {
        Download d = attachments.download(callers.person(), releaseNo, id);
        return FileDownload.of(d.fileName(), d.contentType(), d.sha256(), d.content());
    }
}

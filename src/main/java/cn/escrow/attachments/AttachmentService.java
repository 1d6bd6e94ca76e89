package cn.escrow.attachments;

import static cn.escrow.audit.AuditLog.details;

import cn.escrow.audit.AuditAction;
import cn.escrow.audit.AuditLog;
import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import cn.escrow.platform.db.Sql;
import cn.escrow.platform.error.Conflict;
import cn.escrow.platform.error.NotFound;
import cn.escrow.platform.error.ValidationFailed;
import cn.escrow.platform.security.Caller;
import cn.escrow.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;

/**
 * Files attached to a release application (PDF, JPEG, PNG): their type sniffed from the content, never taken from the
 * request's header, kept with their SHA-256 in PostgreSQL, listed and downloadable by the parties (404 to others).
 */
@ApplicationScoped
public class AttachmentService {

    /** An attachment as lists and the release view show it (without its content). */
    public record AttachmentView(long id, String releaseNo, String fileName, String contentType, int sizeBytes, String sha256,
                                 String uploadedBy, OffsetDateTime uploadedAt) {
    }

    /** An attachment's content, for download. */
    public record Download(String fileName, String contentType, String sha256, byte[] content) {
    }

    private static final String VIEW_SQL = """
            SELECT id, release_no, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at FROM release_attachment""";

    private final Sql sql;
    private final RegistryService registry;
    private final AuditLog audit;
    private final EscrowClock clock;

    public AttachmentService(Sql sql, RegistryService registry, AuditLog audit, EscrowClock clock) {
        this.sql = sql;
        this.registry = registry;
        this.audit = audit;
        this.clock = clock;
    }

    /** Attaches a file to an application still awaiting a decision; the same file twice is 409. */
    @Transactional
    public AttachmentView upload(Caller caller, String releaseNo, String fileName, byte[] content) {
        Release release = visibleRelease(caller, releaseNo);
        if (!"APPLIED".equals(release.status())) {
            throw new Conflict("Release " + releaseNo + " is " + release.status() + ": its documents are closed");
        }
        if (content == null || content.length == 0) {
            throw new ValidationFailed("body", "must be the file's content");
        }
        String type = FileType.sniff(content);
        String hash = sha256(content);
        Long id = sql.one("""
                INSERT INTO release_attachment (release_no, file_name, content_type, size_bytes, sha256, content, uploaded_by,
                    uploaded_at)
                VALUES (:no, :name, :type, :size, :hash, :content, :by, :now)
                ON CONFLICT ON CONSTRAINT release_attachment_once DO NOTHING RETURNING id""", r -> r.getLong("id"),
                "no", releaseNo, "name", fileName, "type", type, "size", content.length, "hash", hash, "content", content,
                "by", caller.actor(), "now", clock.now());
        if (id == null) {
            throw new Conflict("This file (SHA-256 " + hash + ") is already attached to release " + releaseNo);
        }
        audit.record(caller.actor(), AuditAction.RELEASE_ATTACHMENT_UPLOADED, "release:" + releaseNo, release.projectId(),
                details("attachment", id, "fileName", fileName, "contentType", type, "sizeBytes", content.length, "sha256", hash));
        return sql.one(VIEW_SQL + " WHERE id = :id", this::toView, "id", id);
    }

    /** A release's attachments, oldest first (404 outside the caller's scope). */
    public List<AttachmentView> list(Caller caller, String releaseNo) {
        visibleRelease(caller, releaseNo);
        return of(releaseNo);
    }

    /** A release's attachments, for the release view (the caller's scope already checked). */
    public List<AttachmentView> of(String releaseNo) {
        return sql.list(VIEW_SQL + " WHERE release_no = :no ORDER BY uploaded_at, id", this::toView, "no", releaseNo);
    }

    public Download download(Caller caller, String releaseNo, long id) {
        visibleRelease(caller, releaseNo);
        Download d = sql.one("""
                SELECT file_name, content_type, sha256, content FROM release_attachment WHERE id = :id AND release_no = :no""",
                r -> new Download(r.getString("file_name"), r.getString("content_type"), r.getString("sha256"), r.getBytes("content")),
                "id", id, "no", releaseNo);
        if (d == null) {
            throw new NotFound("Attachment " + id);
        }
        return d;
    }

    private record Release(long projectId, String status) {
    }

    private Release visibleRelease(Caller caller, String releaseNo) {
        Release r = sql.one("SELECT project_id, status FROM release_application WHERE release_no = :no",
                row -> new Release(row.getLong("project_id"), row.getString("status")), "no", releaseNo);
        if (r == null) {
            throw new NotFound("Release " + releaseNo);
        }
        registry.requireVisible(caller, r.projectId(), () -> new NotFound("Release " + releaseNo));
        return r;
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private AttachmentView toView(Row r) throws SQLException {
        return new AttachmentView(r.getLong("id"), r.getString("release_no"), r.getString("file_name"), r.getString("content_type"),
                r.getInt("size_bytes"), r.getString("sha256"), r.getString("uploaded_by"), clock.inZone(r.getInstant("uploaded_at")));
    }
}

package cn.escrow.platform.http;

import cn.escrow.platform.EscrowConfig;
import jakarta.inject.Singleton;

/**
 * The largest request body ({@code escrow.http.max-body-size}) and the words a refusal uses for it; an attachment's
 * upload ({@code POST .../attachments}) has its own limit, {@code escrow.releases.attachment-max-size}.
 */
@Singleton
public class BodyLimit {

    private final long bytes;
    private final String detail;
    private final long uploadBytes;
    private final String uploadDetail;

    public BodyLimit(EscrowConfig config) {
        this.bytes = config.http().maxBodySize().asLongValue();
        this.detail = "The body is over " + describe(bytes);
        this.uploadBytes = config.releases().attachmentMaxSize().asLongValue();
        this.uploadDetail = "The attachment is over " + describe(uploadBytes);
    }

    /** Whether a request is an attachment's upload, which has the attachment limit. */
    public static boolean isUpload(String method, String path) {
        return "POST".equals(method) && path != null && path.startsWith("/api/v1/releases/") && path.endsWith("/attachments");
    }

    /** Attachments longer than this many bytes are refused. */
    public long uploadBytes() {
        return uploadBytes;
    }

    public String uploadDetail() {
        return uploadDetail;
    }

    /** Bodies longer than this many bytes are refused. */
    public long bytes() {
        return bytes;
    }

    /** The detail of a 413 problem: "The body is over 64 KiB". */
    public String detail() {
        return detail;
    }

    static String describe(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}

package cn.escrow.platform.http;

import cn.escrow.platform.EscrowConfig;
import jakarta.inject.Singleton;

/** The largest request body ({@code escrow.http.max-body-size}) and the words a refusal uses for it. */
@Singleton
public class BodyLimit {

    private final long bytes;
    private final String detail;

    public BodyLimit(EscrowConfig config) {
        this.bytes = config.http().maxBodySize().asLongValue();
        this.detail = "The body is over " + describe(bytes);
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

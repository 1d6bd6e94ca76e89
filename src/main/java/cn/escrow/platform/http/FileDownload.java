package cn.escrow.platform.http;

import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** The one shape of a stored file's download: its bytes and type, as an attachment by its name, its SHA-256 in ETag and Repr-Digest. */
public final class FileDownload {

    private FileDownload() {
    }

    /** 200 with the bytes; {@code sha256} is the lowercase hex digest kept with the file. */
    public static Response of(String fileName, String contentType, String sha256, byte[] content) {
        String encoded = URLEncoder.encode(fileName, StandardCharsets.UTF_8).replace("+", "%20");
        String digest = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256));
        return Response.ok(content, contentType)
                .header("Content-Disposition", "attachment; filename*=UTF-8''" + encoded)
                .header("ETag", "\"" + sha256 + "\"")
                .header("Repr-Digest", "sha-256=:" + digest + ":").build();
    }
}

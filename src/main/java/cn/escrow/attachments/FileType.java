package cn.escrow.attachments;

import cn.escrow.platform.error.UnsupportedFileType;
import java.util.Arrays;

/** The type of a file from its first bytes (magic numbers), pure: the Content-Type a client sends is never trusted. */
public final class FileType {

    private static final byte[] PDF = {'%', 'P', 'D', 'F', '-'};
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    private FileType() {
    }

    /** {@code application/pdf}, {@code image/png} or {@code image/jpeg}; anything else is 415 unsupported-media-type. */
    public static String sniff(byte[] content) {
        if (startsWith(content, PDF)) {
            return "application/pdf";
        }
        if (startsWith(content, PNG)) {
            return "image/png";
        }
        if (startsWith(content, JPEG)) {
            return "image/jpeg";
        }
        throw new UnsupportedFileType();
    }

    private static boolean startsWith(byte[] content, byte[] magic) {
        return content.length >= magic.length && Arrays.equals(content, 0, magic.length, magic, 0, magic.length);
    }
}

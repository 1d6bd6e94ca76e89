package cn.escrow.lifecycle;

import cn.escrow.platform.error.ValidationFailed;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * An uploaded signed document (the agreement's scan): its bytes decoded from base64, its type sniffed from the bytes
 * themselves (PDF, PNG or JPEG; whatever name or type the sender claims), and its SHA-256, which the bank and an
 * auditor compare with their copy. Pure, so it is tested without Quarkus.
 */
public record SignedDocument(String name, String type, String sha256, byte[] content) {

    /** Decodes and sniffs; 400 {@code validation-failed} on {@code field} when it is not base64 or not one of the types. */
    public static SignedDocument of(String field, String name, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ValidationFailed(field, "must be base64");
        }
        String type = sniff(bytes);
        if (type == null) {
            throw new ValidationFailed(field, "must be a PDF, PNG or JPEG document");
        }
        return new SignedDocument(name, type, sha256(bytes), bytes);
    }

    /** The media type the bytes start with, or null. */
    static String sniff(byte[] b) {
        if (startsWith(b, 0x25, 0x50, 0x44, 0x46, 0x2D)) { // %PDF-
            return "application/pdf";
        }
        if (startsWith(b, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (startsWith(b, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        return null;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean startsWith(byte[] b, int... magic) {
        if (b.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((b[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}

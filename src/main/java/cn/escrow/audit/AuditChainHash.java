package cn.escrow.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The hash chain over the audit trail: {@code hash(n) = SHA-256(hash(n-1) || canonical(event n))},
 * with {@code hash(0)} 32 zero bytes. The canonical form of an event is the UTF-8 bytes of its fields,
 * each written as {@code <length in bytes>:<bytes>\n} in this order:
 * <ol>
 * <li>the version tag {@code escrow-audit-v1};</li>
 * <li>{@code id} in decimal;</li>
 * <li>{@code at} in UTC with exactly six fraction digits, e.g. {@code 2026-11-01T02:00:00.120000Z};</li>
 * <li>{@code actor}, {@code action}, {@code subject} as stored;</li>
 * <li>{@code project_id} in decimal, or nothing (length 0) when null;</li>
 * <li>{@code details} as PostgreSQL prints the stored jsonb ({@code details::text}: keys sorted, one
 *     space after {@code :} and {@code ,}).</li>
 * </ol>
 * The length prefixes make the form unambiguous whatever the fields contain.
 */
public final class AuditChainHash {

    /** The hash before the first event. */
    public static final byte[] GENESIS = new byte[32];

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditChainHash() {
    }

    /** One audit event as stored, with its details as PostgreSQL's text of the jsonb value. */
    public record StoredEvent(long id, Instant at, String actor, String action, String subject, Long projectId, String details) {
    }

    /** The canonical bytes of one event. */
    public static byte[] canonical(StoredEvent e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        field(out, "escrow-audit-v1");
        field(out, Long.toString(e.id()));
        field(out, AT.format(e.at()));
        field(out, e.actor());
        field(out, e.action());
        field(out, e.subject());
        field(out, e.projectId() == null ? "" : Long.toString(e.projectId()));
        field(out, e.details());
        return out.toByteArray();
    }

    /** The hash of {@code event} following {@code previous}. */
    public static byte[] next(byte[] previous, StoredEvent event) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(previous);
            return sha.digest(canonical(event));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static void field(ByteArrayOutputStream out, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        out.write('\n');
    }
}

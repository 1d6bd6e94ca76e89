package cn.escrow.platform.crypto;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one key of the service, {@code escrow.secrets.encryption-key} (or the key file), and the keys
 * derived from it for each purpose (HKDF-SHA256, RFC 5869), so that one backed-up key protects client
 * secrets and buyers' ID numbers without one purpose's key serving another. A key is generated only
 * when nothing encrypted is stored yet: a lost key file with stored secrets stops the start instead.
 */
@ApplicationScoped
public class MasterKey {

    /** What a key is for; each label yields its own derived key. */
    public enum Purpose {
        /** Client signing secrets: the master key itself, as before derived keys existed (stored secrets stay readable). */
        CLIENT_SECRETS(null),
        /** Buyers' full ID numbers, AES-256-GCM. */
        BUYER_ID_ENCRYPTION("escrow buyer-id encryption v1"),
        /** The keyed hash of contract number and last 6 ID characters, HMAC-SHA256. */
        BUYER_LOOKUP_MAC("escrow buyer-lookup mac v1");

        private final String label;

        Purpose(String label) {
            this.label = label;
        }
    }

    private final byte[] master;
    private final String source;

    /** A key given directly, base64 of 32 bytes ({@code source} names it in messages): for checks and tests. */
    public MasterKey(String encoded, String source) {
        this.master = decode(encoded, source);
        this.source = source;
    }

    @Inject
    public MasterKey(EscrowConfig config, Sql sql) {
        Path file = Path.of(config.secrets().keyFile());
        String encoded;
        if (config.secrets().encryptionKey().isPresent()) {
            encoded = config.secrets().encryptionKey().get();
            source = "escrow.secrets.encryption-key";
        } else if (Files.exists(file)) {
            encoded = read(file);
            source = "the key file " + file.toAbsolutePath();
        } else {
            refuseIfDataIsEncrypted(sql, file);
            encoded = generate(file);
            source = "the key file " + file.toAbsolutePath();
        }
        this.master = decode(encoded, source);
    }

    private static byte[] decode(String encoded, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(encoded.trim());
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (raw.length != 32) {
            throw new IllegalStateException("The key in " + source + " must be base64 of exactly 32 bytes");
        }
        return raw;
    }

    /** Where the key came from, for messages (never the key). */
    public String source() {
        return source;
    }

    /**
     * The refusal to start when stored data does not decrypt with this key ({@code what}: which data).
     * No new key is ever made in that case.
     */
    public IllegalStateException cannotDecrypt(List<String> what) {
        return new IllegalStateException("Refusing to start: the key from " + source + " cannot decrypt what is stored ("
                + String.join(", ", what.subList(0, Math.min(5, what.size())))
                + (what.size() > 5 ? " and " + (what.size() - 5) + " more" : "") + "). It is not the key they were encrypted "
                + "with: set ESCROW_SECRETS_ENCRYPTION_KEY to that key (the one every instance shares) or restore the key file "
                + "from backup. No new key was made.");
    }

    /** The AES or HMAC key for {@code purpose}. */
    public SecretKey key(Purpose purpose) {
        byte[] bytes = purpose.label == null ? master : hkdf(master, purpose.label);
        return new SecretKeySpec(bytes, purpose == Purpose.BUYER_LOOKUP_MAC ? "HmacSHA256" : "AES");
    }

    /** HKDF-SHA256 with an empty salt, 32 bytes of output. */
    static byte[] hkdf(byte[] inputKey, String info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(inputKey);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(info.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(new byte[] {1});
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    static void refuseIfDataIsEncrypted(Sql sql, Path file) {
        long clients = sql.number("SELECT count(*) FROM machine_client");
        long buyers = sql.number("SELECT count(*) FROM contract WHERE buyer_id_enc IS NOT NULL");
        if (clients > 0 || buyers > 0) {
            throw new IllegalStateException("Refusing to start: no escrow.secrets.encryption-key is set and the key file "
                    + file.toAbsolutePath() + " is missing, but the database holds " + clients + " encrypted client secret(s) and "
                    + buyers + " encrypted buyer ID number(s). A new key could not read them. Restore the key file from backup "
                    + "or set ESCROW_SECRETS_ENCRYPTION_KEY to the key they were encrypted with.");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file, e);
        }
    }

    private static String generate(Path file) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        String encoded = Base64.getEncoder().encodeToString(raw);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, encoded, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the key file " + file, e);
        }
        Log.warnf("No escrow.secrets.encryption-key set and nothing encrypted stored yet: generated a key in %s. Back it up "
                + "(client secrets and buyers' ID numbers cannot be read without it) and set ESCROW_SECRETS_ENCRYPTION_KEY in "
                + "production.", file.toAbsolutePath());
        return encoded;
    }
}

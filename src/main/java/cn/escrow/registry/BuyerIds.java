package cn.escrow.registry;

import cn.escrow.platform.crypto.AesGcm;
import cn.escrow.platform.crypto.MasterKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * Buyers' ID numbers as stored (PIPL art. 28): encrypted with AES-256-GCM under a key derived from the
 * service's key and bound to the contract number (a copied ciphertext does not decrypt on another
 * contract), masked for display, and matched by the buyers' self-check through HMAC-SHA256 over the
 * contract number and the last 6 characters, under a second derived key. The keyed hash covers the
 * contract number so that equal last 6 characters on two contracts give unrelated values, and a
 * database dump without the key gives no way to test guesses offline. Nothing in the service needs the
 * full number back; {@link #reveal} exists for the start-up key check.
 */
@ApplicationScoped
public class BuyerIds {

    /** What a contract row stores instead of the number. */
    public record Protected(String encrypted, String masked, byte[] lookupMac) {
    }

    private final SecretKey encryption;
    private final SecretKey lookup;

    public BuyerIds(MasterKey key) {
        this.encryption = key.key(MasterKey.Purpose.BUYER_ID_ENCRYPTION);
        this.lookup = key.key(MasterKey.Purpose.BUYER_LOOKUP_MAC);
    }

    public Protected protect(String contractNo, String idNo) {
        return new Protected(AesGcm.encrypt(encryption, idNo, context(contractNo)), mask(idNo), lookupMac(contractNo, lastSix(idNo)));
    }

    /** The keyed hash a look-up compares: contract number, a newline, the given characters in upper case. */
    public byte[] lookupMac(String contractNo, String lastSix) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(lookup);
            return mac.doFinal((contractNo + "\n" + lastSix.toUpperCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The full number; throws {@link AesGcm.WrongKey} when the key does not fit. */
    String reveal(String contractNo, String encrypted) {
        return new String(AesGcm.decrypt(encryption, encrypted, context(contractNo)), StandardCharsets.UTF_8);
    }

    /** First 6 and last 4 characters kept, the rest replaced by {@code *} (all of it for 10 characters or fewer). */
    public static String mask(String idNo) {
        if (idNo.length() <= 10) {
            return "*".repeat(idNo.length());
        }
        return idNo.substring(0, 6) + "*".repeat(idNo.length() - 10) + idNo.substring(idNo.length() - 4);
    }

    /** The last 6 characters (the whole number when shorter), as the buyers' self-check asks for them. */
    static String lastSix(String idNo) {
        return idNo.length() <= 6 ? idNo : idNo.substring(idNo.length() - 6);
    }

    private static String context(String contractNo) {
        return "contract:" + contractNo;
    }
}

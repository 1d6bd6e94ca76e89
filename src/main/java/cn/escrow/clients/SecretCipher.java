package cn.escrow.clients;

import cn.escrow.platform.crypto.AesGcm;
import cn.escrow.platform.crypto.MasterKey;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.SecretKey;

/**
 * Encrypts client secrets at rest with AES-256-GCM under the service's key ({@link MasterKey}), so
 * that a database dump alone does not hand out the banks' signing secrets. That the key fits the
 * stored secrets is checked at start ({@link cn.escrow.platform.crypto.StoredKeyCheck}).
 */
@ApplicationScoped
public class SecretCipher {

    private final SecureRandom random = new SecureRandom();
    private final SecretKey key;

    public SecretCipher(MasterKey master) {
        this.key = master.key(MasterKey.Purpose.CLIENT_SECRETS);
    }

    /** A new secret: 32 bytes from a CSPRNG, as 64 lowercase hex characters. */
    public String newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public String encrypt(String secret) {
        return AesGcm.encrypt(key, secret, null);
    }

    public byte[] decrypt(String stored) {
        return AesGcm.decrypt(key, stored, null);
    }
}

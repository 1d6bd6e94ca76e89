package cn.escrow.clients;

import cn.escrow.platform.crypto.AesGcm;
import cn.escrow.platform.crypto.MasterKey;
import cn.escrow.platform.db.Sql;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * At start, before anything is served: every stored client secret (current and previous) must decrypt
 * with the configured key. Otherwise the service refuses to start with a message that says so, instead
 * of answering every signed request 500 (a lost or wrong key, or a second instance without the shared key).
 */
@Startup(StoredSecretsCheck.PRIORITY)
@ApplicationScoped
public class StoredSecretsCheck {

    /** Runs before other start-up work (lower runs first). */
    public static final int PRIORITY = 100;

    public StoredSecretsCheck(MasterKey key, SecretCipher cipher, Sql sql) {
        List<String> unreadable = new ArrayList<>();
        sql.list("SELECT client_id, secret_enc, previous_secret_enc FROM machine_client ORDER BY client_id", r -> {
            if (!decrypts(cipher, r.getString("secret_enc")) || !decrypts(cipher, r.getString("previous_secret_enc"))) {
                unreadable.add("the secret of client " + r.getString("client_id"));
            }
            return null;
        });
        if (!unreadable.isEmpty()) {
            throw key.cannotDecrypt(unreadable);
        }
    }

    private static boolean decrypts(SecretCipher cipher, String stored) {
        try {
            if (stored != null) {
                cipher.decrypt(stored);
            }
            return true;
        } catch (AesGcm.WrongKey e) {
            return false;
        }
    }
}

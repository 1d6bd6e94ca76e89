package cn.escrow.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.escrow.clients.SecretCipher;
import cn.escrow.clients.StoredSecretsCheck;
import cn.escrow.platform.db.Sql;
import cn.escrow.registry.BuyerIdProtection;
import cn.escrow.registry.BuyerIds;
import cn.escrow.support.Api;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The start-up checks against the database as it is (finding 5 of issue 14): a key that cannot decrypt
 * what is stored, or a key file gone while secrets are stored, stops the start with a message saying
 * so. bench/security-replay.sh shows the same refusal of the real jar.
 */
@QuarkusTest
class StoredKeyCheckTest {

    @Inject
    MasterKey configured;

    @Inject
    Sql sql;

    private static MasterKey otherKey() {
        return new MasterKey(Base64.getEncoder().encodeToString(new byte[32]), "ESCROW_SECRETS_ENCRYPTION_KEY");
    }

    @Test
    void shouldRefuseAKeyThatCannotDecryptTheStoredClientSecrets() {
        SignedClient bank = SignedClient.bank("ICBC");
        MasterKey wrong = otherKey();
        assertThatThrownBy(() -> new StoredSecretsCheck(wrong, new SecretCipher(wrong), sql))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start")
                .hasMessageContaining("cannot decrypt")
                .hasMessageContaining("No new key was made")
                .hasMessageContaining("ESCROW_SECRETS_ENCRYPTION_KEY")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(bank.secret));
        assertThatCode(() -> new StoredSecretsCheck(configured, new SecretCipher(configured), sql)).doesNotThrowAnyException();
    }

    @Test
    void shouldRefuseAKeyThatCannotDecryptTheStoredBuyerIdNumbers() {
        Api.contract(Api.project("ICBC").projectId(), "100.00", "100.00", "0", "NONE");
        MasterKey wrong = otherKey();
        assertThatThrownBy(() -> new BuyerIdProtection(new BuyerIds(wrong), wrong, sql))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start")
                .hasMessageContaining("buyer ID number of contract");
        assertThatCode(() -> new BuyerIdProtection(new BuyerIds(configured), configured, sql)).doesNotThrowAnyException();
    }

    @Test
    void shouldNotMakeANewKeyWhenTheKeyFileIsGoneButSecretsAreStored() {
        SignedClient.bank("ICBC");
        Path lost = Path.of("target", "lost-" + Api.next() + ".key");
        assertThatThrownBy(() -> MasterKey.refuseIfDataIsEncrypted(sql, lost))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start")
                .hasMessageContaining("is missing")
                .hasMessageContaining("Restore the key file");
        assertThat(Files.exists(lost)).isFalse();
    }
}

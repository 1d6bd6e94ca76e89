package cn.escrow.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The password rules of interface 1.1, and the first administrator's password under them (plain JUnit). */
class PasswordPolicyTest {

    @Test
    void shouldNameTheRuleEachWeakPasswordBreaks() {
        assertThat(PasswordPolicy.broken("zhang.san", "Short-1")).contains("must be at least 12 characters");
        // The attack of issue 14, finding 3: both were accepted.
        assertThat(PasswordPolicy.broken("zhang.san", "aaaaaaaaaaaa")).get().asString().startsWith("must mix at least 3 of");
        assertThat(PasswordPolicy.broken("zhang.san", "            ")).get().asString().startsWith("must mix at least 3 of");
        assertThat(PasswordPolicy.broken("zhang.san", "alllowercase-with-dashes")).get().asString().startsWith("must mix");
        assertThat(PasswordPolicy.broken("zhang.san", "x".repeat(129) + "A1")).contains("must be at most 128 characters");
        assertThat(PasswordPolicy.broken("zhang.san", "Tab\tin-the-Middle1")).contains("must not contain control characters");
        assertThat(PasswordPolicy.broken("zhang.san", "My-Zhang.San-2026")).contains("must not contain the username");
        assertThat(PasswordPolicy.broken("admin", "Bootstrap-ADMIN-99")).contains("must not contain the username");
    }

    @Test
    void shouldRefuseWellKnownPasswordsInAnyCaseAndWithTheUsualDecorations() {
        for (String weak : List.of("Password@123", "P@ssw0rd1234", "Admin@123456", "1qaz@WSX3edc", "!QAZ2wsx#EDC",
                "Qwer1234!@#$", "Aa123456789!", "Welcome#2026", "5201314Woaini!", "QWERTY123456!", "Huawei@12345",
                "Zhujianju@2025", "Escrow2026!!", "Passwordpassword1")) {
            assertThat(PasswordPolicy.broken("zhang.san", weak)).as(weak).contains("is a well-known weak password");
        }
        assertThat(PasswordPolicy.listSize()).isGreaterThan(200);
    }

    @Test
    void shouldAcceptPasswordsThatKeepEveryRule() {
        for (String good : List.of("Twelve-char5", "Correct-Horse-Battery-9", "青山绿水Abc-12345", "Password-Is-Long-Enough-1",
                "xK7#mQ2$pL9!", "Long-enough-Passphrase-7")) {
            assertThat(PasswordPolicy.broken("zhang.san", good)).as(good).isEmpty();
        }
    }

    @Test
    void shouldCountFourClasses() {
        assertThat(PasswordPolicy.classes("abc")).isEqualTo(1);
        assertThat(PasswordPolicy.classes("aB")).isEqualTo(2);
        assertThat(PasswordPolicy.classes("aB3")).isEqualTo(3);
        assertThat(PasswordPolicy.classes("aB3-")).isEqualTo(4);
        assertThat(PasswordPolicy.classes("青山3")).isEqualTo(2); // CJK letters count as "other"
        assertThat(PasswordPolicy.core("@@p@ssw0rd1234!")).isEqualTo("p@ssw0rd");
        assertThat(PasswordPolicy.core("1234!")).isEmpty();
    }

    @Test
    void shouldRefuseToStartWithAWeakConfiguredFirstPassword() {
        assertThatThrownBy(() -> BootstrapAdmin.check("admin-password-1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("escrow.bootstrap.admin-password").hasMessageContaining("ESCROW_BOOTSTRAP_ADMIN_PASSWORD")
                .hasMessageContaining("must not contain the username").hasMessageNotContaining("admin-password-1");
        assertThatThrownBy(() -> BootstrapAdmin.check("Password@2026")).hasMessageContaining("is a well-known weak password");
        BootstrapAdmin.check("Bootstrap-Secret-4-tests");
    }

    @Test
    void shouldGenerateFirstPasswordsThatKeepThePolicy() {
        for (int i = 0; i < 200; i++) {
            String generated = BootstrapAdmin.generate();
            assertThat(generated).hasSize(24);
            assertThat(PasswordPolicy.broken("admin", generated)).isEmpty();
        }
    }
}

package cn.escrow.people;

import cn.escrow.platform.EscrowConfig;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * bcrypt hashes of passwords at the configured cost ({@code escrow.security.bcrypt-cost}, 10 unless set; the tests
 * use 4). A stored hash carries its own cost, so hashes made at any cost keep verifying.
 */
@ApplicationScoped
public class PasswordHasher {

    private final int cost;
    /** Checked against when there is no real hash to check, so that every refusal takes as long as a real check. */
    private final String dummyHash;

    public PasswordHasher(EscrowConfig config) {
        this.cost = config.security().bcryptCost();
        if (cost < 4 || cost > 31) {
            throw new IllegalStateException("escrow.security.bcrypt-cost must be between 4 and 31, not " + cost);
        }
        this.dummyHash = hash("timing-equaliser-not-a-password");
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    public boolean matches(String password, String hash) {
        return BcryptUtil.matches(password, hash);
    }

    /** Spends the time of a check without one (an unknown user), and answers false. */
    public boolean spend(String password) {
        BcryptUtil.matches(password, dummyHash);
        return false;
    }
}

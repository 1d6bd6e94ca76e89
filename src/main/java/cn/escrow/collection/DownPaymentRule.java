package cn.escrow.collection;

import cn.escrow.platform.EscrowConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether a newly registered contract waits as PENDING_FUNDS for its down payment (Kunming 2020):
 * {@code escrow.filing.require-down-payment}, read once at start. Tests in this package may turn it for a flow without
 * booting another Quarkus profile; nothing else changes it.
 */
@ApplicationScoped
public class DownPaymentRule {

    private volatile boolean required;

    public DownPaymentRule(EscrowConfig config) {
        this.required = config.filing().requireDownPayment();
    }

    public boolean required() {
        return required;
    }

    /** For tests of this package: the rule on or off until set back. */
    void set(boolean on) {
        this.required = on;
    }
}

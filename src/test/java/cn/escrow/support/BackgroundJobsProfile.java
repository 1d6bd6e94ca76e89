package cn.escrow.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The one test profile besides the default: the scheduled jobs every second, one push writer, a short
 * push wait and small buyer look-up limits. Every test that needs one of these settings shares it, so the
 * suite boots Quarkus (and its PostgreSQL) twice in all rather than once per such test; the settings do not
 * disturb each other's tests (none of those tests files loan notices that fall due, opens rectifications or
 * looks buyers up, except the one that is about it).
 */
public class BackgroundJobsProfile implements QuarkusTestProfile {

    /** How long a push waits for its commit here; the timeout test expects exactly this. */
    public static final int PUSH_MAX_WAIT_SECONDS = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                // ScheduledSweepTest: the overdue sweep on its cron, looping over small batches, and giving signing back itself.
                Map.entry("escrow.overdue-sweep.cron", "* * * * * ?"),
                Map.entry("escrow.overdue-sweep.batch-size", "2"),
                Map.entry("escrow.signing.auto-reenable", "false"),
                // RectificationScheduleTest: the rectification sweep on its cron.
                Map.entry("escrow.rectification-sweep.cron", "* * * * * ?"),
                // PushCommitterTest, PushTimeoutTest: one writer, so that a held row lock stalls every push deterministically.
                Map.entry("escrow.bank-push.writers", "1"),
                Map.entry("escrow.bank-push.max-wait", "PT" + PUSH_MAX_WAIT_SECONDS + "S"),
                // BuyerLookupLimitsConfigTest: 1 free wrong guess per contract then an hour's wait, 4 requests per
                // address, and loopback (the tests' own address) as a trusted reverse proxy.
                Map.entry("escrow.buyer-lookup.free-failures-per-contract", "1"),
                Map.entry("escrow.buyer-lookup.first-delay", "PT1H"),
                Map.entry("escrow.buyer-lookup.max-delay", "PT2H"),
                Map.entry("escrow.buyer-lookup.max-requests-per-address", "4"),
                Map.entry("escrow.buyer-lookup.address-window", "PT2M"),
                Map.entry("escrow.http.trusted-proxies", "127.0.0.0/8,::1"));
    }
}

package cn.escrow.platform;

import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * Warnings that an attacker can cause at will (failed logins, refused cross-site requests), at most
 * {@code escrow.login.log-lines-per-minute} a minute per kind: a flood cannot fill the disk. What is held back is
 * counted and reported with the next line that gets through.
 */
public final class RateLimitedLog {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private final Logger log;
    private final int perMinute;
    private final LongSupplier nanoTime;
    private long windowStart;
    private int written;
    private long suppressed;

    public RateLimitedLog(Class<?> category, int perMinute) {
        this(category, perMinute, System::nanoTime);
    }

    RateLimitedLog(Class<?> category, int perMinute, LongSupplier nanoTime) {
        this.log = Logger.getLogger(category);
        this.perMinute = Math.max(1, perMinute);
        this.nanoTime = nanoTime;
        this.windowStart = nanoTime.getAsLong();
    }

    /** Starts a fresh minute (tests that read the log use it; what was held back is still reported). */
    public synchronized void startMinute() {
        windowStart = nanoTime.getAsLong();
        written = 0;
    }

    /** Logs the line as a warning unless this minute's allowance is spent. */
    public void warn(String format, Object... params) {
        long held;
        synchronized (this) {
            long now = nanoTime.getAsLong();
            if (now - windowStart >= MINUTE_NANOS) {
                windowStart = now;
                written = 0;
            }
            if (written >= perMinute) {
                suppressed++;
                return;
            }
            written++;
            held = suppressed;
            suppressed = 0;
        }
        String line = String.format(format, params);
        log.warn(held == 0 ? line : line + " (" + held + " similar lines held back)");
    }

    /** Text from a request made safe for one log line: printable ASCII only, at most 64 characters. */
    public static String printable(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length() && out.length() < 64; i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}

package cn.escrow.platform;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** The one clock of the service: system time shifted by {@code escrow.clock.offset}, in the service zone. */
@Startup
@ApplicationScoped
public class EscrowClock {

    private final Clock clock;
    private final ZoneId zone;

    public EscrowClock(EscrowConfig config) {
        Duration offset = config.clock().offset();
        this.zone = config.zone();
        this.clock = Clock.offset(Clock.system(zone), offset);
        if (!offset.isZero()) {
            Log.warnf("The service clock is shifted by %s (escrow.clock.offset): 'now' is not the real time", offset);
        }
    }

    public Instant now() {
        return clock.instant();
    }

    public ZoneId zone() {
        return zone;
    }

    /** Today's date in the service zone. */
    public LocalDate today() {
        return clock.instant().atZone(zone).toLocalDate();
    }

    /** Renders an instant in the service zone, as every response does. */
    public OffsetDateTime inZone(Instant instant) {
        return instant == null ? null : instant.atZone(zone).toOffsetDateTime();
    }
}

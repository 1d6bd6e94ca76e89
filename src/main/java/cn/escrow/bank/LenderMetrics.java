package cn.escrow.bank;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus figures per lender, recorded once the push that caused them has committed:
 * {@code escrow_loan_notice_lag_seconds} (a notice's receivedAt minus its disbursedAt: how late the lender
 * told us) and {@code escrow_loan_time_to_arrival_seconds} (from the notice's receivedAt to the booking of
 * the credit that completed it; 0 when the money was booked before the notice came). The timers of a
 * lender are built once and kept here, so a push pays a map lookup, not a registry lookup.
 */
@ApplicationScoped
public class LenderMetrics {

    /** A notice was stored: its lender, and how long after the disbursement it was pushed. */
    public record NoticeReceived(String lenderCode, Duration lag) {
    }

    /** A notice's money became complete: its lender, and the time from the notice to the completing booking. */
    public record FundsArrived(String lenderCode, Duration timeToArrival) {
    }

    private static final Duration[] LAG_BUCKETS = {Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7),
        Duration.ofDays(30)};
    private static final Duration[] ARRIVAL_BUCKETS = {Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(15),
        Duration.ofDays(25), Duration.ofDays(30), Duration.ofDays(31), Duration.ofDays(60)};

    private final MeterRegistry registry;
    private final Map<String, Timer> lags = new ConcurrentHashMap<>();
    private final Map<String, Timer> arrivals = new ConcurrentHashMap<>();

    public LenderMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void received(@Observes(during = TransactionPhase.AFTER_SUCCESS) NoticeReceived notice) {
        lags.computeIfAbsent(notice.lenderCode(), lender -> timer("escrow.loan.notice.lag",
                "How long after the loan was disbursed the lender pushed its notice", lender, LAG_BUCKETS))
                .record(nonNegative(notice.lag()), TimeUnit.NANOSECONDS);
    }

    void arrived(@Observes(during = TransactionPhase.AFTER_SUCCESS) FundsArrived arrival) {
        arrivals.computeIfAbsent(arrival.lenderCode(), lender -> timer("escrow.loan.time.to.arrival",
                "From a loan notice to the booking of the credit that completed its money", lender, ARRIVAL_BUCKETS))
                .record(nonNegative(arrival.timeToArrival()), TimeUnit.NANOSECONDS);
    }

    private Timer timer(String name, String description, String lender, Duration[] buckets) {
        return Timer.builder(name).description(description).tag("lender", lender).serviceLevelObjectives(buckets)
                .register(registry);
    }

    private static long nonNegative(Duration d) {
        return Math.max(0, d.toNanos());
    }
}

package cn.escrow.platform.error;

/** The caller went over a rate limit; not a bug: it may retry after {@code Retry-After} seconds. */
public class TooManyRequests extends ProblemException {
    private final long retryAfterSeconds;

    public TooManyRequests(String detail, long retryAfterSeconds) {
        super(detail);
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.TOO_MANY_REQUESTS, getMessage()).retryAfter(retryAfterSeconds);
    }
}

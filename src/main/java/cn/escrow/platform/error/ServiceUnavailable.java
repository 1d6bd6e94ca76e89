package cn.escrow.platform.error;

/** The service cannot take the request now (overloaded or stalled); the caller retries after Retry-After. */
public class ServiceUnavailable extends ProblemException {

    public ServiceUnavailable(String detail) {
        super(detail);
    }

    @Override
    public Problem problem() {
        return Problem.of(ProblemType.SERVICE_UNAVAILABLE, getMessage());
    }
}

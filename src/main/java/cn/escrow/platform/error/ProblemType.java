package cn.escrow.platform.error;

/** The problem types of the published interface, with their status and title. */
public enum ProblemType {
    MALFORMED_REQUEST("malformed-request", 400, "Malformed request"),
    VALIDATION_FAILED("validation-failed", 400, "Validation failed"),
    UNAUTHENTICATED("unauthenticated", 401, "Unauthenticated"),
    FORBIDDEN("forbidden", 403, "Forbidden"),
    PASSWORD_CHANGE_REQUIRED("password-change-required", 403, "Password change required"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    CONFLICT("conflict", 409, "Conflict"),
    IDEMPOTENCY_CONFLICT("idempotency-conflict", 409, "Serial number reused with different content"),
    SIGNING_DISABLED("signing-disabled", 409, "Online signing is disabled for this project"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    UNKNOWN_REFERENCE("unknown-reference", 422, "Unknown reference"),
    ACCOUNT_NAME_NONSTANDARD("account-name-nonstandard", 422, "Supervised account name breaks the naming rule"),
    LOAN_MISMATCH("loan-mismatch", 422, "The loan notice does not fit its contract"),
    ACCOUNT_CLOSED("account-closed", 409, "The supervised account is closed"),
    PAYMENT_NOTICE_MISMATCH("payment-notice-mismatch", 422, "The credit does not fit the payment notice it names"),
    CATEGORY_BANNED("category-banned", 422, "Key money may not pay for this spending category"),
    TOO_MANY_REQUESTS("too-many-requests", 429, "Too many requests"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service unavailable");

    public final String slug;
    public final int status;
    public final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }
}

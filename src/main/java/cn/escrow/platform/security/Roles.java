package cn.escrow.platform.security;

/** The roles of people, as used in {@code @RolesAllowed}. ENTERPRISE and MONITOR are never combined with another. */
public final class Roles {
    public static final String ADMIN = "ADMIN";
    public static final String SUPERVISOR = "SUPERVISOR";
    public static final String AUDITOR = "AUDITOR";
    public static final String ENTERPRISE = "ENTERPRISE";
    /** A metrics scraper: reads {@code /q/metrics} and nothing else. */
    public static final String MONITOR = "MONITOR";

    private Roles() {
    }
}

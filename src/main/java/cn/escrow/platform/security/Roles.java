package cn.escrow.platform.security;

/** The roles of people, as used in {@code @RolesAllowed}. */
public final class Roles {
    public static final String ADMIN = "ADMIN";
    public static final String SUPERVISOR = "SUPERVISOR";
    public static final String AUDITOR = "AUDITOR";
    public static final String ENTERPRISE = "ENTERPRISE";

    private Roles() {
    }
}

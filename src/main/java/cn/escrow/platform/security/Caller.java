package cn.escrow.platform.security;

import java.util.Set;

/**
 * Who is calling: a person (Basic) with roles and, for enterprise staff, their enterprise; or a
 * machine client (signature) with its kind and, for banks and fund centres, its institution code. Services take it to
 * make object-level decisions and to name the actor in the audit trail.
 */
public record Caller(String actor, Set<String> roles, Long enterpriseId, ClientKind clientKind, String bankCode,
                     DivisionScope divisions) {

    public enum ClientKind { BANK, SIGNING_SYSTEM, PROVIDENT_FUND_CENTER }

    public static Caller person(String username, Set<String> roles, Long enterpriseId) {
        return person(username, roles, enterpriseId, DivisionScope.ALL);
    }

    public static Caller person(String username, Set<String> roles, Long enterpriseId, DivisionScope divisions) {
        return new Caller(username, Set.copyOf(roles), enterpriseId, null, null, divisions);
    }

    public static Caller client(String clientId, ClientKind kind, String bankCode) {
        return new Caller("client:" + clientId, Set.of(), null, kind, bankCode, DivisionScope.ALL);
    }

    public static Caller system() {
        return new Caller("system", Set.of(), null, null, null, DivisionScope.ALL);
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean hasAny(String... wanted) {
        for (String role : wanted) {
            if (roles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    public boolean isClient(ClientKind kind) {
        return clientKind == kind;
    }

    /**
     * An ENTERPRISE user: sees and acts only within its own enterprise. The role combines with no other (the
     * database refuses it), and the scope holds whatever else a caller might hold.
     */
    public boolean isEnterpriseOnly() {
        return has(Roles.ENTERPRISE);
    }

    /** Whether a project of this enterprise and division is within the caller's scope (enterprise and divisions). */
    public boolean sees(long projectEnterpriseId, String projectDivision) {
        return (!isEnterpriseOnly() || Long.valueOf(projectEnterpriseId).equals(enterpriseId))
                && divisions.covers(projectDivision);
    }
}

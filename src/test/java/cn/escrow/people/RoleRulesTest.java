package cn.escrow.people;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The role rules of interface 1.1 (issue 14, finding 2: an ENTERPRISE + SUPERVISOR user applied for a release on
 * another enterprise's project and approved it; an AUDITOR + ENTERPRISE user created a release).
 */
@QuarkusTest
class RoleRulesTest {

    @Test
    void shouldRefuseEnterpriseOrMonitorCombinedWithAnyOtherRole() {
        long enterpriseId = Api.enterprise();
        for (List<String> roles : List.of(List.of("ENTERPRISE", "SUPERVISOR"), List.of("AUDITOR", "ENTERPRISE"),
                List.of("ENTERPRISE", "ADMIN"), List.of("MONITOR", "ADMIN"), List.of("MONITOR", "AUDITOR"), List.of("MONITOR", "ENTERPRISE"))) {
            String username = "mixed-" + Api.next();
            Map<String, Object> body = roles.contains("ENTERPRISE")
                    ? Map.of("username", username, "password", Api.PASSWORD, "roles", roles, "enterpriseId", enterpriseId)
                    : Map.of("username", username, "password", Api.PASSWORD, "roles", roles);
            Api.admin().body(body).post("/api/v1/users").then().statusCode(400).contentType("application/problem+json")
                    .body("type", equalTo("/problems/validation-failed")).body("violations.field", hasItem("roles"))
                    .body("violations.message", hasItem("ENTERPRISE and MONITOR cannot be combined with another role"));
            given().auth().preemptive().basic(username, Api.PASSWORD).get("/api/v1/enterprises").then().statusCode(401);
        }
        Api.admin().body(Map.of("username", "monitor-" + Api.next(), "password", Api.PASSWORD, "roles", List.of("MONITOR"),
                "enterpriseId", enterpriseId)).post("/api/v1/users").then().statusCode(400).body("violations.field", hasItem("enterpriseId"));
        // The bureau's own roles still combine.
        Api.admin().body(Map.of("username", "staff-" + Api.next(), "password", Api.PASSWORD,
                "roles", List.of("ADMIN", "SUPERVISOR", "AUDITOR"))).post("/api/v1/users").then().statusCode(201);
    }

    @Test
    void shouldHaveTheDatabaseRefuseMixedRolesToo() {
        long enterpriseId = Api.enterprise();
        for (String roles : List.of("ENTERPRISE,SUPERVISOR", "AUDITOR,ENTERPRISE", "ADMIN,MONITOR", "MONITOR,MONITOR")) {
            assertThatThrownBy(() -> Db.update("INSERT INTO app_user (username, password_hash, roles, enterprise_id, created_at)"
                    + " VALUES (?, 'x', ?, ?, now())", "raw-" + Api.next(), roles, roles.contains("ENTERPRISE") ? enterpriseId : null))
                    .as(roles).hasMessageContaining("app_user_roles");
        }
    }

    @Test
    void shouldGiveAMonitorNothingButTheMetrics() {
        String monitor = Api.user("MONITOR", null);
        given().auth().preemptive().basic(monitor, Api.PASSWORD).get("/q/metrics").then().statusCode(200);
        for (String path : List.of("/api/v1/enterprises", "/api/v1/projects", "/api/v1/contracts", "/api/v1/audit-events",
                "/api/v1/alerts", "/api/v1/users", "/api/v1/construction-nodes", "/api/v1/projects/1/signing-status")) {
            Response r = given().auth().preemptive().basic(monitor, Api.PASSWORD).get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.jsonPath().getString("type")).as(path).isEqualTo("/problems/forbidden");
        }
        given().auth().preemptive().basic(monitor, Api.PASSWORD).contentType("application/json")
                .body(Map.of("name", "x", "creditCode", Api.creditCode())).post("/api/v1/enterprises").then().statusCode(403);
    }

    /**
     * An older database with a mixed user is migrated: the user keeps only ENTERPRISE, and the change is an audit event.
     * Runs the real migrations in a schema of its own, up to V7, then on to V9.
     */
    @Test
    void shouldNarrowMixedUsersOfAnOlderDatabase() throws Exception {
        String schema = "v9_check_" + Api.next();
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        // Migrations run as the schema's owner where it has a role of its own (quarkus.flyway.username).
        String user = config.getOptionalValue("quarkus.flyway.username", String.class)
                .orElseGet(() -> config.getValue("quarkus.datasource.username", String.class));
        String password = config.getOptionalValue("quarkus.flyway.password", String.class)
                .orElseGet(() -> config.getValue("quarkus.datasource.password", String.class));
        try {
            migrate(url, user, password, schema, "7");
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("INSERT INTO " + schema + ".enterprise (name, credit_code, created_at) VALUES ('旧企业', '91530100000000001X', now())");
                s.execute("INSERT INTO " + schema + ".app_user (username, password_hash, roles, enterprise_id, created_at) VALUES"
                        + " ('mixed-one', 'h', 'ENTERPRISE,SUPERVISOR', (SELECT id FROM " + schema + ".enterprise), now()),"
                        + " ('mixed-two', 'h', 'AUDITOR,ENTERPRISE', (SELECT id FROM " + schema + ".enterprise), now()),"
                        + " ('plain-staff', 'h', 'ADMIN,SUPERVISOR', NULL, now())");
            }
            migrate(url, user, password, schema, "9");
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                assertThat(rows(s, "SELECT username || '=' || roles || '/' || enabled || '/' || (password_changed_at = created_at)"
                        + " FROM " + schema + ".app_user ORDER BY username"))
                        .containsExactly("mixed-one=ENTERPRISE/true/true", "mixed-two=ENTERPRISE/true/true", "plain-staff=ADMIN,SUPERVISOR/true/true");
                assertThat(rows(s, "SELECT subject || ' ' || (details->>'previousRoles') || ' ' || actor FROM " + schema
                        + ".audit_event WHERE action = 'USER_ROLES_NARROWED' ORDER BY id"))
                        .containsExactly("user:mixed-one ENTERPRISE,SUPERVISOR system", "user:mixed-two AUDITOR,ENTERPRISE system");
            }
        } finally {
            try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static void migrate(String url, String user, String password, String schema, String target) {
        Flyway.configure().dataSource(url, user, password).schemas(schema).locations("classpath:db/migration").target(target)
                .load().migrate();
    }

    private static List<String> rows(Statement s, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}

package cn.escrow.people;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.NoLeaks;
import io.agroal.api.AgroalDataSource;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserApiTest {

    @Inject
    AgroalDataSource dataSource;

    private static String newUsername() {
        return "user-" + Api.next();
    }

    @Test
    void shouldCreateUserAndLetItSignIn() {
        String username = newUsername();
        Response created = Api.admin()
                .body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("SUPERVISOR", "AUDITOR")))
                .post("/api/v1/users");
        created.then().statusCode(201)
                .contentType("application/json")
                .body("username", equalTo(username))
                .body("roles", containsInAnyOrder("SUPERVISOR", "AUDITOR"))
                .body("enterpriseId", nullValue());

        Api.as(username).get("/api/v1/enterprises").then().statusCode(200);
        given().auth().preemptive().basic(username, Api.PASSWORD + "x").get("/api/v1/enterprises").then().statusCode(401)
                .body("type", equalTo("/problems/unauthenticated"));
    }

    @Test
    void shouldCreateEnterpriseUserWithItsEnterprise() {
        long enterpriseId = Api.enterprise();
        String username = newUsername();
        Api.admin()
                .body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("ENTERPRISE"),
                        "enterpriseId", enterpriseId))
                .post("/api/v1/users").then().statusCode(201)
                .body("username", equalTo(username))
                .body("roles", contains("ENTERPRISE"))
                .body("enterpriseId", equalTo((int) enterpriseId));
    }

    @Test
    void shouldStorePasswordHashedAndNeverShowTheHash() throws Exception {
        String username = newUsername();
        Response created = Api.admin()
                .body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("AUDITOR")))
                .post("/api/v1/users");
        created.then().statusCode(201);
        Response duplicate = Api.admin()
                .body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("AUDITOR")))
                .post("/api/v1/users");
        duplicate.then().statusCode(409);

        String hash;
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT password_hash FROM app_user WHERE username = ?")) {
            s.setString(1, username);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                hash = rs.getString(1);
            }
        }
        assertThat(hash).isNotEqualTo(Api.PASSWORD).doesNotContain(Api.PASSWORD).startsWith("$2");

        for (Response r : List.of(created, duplicate)) {
            assertThat(r.asString()).doesNotContain(hash).doesNotContain(hash.substring(7)).doesNotContain(Api.PASSWORD)
                    .doesNotContainIgnoringCase("password");
        }
    }

    @Test
    void shouldRefuseShortPassword() {
        Response r = Api.admin()
                .body(Map.of("username", newUsername(), "password", "elevenchars", "roles", List.of("AUDITOR")))
                .post("/api/v1/users");
        r.then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation-failed"))
                .body("violations.field", hasItem("password"));
        assertThat(r.asString()).doesNotContain("elevenchars");

        // Exactly 12 characters is enough.
        Api.admin().body(Map.of("username", newUsername(), "password", "Twelve-char5", "roles", List.of("AUDITOR")))
                .post("/api/v1/users").then().statusCode(201);
    }

    @Test
    void shouldRequireEnterpriseIdForEnterpriseRole() {
        String username = newUsername();
        Api.admin().body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("ENTERPRISE")))
                .post("/api/v1/users").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation-failed"))
                .body("violations.field", hasItem("enterpriseId"));
        // Nothing was stored: the same username can still be created properly.
        Api.admin().body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("ENTERPRISE"),
                        "enterpriseId", Api.enterprise()))
                .post("/api/v1/users").then().statusCode(201);
    }

    @Test
    void shouldRefuseUnknownEnterprise() {
        Api.admin().body(Map.of("username", newUsername(), "password", Api.PASSWORD, "roles", List.of("ENTERPRISE"),
                        "enterpriseId", 987_654_321_012L))
                .post("/api/v1/users").then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unknown-reference"))
                .body("status", equalTo(422));
    }

    @Test
    void shouldRefuseDuplicateUsername() {
        String username = newUsername();
        Api.admin().body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("AUDITOR")))
                .post("/api/v1/users").then().statusCode(201);
        Response r = Api.admin().body(Map.of("username", username, "password", "Another-Long-Secret-9", "roles", List.of("SUPERVISOR")))
                .post("/api/v1/users");
        r.then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/conflict"));
        NoLeaks.assertProblemWithoutLeaks(r);
        // The first user's password still works; the second request changed nothing.
        Api.as(username).get("/api/v1/enterprises").then().statusCode(200);
        Api.as(username).body(Map.of("name", "x", "creditCode", Api.creditCode())).post("/api/v1/enterprises")
                .then().statusCode(403);
    }

    @Test
    void shouldLetOnlyAdminsCreateUsers() {
        String username = newUsername();
        Api.supervisor().body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("ADMIN")))
                .post("/api/v1/users").then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"));
        Api.as(Api.user("AUDITOR", null))
                .body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("ADMIN")))
                .post("/api/v1/users").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        // The refused user does not exist.
        given().auth().preemptive().basic(username, Api.PASSWORD).get("/api/v1/enterprises").then().statusCode(401);
    }

    @Test
    void shouldRequireAuthentication() {
        String username = newUsername();
        given().contentType("application/json")
                .body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("ADMIN")))
                .post("/api/v1/users").then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthenticated"))
                .body("status", equalTo(401));
        given().auth().preemptive().basic("admin", "not-the-admin-password").contentType("application/json")
                .body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("ADMIN")))
                .post("/api/v1/users").then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthenticated"));
        given().auth().preemptive().basic(username, Api.PASSWORD).get("/api/v1/enterprises").then().statusCode(401);
    }

    /** The hashing cost is a setting (4 in the tests): hashes made at another cost, production's 10 say, keep verifying. */
    @Test
    void shouldVerifyStoredHashesWhateverTheirCost() {
        for (int cost : new int[] {5, 10}) {
            String username = newUsername();
            Db.update("INSERT INTO app_user (username, password_hash, roles, created_at) VALUES (?, ?, 'AUDITOR', now())",
                    username, BcryptUtil.bcryptHash(Api.PASSWORD, cost));
            Api.as(username).get("/api/v1/enterprises").then().statusCode(200);
            given().auth().preemptive().basic(username, Api.PASSWORD + "x").get("/api/v1/enterprises").then().statusCode(401);
        }
        // New hashes use the configured cost (escrow.security.bcrypt-cost=4 in the tests).
        String username = Api.user("AUDITOR", null);
        assertThat(Db.strings("SELECT password_hash FROM app_user WHERE username = ?", username).get(0)).startsWith("$2a$04$");
    }
}

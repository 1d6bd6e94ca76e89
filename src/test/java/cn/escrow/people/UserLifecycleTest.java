package cn.escrow.people;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The account lifecycle of interface 1.1 (issue 14, finding 3: there was no way to list or disable a person). */
@QuarkusTest
class UserLifecycleTest {

    private static Response as(String username, String password) {
        return given().auth().preemptive().basic(username, password).contentType(ContentType.JSON).get("/api/v1/enterprises");
    }

    private static long audits(String action, String username) {
        return Db.count("SELECT count(*) FROM audit_event WHERE action = ? AND subject = ?", action, "user:" + username);
    }

    @Test
    void shouldListAndShowAccountsToAdminsOnly() {
        String auditor = Api.user("AUDITOR", null);
        Api.as(auditor).get("/api/v1/enterprises").then().statusCode(200);

        JsonPath one = Api.admin().get("/api/v1/users/" + auditor).then().statusCode(200).extract().jsonPath();
        assertThat(one.getMap("")).containsOnlyKeys("username", "roles", "enterpriseId", "divisions", "enabled", "lockedUntil", "lastLoginAt",
                "passwordChangedAt", "mustChangePassword");
        assertThat(one.getString("username")).isEqualTo(auditor);
        assertThat(one.getList("roles")).containsExactly("AUDITOR");
        assertThat(one.getBoolean("enabled")).isTrue();
        assertThat(one.getString("lockedUntil")).isNull();
        assertThat(one.getString("lastLoginAt")).endsWith("+08:00");
        assertThat(one.getString("passwordChangedAt")).endsWith("+08:00");
        assertThat(one.getBoolean("mustChangePassword")).isFalse();

        Response page = Api.admin().get("/api/v1/users?size=2&page=0");
        page.then().statusCode(200);
        long total = Long.parseLong(page.header("X-Total-Count"));
        assertThat(total).isEqualTo(Db.count("SELECT count(*) FROM app_user"));
        assertThat(page.jsonPath().getList("username")).hasSize(2).isSorted();
        assertThat(page.asString()).doesNotContainIgnoringCase("hash").doesNotContain("$2");
        Api.admin().get("/api/v1/users?size=201").then().statusCode(400).body("type", equalTo("/problems/validation-failed"));

        Api.as(auditor).get("/api/v1/users").then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        Api.as(auditor).get("/api/v1/users/" + auditor).then().statusCode(403);
        Api.admin().get("/api/v1/users/no-such-user-" + Api.next()).then().statusCode(404).body("type", equalTo("/problems/not-found"));
        given().get("/api/v1/users").then().statusCode(401);
    }

    @Test
    void shouldRefuseADisabledPersonUntilEnabledAgain() {
        String supervisor = Api.user("SUPERVISOR", null);
        Api.as(supervisor).get("/api/v1/enterprises").then().statusCode(200);

        Api.admin().post("/api/v1/users/" + supervisor + "/disablement").then().statusCode(200)
                .body("username", equalTo(supervisor)).body("enabled", equalTo(false));
        Api.as(supervisor).get("/api/v1/enterprises").then().statusCode(401).body("type", equalTo("/problems/unauthenticated"));
        Api.as(supervisor).body(Map.of("name", "x", "creditCode", Api.creditCode())).post("/api/v1/enterprises").then().statusCode(401);
        // Twice changes nothing more.
        Api.admin().post("/api/v1/users/" + supervisor + "/disablement").then().statusCode(200).body("enabled", equalTo(false));
        assertThat(audits("USER_DISABLED", supervisor)).isEqualTo(1);

        Api.admin().delete("/api/v1/users/" + supervisor + "/disablement").then().statusCode(200).body("enabled", equalTo(true));
        Api.as(supervisor).get("/api/v1/enterprises").then().statusCode(200);
        assertThat(audits("USER_ENABLED", supervisor)).isEqualTo(1);

        Api.as(supervisor).post("/api/v1/users/admin/disablement").then().statusCode(403);
        Api.admin().post("/api/v1/users/no-such-user-" + Api.next() + "/disablement").then().statusCode(404);
    }

    @Test
    void shouldNeverDisableTheLastEnabledAdmin() {
        String second = Api.user("ADMIN", null);
        // Every other administrator is disabled for the test (and enabled again after).
        List<String> others = Db.strings("SELECT username FROM app_user WHERE roles LIKE '%ADMIN%' AND enabled AND username NOT IN ('admin', ?)",
                second);
        others.forEach(u -> Db.update("UPDATE app_user SET enabled = false WHERE username = ?", u));
        try {
            Api.as(second).post("/api/v1/users/admin/disablement").then().statusCode(200).body("enabled", equalTo(false));
            Api.as(second).post("/api/v1/users/" + second + "/disablement").then().statusCode(409)
                    .body("type", equalTo("/problems/conflict"));
            Api.as(second).get("/api/v1/users/" + second).then().statusCode(200).body("enabled", equalTo(true));
            Api.as(second).delete("/api/v1/users/admin/disablement").then().statusCode(200);
            Api.admin().post("/api/v1/users/" + second + "/disablement").then().statusCode(200);
        } finally {
            Db.update("UPDATE app_user SET enabled = true WHERE username = 'admin'");
            others.forEach(u -> Db.update("UPDATE app_user SET enabled = true WHERE username = ?", u));
        }
    }

    @Test
    void shouldMakeAResetPasswordChangedBeforeAnythingElse() {
        String supervisor = Api.user("SUPERVISOR", null);
        String temporary = "Temporary-Reset-55";
        Api.admin().body(Map.of("newPassword", "password1234")).post("/api/v1/users/" + supervisor + "/password-resets").then()
                .statusCode(400).body("type", equalTo("/problems/validation-failed")).body("violations.field", hasItem("newPassword"));
        Api.admin().body(Map.of("newPassword", temporary)).post("/api/v1/users/" + supervisor + "/password-resets").then()
                .statusCode(204);
        as(supervisor, Api.PASSWORD).then().statusCode(401);
        Api.admin().get("/api/v1/users/" + supervisor).then().body("mustChangePassword", equalTo(true));

        // Everything but the own change answers 403 password-change-required, whatever the endpoint and role.
        for (Response r : List.of(as(supervisor, temporary),
                given().auth().preemptive().basic(supervisor, temporary).contentType(ContentType.JSON)
                        .body(Map.of("name", "x", "creditCode", Api.creditCode())).post("/api/v1/enterprises"),
                given().auth().preemptive().basic(supervisor, temporary).get("/api/v1/users"),
                given().auth().preemptive().basic(supervisor, temporary).get("/api/v1/projects/1/signing-status"),
                given().auth().preemptive().basic(supervisor, temporary).get("/q/metrics"))) {
            r.then().statusCode(403).contentType("application/problem+json").body("type", equalTo("/problems/password-change-required"));
        }

        String chosen = "Chosen-By-Myself-42";
        change(supervisor, temporary, "Wrong-Current-Pass-1", chosen).then().statusCode(400)
                .body("violations.field", contains("currentPassword"));
        change(supervisor, temporary, temporary, temporary).then().statusCode(400)
                .body("violations.message", hasItem("must differ from the current password"));
        change(supervisor, temporary, temporary, supervisor + "-Pass-1").then().statusCode(400)
                .body("violations.message", hasItem("must not contain the username"));
        change(supervisor, temporary, temporary, chosen).then().statusCode(204);

        as(supervisor, chosen).then().statusCode(200);
        as(supervisor, temporary).then().statusCode(401);
        Api.admin().get("/api/v1/users/" + supervisor).then().body("mustChangePassword", equalTo(false))
                .body("passwordChangedAt", notNullValue());
        assertThat(audits("PASSWORD_RESET", supervisor)).isEqualTo(1);
        assertThat(audits("PASSWORD_CHANGED", supervisor)).isEqualTo(1);
        assertThat(Db.strings("SELECT details::text FROM audit_event WHERE subject = ?", "user:" + supervisor))
                .noneMatch(d -> d.contains(temporary) || d.contains(chosen) || d.contains("Wrong-Current"));
    }

    @Test
    void shouldLetEveryPersonChangeTheirOwnPassword() {
        String monitor = Api.user("MONITOR", null);
        String next = "Scraper-Rotated-2026";
        change(monitor, Api.PASSWORD, Api.PASSWORD, next).then().statusCode(204);
        given().auth().preemptive().basic(monitor, next).get("/q/metrics").then().statusCode(200);
        given().auth().preemptive().basic(monitor, Api.PASSWORD).get("/q/metrics").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of("currentPassword", next, "newPassword", "Another-Choice-77"))
                .put("/api/v1/users/me/password").then().statusCode(401);
        change(monitor, next, next, "short").then().statusCode(400).body("violations.message", hasItem("must be at least 12 characters"));
    }

    @Test
    void shouldEndALockoutOnAnAdminsWord() {
        String auditor = Api.user("AUDITOR", null);
        for (int i = 0; i < 5; i++) {
            as(auditor, "Wrong-Guess-" + i).then().statusCode(401);
        }
        as(auditor, Api.PASSWORD).then().statusCode(401);
        Api.admin().get("/api/v1/users/" + auditor).then().statusCode(200).body("lockedUntil", notNullValue());
        Api.admin().delete("/api/v1/users/" + auditor + "/lock").then().statusCode(204);
        as(auditor, Api.PASSWORD).then().statusCode(200);
        Api.admin().get("/api/v1/users/" + auditor).then().body("lockedUntil", nullValue());
        assertThat(audits("USER_UNLOCKED", auditor)).isEqualTo(1);
        Api.as(auditor).delete("/api/v1/users/" + auditor + "/lock").then().statusCode(403);
    }

    private static Response change(String username, String password, String current, String next) {
        return given().auth().preemptive().basic(username, password).contentType(ContentType.JSON)
                .body(Map.of("currentPassword", current, "newPassword", next)).put("/api/v1/users/me/password");
    }
}

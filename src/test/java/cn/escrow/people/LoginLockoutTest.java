package cn.escrow.people;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Login defence (issue 14, finding 3: 100 wrong passwords in 21 s, then the right one answered 200, unrecorded). */
@QuarkusTest
class LoginLockoutTest {

    @Inject
    Logins logins;

    private static Response login(String username, String password) {
        return given().auth().preemptive().basic(username, password).get("/api/v1/enterprises");
    }

    private static long events(String action, String username) {
        return Db.count("SELECT count(*) FROM audit_event WHERE action = ? AND subject = ?", action, "user:" + username);
    }

    @Test
    void shouldRefuseTheRightPasswordAfterAHundredWrongOnes() {
        String auditor = Api.user("AUDITOR", null);
        for (int i = 0; i < 100; i++) {
            login(auditor, "Wrong-Guess-" + i).then().statusCode(401).contentType("application/problem+json")
                    .body("type", equalTo("/problems/unauthenticated"));
        }
        Response rightOne = login(auditor, Api.PASSWORD);
        rightOne.then().statusCode(401).body("type", equalTo("/problems/unauthenticated"));
        // The same body as any wrong password: a locked account is not told apart.
        assertThat(rightOne.asString()).isEqualTo(login("no-such-user-" + Api.next(), Api.PASSWORD).asString());

        // Five failures counted, one lockout; the guesses while locked change nothing.
        assertThat(events("LOGIN_FAILED", auditor)).isEqualTo(5);
        assertThat(events("USER_LOCKED", auditor)).isEqualTo(1);
        assertThat(Db.count("SELECT failed_logins FROM app_user WHERE username = ?", auditor)).isEqualTo(5);
        assertThat(Db.count("SELECT count(*) FROM app_user WHERE username = ? AND locked_until BETWEEN now() + interval '14 minutes'"
                + " AND now() + interval '15 minutes'", auditor)).isEqualTo(1);
        // Never the password tried, in the audit trail or anywhere in the user's row.
        List<String> details = Db.strings("SELECT actor || ' ' || details::text FROM audit_event WHERE subject = ?", "user:" + auditor);
        assertThat(details).hasSize(7).noneMatch(d -> d.contains("Wrong-Guess") || d.contains(Api.PASSWORD));
        assertThat(details).anyMatch(d -> d.contains("\"address\"") && d.contains("\"failuresInARow\": 5"));
    }

    @Test
    void shouldCountOnlyFailuresInARowAndStartAgainAfterALockout() {
        String supervisor = Api.user("SUPERVISOR", null);
        for (int i = 0; i < 4; i++) {
            login(supervisor, "Wrong-Guess-" + i).then().statusCode(401);
        }
        login(supervisor, Api.PASSWORD).then().statusCode(200);
        assertThat(Db.count("SELECT failed_logins FROM app_user WHERE username = ?", supervisor)).isZero();
        for (int i = 0; i < 4; i++) {
            login(supervisor, "Wrong-Guess-" + i).then().statusCode(401);
        }
        login(supervisor, Api.PASSWORD).then().statusCode(200);

        for (int i = 0; i < 5; i++) {
            login(supervisor, "Wrong-Guess-" + i).then().statusCode(401);
        }
        login(supervisor, Api.PASSWORD).then().statusCode(401);
        // Fifteen minutes later (moved in the database: the lockout is a time in app_user) the right password works again,
        assertThat(Db.update("UPDATE app_user SET locked_until = now() - interval '1 second' WHERE username = ?", supervisor)).isEqualTo(1);
        login(supervisor, Api.PASSWORD).then().statusCode(200);
        // and a wrong one after an ended lockout starts a new count rather than locking at once.
        Db.update("UPDATE app_user SET locked_until = now() - interval '1 second', failed_logins = 5 WHERE username = ?", supervisor);
        login(supervisor, "Wrong-Again-1").then().statusCode(401);
        login(supervisor, Api.PASSWORD).then().statusCode(200);
        assertThat(events("USER_LOCKED", supervisor)).isEqualTo(1);
    }

    @Test
    void shouldKeepTheSuccessPathFreeOfWrites() {
        String auditor = Api.user("AUDITOR", null);
        login(auditor, Api.PASSWORD).then().statusCode(200); // the first login notes lastLoginAt
        String version = Db.strings("SELECT xmin::text FROM app_user WHERE username = ?", auditor).get(0);
        for (int i = 0; i < 5; i++) {
            login(auditor, Api.PASSWORD).then().statusCode(200);
        }
        assertThat(Db.strings("SELECT xmin::text FROM app_user WHERE username = ?", auditor)).containsExactly(version);
        assertThat(Db.count("SELECT count(*) FROM app_user WHERE username = ? AND last_login_at IS NOT NULL", auditor)).isEqualTo(1);
    }

    @Test
    void shouldLogFailedLoginsWithUsernameAndAddressButNoPasswordAndNotWithoutLimit() {
        logins.log().startMinute(); // other tests' failures may have spent this minute's lines
        try (LogCapture log = LogCapture.of(Logins.class)) {
            List<String> lines = log.lines();
            String auditor = Api.user("AUDITOR", null);
            String unknown = "nobody-" + Api.next();
            login(auditor, "Secret-Guess-0").then().statusCode(401);
            login(unknown, "Secret-Guess-1").then().statusCode(401);
            assertThat(lines).anyMatch(l -> l.contains("'" + auditor + "'") && l.matches(".* from (127\\.0\\.0\\.1|[0:]+1|::1):.*"));
            assertThat(lines).anyMatch(l -> l.contains("'" + unknown + "'") && l.contains("no such user"));
            // A flood: at most escrow.login.log-lines-per-minute (60) lines a minute get through.
            for (int i = 0; i < 150; i++) {
                login(unknown, "Secret-Guess-" + i).then().statusCode(401);
            }
            assertThat(lines).hasSizeLessThanOrEqualTo(60).noneMatch(l -> l.contains("Secret-Guess"));
        }
    }
}

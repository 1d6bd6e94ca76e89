package cn.escrow.platform.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Metrics for MONITOR and ADMIN only, and the security headers on every kind of answer (issue 14). */
@QuarkusTest
class HttpHardeningTest {

    @Test
    void shouldServeMetricsToMonitorsAndAdminsOnly() {
        // Issue 14: /q/metrics was public and named the banks.
        given().get("/q/metrics").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Basic")).body("type", equalTo("/problems/unauthenticated"));
        given().auth().preemptive().basic("admin", "Not-The-Password-1").get("/q/metrics").then().statusCode(401);
        for (String role : List.of("SUPERVISOR", "AUDITOR")) {
            Api.as(Api.user(role, null)).get("/q/metrics").then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        }
        String monitor = Api.user("MONITOR", null);
        Response scraped = given().auth().preemptive().basic(monitor, Api.PASSWORD).get("/q/metrics");
        scraped.then().statusCode(200).header("Cache-Control", "no-store");
        assertThat(scraped.asString()).contains("# TYPE");
        given().auth().preemptive().basic("admin", Api.ADMIN_PASSWORD).get("/q/metrics").then().statusCode(200);
    }

    @Test
    void shouldSendTheSecurityHeadersOnEveryKindOfAnswer() {
        List<Response> answers = List.of(
                Api.supervisor().get("/api/v1/enterprises"),                        // a resource
                given().get("/api/v1/enterprises"),                                 // an authentication refusal
                Api.supervisor().body("{").post("/api/v1/enterprises"),             // a mapper's problem
                Api.supervisor().get("/api/v1/no-such-thing"),                      // not found
                Api.supervisor().header("Origin", "https://evil.example").body(Map.of()).post("/api/v1/enterprises"), // a route filter
                given().get("/q/health/ready"));
        for (Response r : answers) {
            r.then().header("X-Content-Type-Options", "nosniff").header("Strict-Transport-Security", "max-age=31536000");
        }
        for (Response r : answers.subList(0, 5)) {
            r.then().header("Cache-Control", "no-store");
        }
    }

    @Test
    void shouldNotBuildLocationFromTheRequestsHost() {
        String username = "located-" + Api.next();
        Response created = Api.admin().header("Host", "evil.example:8443")
                .body(Map.of("username", username, "password", Api.PASSWORD, "roles", List.of("AUDITOR"))).post("/api/v1/users");
        created.then().statusCode(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/users/" + username);
        Response enterprise = Api.supervisor().header("X-Forwarded-Host", "evil.example")
                .body(Map.of("name", "位置测试企业" + Api.next(), "creditCode", Api.creditCode())).post("/api/v1/enterprises");
        assertThat(enterprise.header("Location")).startsWith("/api/v1/enterprises/").doesNotContain("evil");
    }
}

package cn.escrow.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import cn.escrow.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ErrorContractTest {

    @Test
    void shouldAnswerUnknownPathWithProblem404() {
        Api.admin().get("/api/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
        given().get("/totally/unknown").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
    }

    @Test
    void shouldAnswerWrongMethodWith405() {
        Api.admin().delete("/api/v1/enterprises").then().statusCode(405)
                .contentType("application/problem+json").body("status", equalTo(405));
    }

    @Test
    void shouldAnswerNonJsonWith415() {
        Api.admin().contentType(ContentType.TEXT).body("name=x").post("/api/v1/enterprises").then().statusCode(415)
                .body("type", equalTo("/problems/unsupported-media-type"));
    }

    @Test
    void shouldAnswerUnparseableJsonWith400Malformed() {
        Api.admin().body("{\"name\": ").post("/api/v1/enterprises").then().statusCode(400)
                .contentType("application/problem+json").body("type", equalTo("/problems/malformed-request"));
        Api.admin().body("{\"name\": 5, \"creditCode\": \"x\"}").post("/api/v1/enterprises").then().statusCode(400)
                .body("type", equalTo("/problems/malformed-request"));
        Api.admin().body("{\"name\": \"a\", \"name\": \"b\"}").post("/api/v1/enterprises").then().statusCode(400)
                .body("type", equalTo("/problems/malformed-request"));
    }

    @Test
    void shouldListViolations() {
        Api.admin().body("{\"name\": \"\", \"creditCode\": \"123\"}").post("/api/v1/enterprises").then().statusCode(400)
                .body("type", equalTo("/problems/validation-failed"))
                .body("violations.field", hasItem("creditCode"))
                .body("violations.field", hasItem("name"));
    }

    @Test
    void shouldRefuseOversizedBody() {
        String big = "{\"name\": \"" + "a".repeat(70_000) + "\"}";
        Api.admin().body(big).post("/api/v1/enterprises").then().statusCode(413)
                .body("type", equalTo("/problems/payload-too-large"));
    }

    @Test
    void shouldRequireCredentials() {
        given().get("/api/v1/enterprises").then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo("/problems/unauthenticated"));
        given().auth().preemptive().basic("admin", "wrong-password").get("/api/v1/enterprises").then().statusCode(401)
                .body("type", equalTo("/problems/unauthenticated"));
    }

    @Test
    void shouldAnswerBadQueryValuesWith400NotFound() {
        for (String path : java.util.List.of("/api/v1/enterprises?page=abc", "/api/v1/enterprises?size=1.5",
                "/api/v1/enterprises?blacklisted=maybe", "/api/v1/projects?signingEnabled=yes",
                "/api/v1/contracts?status=BOGUS", "/api/v1/loan-disbursements?status=LATE", "/api/v1/projects/abc")) {
            Api.admin().urlEncodingEnabled(false).get(path).then().statusCode(400)
                    .contentType("application/problem+json").body("type", equalTo("/problems/validation-failed"));
        }
        Api.admin().get("/api/v1/enterprises?blacklisted=false").then().statusCode(200);
        Api.admin().get("/api/v1/projects/999999999").then().statusCode(404);
    }
}

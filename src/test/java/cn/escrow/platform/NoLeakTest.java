package cn.escrow.platform;

import static io.restassured.RestAssured.given;

import cn.escrow.support.Api;
import cn.escrow.support.NoLeaks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad input of every kind gets a problem body that names no class, stack frame or SQL. */
@QuarkusTest
class NoLeakTest {

    private static final List<String> BAD_ENTERPRISE_BODIES = List.of(
            "{",
            "[]",
            "null",
            "\"just a string\"",
            "{\"name\": 5, \"creditCode\": \"x\"}",
            "{\"name\": [\"a\"], \"creditCode\": {}}",
            "{\"name\": \"a\", \"creditCode\": \"91350100M000100Y43\", \"extra\": 1}",
            "{\"name\": \"a\", \"name\": \"b\", \"creditCode\": \"91350100M000100Y43\"}",
            "{\"name\": \"a\", \"creditCode\": \"91350100M000100Y43\"} trailing",
            "{\"name\": \"a'; DROP TABLE enterprise; --\", \"creditCode\": \"' OR 1=1 --\"}",
            "{\"name\": \"\\u0000\", \"creditCode\": \"91350100M000100Y43\"}",
            "{\"name\": \"" + "长".repeat(201) + "\", \"creditCode\": \"91350100M000100Y43\"}",
            "[".repeat(100) + "]".repeat(100),
            "{\"a\":".repeat(60) + "1" + "}".repeat(60),
            "{\"name\": \"\\uD800\", \"creditCode\": 1e999999}");

    @Test
    void shouldNotLeakOnBadEnterpriseBodies() {
        for (String body : BAD_ENTERPRISE_BODIES) {
            NoLeaks.assertProblemWithoutLeaks(body, Api.supervisor().body(body).post("/api/v1/enterprises"));
        }
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor().body("").post("/api/v1/enterprises"));
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor().contentType(ContentType.XML).body("<a/>").post("/api/v1/enterprises"));
    }

    @Test
    void shouldNotLeakOnBadProjectAndUserBodies() {
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor()
                .body("{\"enterpriseId\": 99999999999999999999999, \"name\": \"x\", \"presalePermitNo\": \"p\"}")
                .post("/api/v1/projects"));
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor()
                .body("{\"enterpriseId\": \"1\", \"name\": \"x\", \"presalePermitNo\": \"p\"}").post("/api/v1/projects"));
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor()
                .body("{\"enterpriseId\": 1.5, \"name\": \"x\", \"presalePermitNo\": \"p\"}").post("/api/v1/projects"));
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor()
                .body("{\"enterpriseId\": -1, \"name\": \"x\", \"presalePermitNo\": \"p\"}").post("/api/v1/projects"));
        NoLeaks.assertProblemWithoutLeaks(Api.admin()
                .body("{\"username\": \"Bad Name\", \"password\": \"short\", \"roles\": [\"ROOT\", null]}").post("/api/v1/users"));
        NoLeaks.assertProblemWithoutLeaks(Api.admin()
                .body("{\"username\": \"ok-name\", \"password\": \"long-enough-password\", \"roles\": \"ADMIN\"}").post("/api/v1/users"));
        NoLeaks.assertProblemWithoutLeaks(Api.admin()
                .body(Map.of("username", "x" + Api.next(), "password", Api.PASSWORD, "roles", List.of("AUDITOR"),
                        "enterpriseId", 1))
                .post("/api/v1/users"));
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor()
                .body(Map.of("bankCode", "ICBC", "accountNo", "12", "accountName", "x"))
                .post("/api/v1/projects/abc/account"));
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor()
                .body(Map.of("bankCode", "ICBC", "accountNo", "123456789", "accountName", "x"))
                .post("/api/v1/projects/99999999999999999999/account"));
    }

    @Test
    void shouldNotLeakOnBadContractBodies() {
        Api.Fixture f = Api.project("ICBC");
        String head = "{\"projectId\": " + f.projectId() + ", \"contractNo\": \"HT" + Api.next() + "\", \"unitNo\": \"1\","
                + " \"buyerName\": \"王五\", \"buyerIdNo\": \"" + Api.residentId() + "\", ";
        for (String tail : List.of(
                "\"totalPrice\": \"abc\", \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": \"NONE\"}",
                "\"totalPrice\": true, \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": \"NONE\"}",
                "\"totalPrice\": \"1.00\", \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": \"MORTGAGE\"}",
                "\"totalPrice\": \"1.00\", \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": 1}",
                "\"totalPrice\": \"" + "9".repeat(40) + "\", \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": \"NONE\"}",
                "\"totalPrice\": " + "9".repeat(70) + ", \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": \"NONE\"}",
                "\"totalPrice\": \"NaN\", \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": \"NONE\"}",
                "\"totalPrice\": \"1e6\", \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": \"NONE\"}",
                "\"totalPrice\": \"-0.01\", \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": \"NONE\"}",
                "\"totalPrice\": null, \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": \"NONE\"}",
                "\"totalPrice\": \"1.00\", \"downPayment\": \"1.00\", \"loanAmount\": \"0\"}",
                "\"totalPrice\": \"2.00\", \"downPayment\": \"1.00\", \"loanAmount\": \"0\", \"loanType\": \"NONE\"}")) {
            NoLeaks.assertProblemWithoutLeaks(tail, Api.supervisor().body(head + tail).post("/api/v1/contracts"));
        }
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor()
                .body(head.replaceAll("\"buyerIdNo\": \"[0-9X]+\"", "\"buyerIdNo\": \"" + "1".repeat(33) + "\"") + "\"totalPrice\": \"1.00\", \"downPayment\": \"1.00\","
                        + " \"loanAmount\": \"0\", \"loanType\": \"NONE\"}")
                .post("/api/v1/contracts"));
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor().body("{}").post("/api/v1/contracts"));
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor().body("").post("/api/v1/contracts"));
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor().body("{\"projectId\": \"x\"}").post("/api/v1/contracts"));
        // A half-signed request: a client header with no signature.
        NoLeaks.assertProblemWithoutLeaks(Api.supervisor().header("X-Client-Id", "nobody").body("{}").post("/api/v1/contracts"));
    }

    @Test
    void shouldNotLeakOnBadQueryParametersAndPaths() {
        for (String path : List.of(
                "/api/v1/enterprises?page=abc",
                "/api/v1/enterprises?size=1.5",
                "/api/v1/enterprises?size=99999999999",
                "/api/v1/enterprises/abc",
                "/api/v1/enterprises/-1",
                "/api/v1/enterprises/99999999999999999999",
                "/api/v1/projects?enterpriseId=abc",
                "/api/v1/projects/1.5",
                "/api/v1/contracts?status=BOGUS",
                "/api/v1/contracts?projectId=x",
                "/api/v1/contracts/%27%20OR%201%3D1",
                "/api/v1/audit-events?from=2026-13-45T99:99:99%2B08:00",
                "/api/v1/audit-events?projectId=abc",
                "/api/v1/audit-events?size=-5")) {
            NoLeaks.assertProblemWithoutLeaks(path, Api.supervisor().urlEncodingEnabled(false).get(path));
        }
        NoLeaks.assertProblemWithoutLeaks(given().auth().preemptive().basic("admin' --", "x").get("/api/v1/enterprises"));
        NoLeaks.assertProblemWithoutLeaks(given().header("Authorization", "Basic !!!notbase64").get("/api/v1/enterprises"));
        NoLeaks.assertProblemWithoutLeaks(given().header("Authorization", "Bearer abc").get("/api/v1/enterprises"));
    }
}

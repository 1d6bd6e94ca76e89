package cn.escrow.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Integrators read the OpenAPI document: every operation is described, with its errors and its security. */
@QuarkusTest
class OpenApiTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldDescribeEveryOperation() {
        JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<String> undocumented = new ArrayList<>();
        int operations = 0;
        for (var path : paths.entrySet()) {
            for (var op : path.getValue().entrySet()) {
                if (!(op.getValue() instanceof Map<?, ?> operation) || !operation.containsKey("responses")) {
                    continue;
                }
                operations++;
                Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
                if (operation.get("summary") == null || operation.get("description") == null || operation.get("security") == null
                        && !path.getKey().equals("/api/v1/buyer-lookups") || responses.keySet().stream().noneMatch(c -> c.startsWith("4"))) {
                    undocumented.add(op.getKey().toUpperCase() + " " + path.getKey());
                }
            }
        }
        assertThat(operations).isGreaterThan(50);
        assertThat(undocumented).isEmpty();
        assertThat(doc.getMap("components.securitySchemes").keySet()).containsExactlyInAnyOrder("basic", "clientSignature");
        for (String push : List.of("loan-disbursements", "account-transactions", "judicial-actions", "daily-balances")) {
            String op = "paths.'/api/v1/bank/" + push + "'.post";
            // X-Signature is the clientSignature scheme (set once by a generated client); the other two are parameters.
            assertThat(doc.getList(op + ".parameters.findAll { it.in == 'header' && it.required }.name"))
                    .containsExactlyInAnyOrder("X-Client-Id", "X-Timestamp");
            assertThat(doc.getList(op + ".security.collect { it.keySet() }.flatten()")).containsExactly("clientSignature");
        }
        // Where a person may call with Basic instead, the signature headers are optional.
        assertThat(doc.getList("paths.'/api/v1/contracts'.post.parameters.findAll { it.in == 'header' }.required"))
                .containsExactly(false, false);
        assertThat(doc.getString("components.securitySchemes.clientSignature.name")).isEqualTo("X-Signature");
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldSendTheTotalEveryPagedListDeclares() {
        JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = doc.getMap("paths");
        List<String> checked = new ArrayList<>();
        for (var path : paths.entrySet()) {
            Object get = path.getValue().get("get");
            if (path.getKey().contains("{") || !(get instanceof Map<?, ?> op)
                    || !((Map<String, Object>) ((Map<String, Object>) op.get("responses")).get("200")).containsKey("headers")) {
                continue;
            }
            cn.escrow.support.Api.admin().get(path.getKey()).then().statusCode(200)
                    .header("X-Total-Count", org.hamcrest.Matchers.matchesPattern("[0-9]+"));
            checked.add(path.getKey());
        }
        assertThat(checked).contains("/api/v1/enterprises", "/api/v1/projects", "/api/v1/contracts", "/api/v1/audit-events")
                .hasSizeGreaterThanOrEqualTo(8);
    }
}

package cn.escrow.platform.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lint gate of the OpenAPI document, on the live document: the rules of the committed ruleset
 * {@code redocly.yaml} that matter for generated clients, plus the house rules it cannot express. Each
 * failure names the rule, the place and what to add, so that whoever adds an endpoint knows how to fix it.
 * Redocly and Spectral themselves are run by hand (docs/api.md says how); this test needs no Node.
 */
@QuarkusTest
class OpenApiLintTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Pattern OPERATION_ID = Pattern.compile("^[a-z]+[A-Z][A-Za-z0-9]*$");

    private JsonNode doc;

    @BeforeEach
    void readDocument() throws Exception {
        doc = new ObjectMapper().readTree(given().get("/q/openapi?format=json").then().statusCode(200).extract().asByteArray());
    }

    /** Visits every operation with "METHOD path" and its node. */
    private void operations(BiConsumer<String, JsonNode> visitor) {
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                visitor.accept(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }));
    }

    @Test
    void shouldGiveEveryOperationAStableReadableUniqueOperationId() {
        List<String> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        operations((where, op) -> {
            String id = op.path("operationId").asText("");
            if (id.isEmpty()) {
                problems.add("[operation-operationId] " + where + ": add operationId = \"verbNoun\" to its @Operation");
            } else if (!OPERATION_ID.matcher(id).matches()) {
                problems.add("[operation-operationId-readable] " + where + ": \"" + id + "\" is not lowerCamelCase verb + noun "
                        + "(e.g. createEnterprise); generated clients name their methods after it");
            } else if (seen.put(id, where) != null) {
                problems.add("[operation-operationId-unique] " + where + ": \"" + id + "\" is also " + seen.get(id));
            }
        });
        assertThat(problems).as("operationId rules").isEmpty();
        assertThat(seen).containsKeys("createEnterprise", "pushLoanDisbursement", "pushAccountTransaction", "fileContract");
    }

    @Test
    void shouldAnswerEveryErrorWithAProblem() {
        List<String> problems = new ArrayList<>();
        operations((where, op) -> {
            boolean any4xx = false;
            for (Iterator<Map.Entry<String, JsonNode>> it = op.path("responses").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> response = it.next();
                String code = response.getKey();
                any4xx |= code.startsWith("4");
                if ((code.startsWith("4") || code.startsWith("5")) && !"#/components/schemas/Problem".equals(
                        response.getValue().path("content").path("application/problem+json").path("schema").path("$ref").asText())) {
                    problems.add("[problem-on-errors] " + where + " " + code + ": no application/problem+json Problem body "
                            + "(ProblemResponsesFilter adds it; is the operation filtered out?)");
                }
            }
            if (!any4xx) {
                problems.add("[operation-4xx-response] " + where + ": declare at least one 4xx @APIResponse");
            }
            if (op.path("summary").asText("").isEmpty() || op.path("description").asText("").isEmpty()) {
                problems.add("[operation-summary] " + where + ": @Operation needs a summary and a description");
            }
            if (!op.has("security")) {
                problems.add("[security-defined] " + where + ": add @SecurityRequirement (or @SecurityRequirementsSet({}) "
                        + "for an endpoint that needs no login)");
            }
        });
        assertThat(problems).as("error and operation rules").isEmpty();
        JsonNode problem = doc.path("components").path("schemas").path("Problem");
        assertThat(problem.path("properties").fieldNames()).toIterable().contains("type", "title", "status", "detail", "violations");
        assertThat(problem.path("properties").path("violations").path("items").path("$ref").asText())
                .isEqualTo("#/components/schemas/Violation");
    }

    @Test
    void shouldTypeEveryDecimalAsAStringAndShowTimesWithTheirOffset() {
        List<String> problems = new ArrayList<>();
        walk(doc, "#", (where, node) -> {
            JsonNode type = node.get("type");
            if (type != null && (type.asText().equals("number") || type.isArray() && type.toString().contains("\"number\""))) {
                problems.add("[decimal-as-string] " + where + ": a JSON number; the service reads and writes every "
                        + "BigDecimal as a string (MoneyJson), and a double is not allowed for money");
            }
            if ("date-time".equals(node.path("format").asText()) && node.has("examples")) {
                node.get("examples").forEach(e -> {
                    if (!e.asText().endsWith("+08:00")) {
                        problems.add("[date-time-offset] " + where + ": example " + e + " should be in the service zone, +08:00");
                    }
                });
            }
        });
        assertThat(problems).as("decimal and time rules").isEmpty();
        JsonNode decimal = doc.path("components").path("schemas").path("Decimal");
        assertThat(decimal.path("type").asText()).isEqualTo("string");
        assertThat(doc.path("components").path("schemas").path("OffsetDateTime").path("examples").get(0).asText()).endsWith("+08:00");
        assertThat(doc.at("/components/schemas/DisbursementView/properties/amount/$ref").asText())
                .isEqualTo("#/components/schemas/Decimal");
    }

    @Test
    void shouldShowAValidExampleForEveryRequestBody() {
        SchemaCheck check = new SchemaCheck(doc);
        List<String> problems = new ArrayList<>();
        operations((where, op) -> {
            JsonNode body = op.path("requestBody").path("content").path("application/json");
            if (body.isMissingNode()) {
                return;
            }
            if (!body.has("example")) {
                problems.add("[request-body-example] " + where + ": add src/main/resources/" + RequestExamplesFilter.FOLDER
                        + op.path("operationId").asText("<operationId>") + ".json, a realistic body the service accepts");
                return;
            }
            check.problems(body.path("schema"), body.get("example"))
                    .forEach(p -> problems.add("[no-invalid-media-type-examples] " + where + " example " + p));
        });
        assertThat(problems).as("request body examples").isEmpty();
    }

    @Test
    void shouldDeclareTheTotalOfEveryPagedList() {
        List<String> problems = new ArrayList<>();
        operations((where, op) -> {
            boolean paged = false;
            for (JsonNode p : op.path("parameters")) {
                paged |= "page".equals(p.path("name").asText()) && "query".equals(p.path("in").asText());
            }
            JsonNode header = op.at("/responses/200/headers/X-Total-Count");
            if (paged && !"integer".equals(header.path("schema").path("type").asText())) {
                problems.add("[total-count-on-paged-lists] " + where + ": a paged list without an X-Total-Count integer header "
                        + "on 200 (PagedListsFilter adds it to 200 answers of operations with a page parameter)");
            }
        });
        assertThat(problems).as("paged lists").isEmpty();
    }

    @Test
    void shouldUseOnlyPortableAnchoredPatterns() {
        List<String> problems = new ArrayList<>();
        walk(doc, "#", (where, node) -> {
            if (node.has("pattern") && node.get("pattern").isTextual()) {
                PortablePatterns.problems(node.get("pattern").asText()).forEach(p -> problems.add("[portable-pattern] " + where
                        + " " + node.get("pattern").asText() + ": " + p + " (fix the @Pattern of the field or of its constraint)"));
            }
        });
        assertThat(problems).as("patterns").isEmpty();
    }

    @Test
    void shouldNameSchemasExplicitlyAndDescribeTagsAndServers() {
        List<String> problems = new ArrayList<>();
        doc.path("components").path("schemas").fieldNames().forEachRemaining(name -> {
            if (name.matches(".*[0-9]$")) {
                problems.add("[explicit-schema-names] " + name + ": two Java types share a simple name; give one "
                        + "@Schema(name = \"...\") so that generated clients get a meaningful class name");
            }
        });
        Set<String> described = new TreeSet<>();
        doc.path("tags").forEach(t -> {
            if (!t.path("description").asText("").isEmpty()) {
                described.add(t.path("name").asText());
            }
        });
        operations((where, op) -> op.path("tags").forEach(t -> {
            if (!described.contains(t.asText())) {
                problems.add("[tag-description] " + where + ": tag \"" + t.asText() + "\" needs @Tag(name, description) in "
                        + "OpenApiDefinition");
            }
        }));
        if (doc.path("servers").isEmpty()) {
            problems.add("[no-empty-servers] declare servers in OpenApiDefinition");
        }
        Matcher param = Pattern.compile("\\{([^}]+)}").matcher("");
        operations((where, op) -> {
            param.reset(where);
            while (param.find()) {
                boolean declared = false;
                for (JsonNode p : op.path("parameters")) {
                    declared |= param.group(1).equals(p.path("name").asText()) && "path".equals(p.path("in").asText());
                }
                if (!declared) {
                    problems.add("[path-parameters-defined] " + where + ": {" + param.group(1) + "} is not a path parameter");
                }
            }
        });
        assertThat(problems).as("names, tags, servers").isEmpty();
    }

    /** Every object node of the document with its JSON pointer. */
    private static void walk(JsonNode node, String where, BiConsumer<String, JsonNode> visitor) {
        if (node.isObject()) {
            visitor.accept(where, node);
            node.fields().forEachRemaining(e -> walk(e.getValue(), where + "/" + e.getKey(), visitor));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "/" + i, visitor);
            }
        }
    }
}

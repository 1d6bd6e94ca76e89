package cn.escrow.platform.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.junit.jupiter.api.Test;

/**
 * No property the server refuses: every property a request body's schema documents is one the service's
 * own JSON reader accepts for the Java type behind it (a derived accessor such as
 * {@code isLoanCredit()} once showed up as a {@code loanCredit} property that answered 400).
 */
@QuarkusTest
class RequestSchemasTest {

    @Inject
    ObjectMapper mapper;

    @Test
    void shouldDocumentOnlyPropertiesTheServiceReads() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(given().get("/q/openapi?format=json").asByteArray());
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Class<?> resource : resources()) {
            for (Method method : resource.getDeclaredMethods()) {
                Operation operation = method.getAnnotation(Operation.class);
                Class<?> body = bodyType(method);
                if (operation == null || body == null || !(method.isAnnotationPresent(POST.class) || method.isAnnotationPresent(PUT.class))) {
                    continue;
                }
                JsonNode schema = requestSchema(doc, operation.operationId());
                if (schema == null) {
                    continue;
                }
                checked++;
                Set<String> readable = new TreeSet<>();
                BeanDescription description = mapper.getDeserializationConfig().introspect(mapper.constructType(body));
                for (BeanPropertyDefinition p : description.findProperties()) {
                    if (p.couldDeserialize()) {
                        readable.add(p.getName());
                    }
                }
                schema.path("properties").fieldNames().forEachRemaining(name -> {
                    if (!readable.contains(name)) {
                        problems.add("[request-properties-accepted] " + operation.operationId() + ": schema property '" + name
                                + "' is not read from JSON by " + body.getName() + " (hide it with @Schema(hidden = true) "
                                + "or make it a record component)");
                    }
                });
            }
        }
        assertThat(problems).isEmpty();
        assertThat(checked).as("request bodies checked").isGreaterThan(30);
    }

    private JsonNode requestSchema(JsonNode doc, String operationId) {
        for (JsonNode item : doc.path("paths")) {
            for (JsonNode op : item) {
                if (operationId.equals(op.path("operationId").asText())) {
                    JsonNode schema = op.at("/requestBody/content/application~1json/schema");
                    String ref = schema.path("$ref").asText("");
                    return ref.isEmpty() ? null : doc.path("components").path("schemas").path(ref.replace("#/components/schemas/", ""));
                }
            }
        }
        return null;
    }

    /** The JSON body's Java type: the documented implementation for raw (signed) bodies, else the unannotated parameter. */
    private static Class<?> bodyType(Method method) {
        RequestBody documented = method.getAnnotation(RequestBody.class);
        if (documented != null && documented.content().length > 0
                && documented.content()[0].schema().implementation() != Void.class) {
            return documented.content()[0].schema().implementation();
        }
        for (Parameter p : method.getParameters()) {
            boolean jaxrs = false;
            for (Annotation a : p.getAnnotations()) {
                jaxrs |= a.annotationType().getPackageName().startsWith("jakarta.ws.rs")
                        || a.annotationType().getPackageName().startsWith("org.jboss.resteasy");
            }
            if (!jaxrs && !p.getType().isPrimitive() && p.getType() != byte[].class && p.getType() != String.class
                    && p.getType().getPackageName().startsWith("cn.escrow")) {
                return p.getType();
            }
        }
        return null;
    }

    /** The JAX-RS resource classes of the service, found among the compiled classes. */
    private static List<Class<?>> resources() throws IOException {
        java.nio.file.Path root = Paths.get("target/classes");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path f : files.filter(f -> f.toString().endsWith("Resource.class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replace(".class", "");
                try {
                    Class<?> c = Class.forName(name, false, Thread.currentThread().getContextClassLoader());
                    if (c.isAnnotationPresent(Path.class)) {
                        out.add(c);
                    }
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(name, e);
                }
            }
        }
        return out;
    }
}

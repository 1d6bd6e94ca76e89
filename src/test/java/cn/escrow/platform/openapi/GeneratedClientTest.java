package cn.escrow.platform.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.support.Api;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The document is a contract clients can be generated from: openapi-generator (the jar the build copies
 * to target/tools) makes a Java client from the live /q/openapi, it is compiled together with
 * src/test/client-flow, and that flow runs against this service: enterprise, project, account, contract,
 * a signed bank push, a balance read and a typed Problem. Nothing is committed that could drift: a change
 * of the API changes the generated client at the next build.
 */
@QuarkusTest
class GeneratedClientTest {

    private static final Path WORK = Path.of("target/generated-client");
    private static final Path GENERATOR = Path.of("target/tools/openapi-generator-cli.jar");
    private static final Path FLOW = Path.of("src/test/client-flow");

    @TestHTTPResource("/")
    URL base;

    @Test
    @SuppressWarnings("unchecked")
    void shouldDriveARealFlowThroughAJavaClientGeneratedFromTheLiveDocument() throws Exception {
        assertThat(GENERATOR).as("the build copies openapi-generator-cli there (maven-dependency-plugin, "
                + "generate-test-resources): run through ./mvnw").exists();
        recreate(WORK);
        Files.write(WORK.resolve("openapi.json"), given().get("/q/openapi?format=json").then().statusCode(200).extract().asByteArray());
        generate();
        ClassLoader loader = compile();

        long seq = Api.next();
        Map<String, Object> out = (Map<String, Object>) loader.loadClass("cn.escrow.clientflow.GeneratedClientFlow")
                .getMethod("run", String.class, String.class, long.class, String.class, String.class)
                .invoke(null, base.toString().replaceAll("/$", ""), Api.ADMIN_PASSWORD, seq, Api.creditCode(), Api.residentId());

        assertThat(out).containsEntry("openedBalance", "0.00").containsEntry("contractStatus", "FILED")
                .containsEntry("balanceAfter", "300000.00").containsEntry("balance", "300000.00")
                .containsEntry("problemStatus", 400).containsEntry("problemType", "/problems/validation-failed")
                .containsEntry("violationField", "creditCode");
        assertThat((String) out.get("maskedBuyerIdNo")).contains("********");
        // The flow really reached this service: the project it made is there, with the money it pushed.
        Api.admin().get("/api/v1/projects/" + out.get("projectId") + "/account").then().statusCode(200)
                .body("balance", org.hamcrest.Matchers.equalTo("300000.00"));
    }

    private static void generate() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-jar", GENERATOR.toString(), "generate", "-i", WORK.resolve("openapi.json").toString(),
                "-g", "java", "--library", "native", "-o", WORK.resolve("client").toString(),
                "--global-property", "apiTests=false,modelTests=false,apiDocs=false,modelDocs=false",
                "--additional-properties", "openApiNullable=false,useJakartaEe=true,hideGenerationTimestamp=true,"
                        + "invokerPackage=cn.escrow.client,apiPackage=cn.escrow.client.api,modelPackage=cn.escrow.client.model")
                .redirectErrorStream(true).redirectOutput(WORK.resolve("generator.log").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("generator finished").isTrue();
        assertThat(p.exitValue()).as("openapi-generator failed: %s", Files.readString(WORK.resolve("generator.log"))).isZero();
    }

    /** Compiles the generated client and the flow against the Jackson and annotation jars this test runs with. */
    private static ClassLoader compile() throws Exception {
        List<String> sources = new ArrayList<>();
        for (Path root : List.of(WORK.resolve("client/src/main/java"), FLOW)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> sources.add(f.toString()));
            }
        }
        List<String> classpath = new ArrayList<>();
        for (Class<?> c : List.of(ObjectMapper.class, JsonParser.class, JsonProperty.class, JavaTimeModule.class,
                jakarta.annotation.Nonnull.class)) {
            classpath.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        Path classes = Files.createDirectories(WORK.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", String.join(File.pathSeparator, classpath),
                "-encoding", "UTF-8", "--release", "17", "-proc:none", "-nowarn", "-Xlint:none"));
        args.addAll(sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, null, errors, args.toArray(String[]::new));
        assertThat(rc).as("the generated client or the flow does not compile:%n%s", errors.toString(StandardCharsets.UTF_8)).isZero();
        return new URLClassLoader(new URL[] {classes.toUri().toURL()}, Thread.currentThread().getContextClassLoader());
    }

    private static void recreate(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        Files.createDirectories(dir);
    }
}

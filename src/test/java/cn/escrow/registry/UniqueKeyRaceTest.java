package cn.escrow.registry;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.support.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Concurrent creates of one business key: the database constraint decides, callers get 201 once and 409 otherwise. */
@QuarkusTest
class UniqueKeyRaceTest {

    private static final int THREADS = 8;

    @TestHTTPResource("/")
    URL base;

    private record Answer(int status, String contentType, String body) {
    }

    private List<Answer> race(String path, String username, String password, String json) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        String auth = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", auth)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                    return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
                }));
            }
            ready.await();
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOneCreatedRestConflict(List<Answer> answers) {
        assertThat(answers).as("answers %s", answers).extracting(Answer::status).containsOnly(201, 409);
        assertThat(answers).filteredOn(a -> a.status() == 201).as("answers %s", answers).hasSize(1);
        for (Answer a : answers) {
            if (a.status() == 409) {
                assertThat(a.contentType()).startsWith("application/problem+json");
                assertThat(new JsonPath(a.body()).getString("type")).isEqualTo("/problems/conflict");
                Assertions.assertThat(a.body()).doesNotContain("Exception", "org.", "java.", "duplicate key", "violates");
            }
        }
    }

    @Test
    void shouldCreateOneEnterpriseWhenCreatesRace() throws Exception {
        String supervisor = Api.user("SUPERVISOR", null);
        String code = Api.creditCode();
        String json = "{\"name\": \"并发登记企业" + Api.next() + "\", \"creditCode\": \"" + code + "\"}";
        for (int round = 0; round < 3; round++) {
            String roundCode = round == 0 ? code : Api.creditCode();
            String roundJson = json.replace(code, roundCode);
            List<Answer> answers = race("/api/v1/enterprises", supervisor, Api.PASSWORD, roundJson);
            assertOneCreatedRestConflict(answers);
            Api.supervisor().queryParam("creditCode", roundCode).get("/api/v1/enterprises").then().statusCode(200)
                    .header("X-Total-Count", "1");
        }
    }

    @Test
    void shouldCreateOneContractWhenFilingsRace() throws Exception {
        String supervisor = Api.user("SUPERVISOR", null);
        Api.Fixture f = Api.project("ICBC");
        String contractNo = "HT-RACE-" + Api.next();
        String json = "{\"projectId\": " + f.projectId() + ", \"contractNo\": \"" + contractNo + "\", \"unitNo\": \"1-101\","
                + " \"buyerName\": \"并发\", \"buyerIdNo\": \"" + Api.residentId() + "\", \"totalPrice\": \"100.00\","
                + " \"downPayment\": \"100.00\", \"loanAmount\": \"0.00\", \"loanType\": \"NONE\"}";
        assertOneCreatedRestConflict(race("/api/v1/contracts", supervisor, Api.PASSWORD, json));
        Api.supervisor().queryParam("projectId", f.projectId()).get("/api/v1/contracts").then().statusCode(200)
                .header("X-Total-Count", "1");
    }

    @Test
    void shouldCreateOneUserWhenCreatesRace() throws Exception {
        String username = "race-" + Api.next();
        String json = "{\"username\": \"" + username + "\", \"password\": \"" + Api.PASSWORD + "\", \"roles\": [\"AUDITOR\"]}";
        assertOneCreatedRestConflict(race("/api/v1/users", "admin", Api.ADMIN_PASSWORD, json));
        Api.as(username).get("/api/v1/enterprises").then().statusCode(200);
    }
}

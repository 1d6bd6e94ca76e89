package cn.escrow.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Regressions found by {@link HostileInputTest}, pinned down one by one. */
@QuarkusTest
class StrictInputTest {

    static final String DISBURSEMENTS = "/api/v1/bank/loan-disbursements";
    static final String TRANSACTIONS = "/api/v1/bank/account-transactions";

    @TestHTTPResource("/")
    URL base;

    Api.Fixture fx;
    SignedClient bank;
    String contractNo;

    @BeforeEach
    void setUp() {
        String bankCode = "S" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
        contractNo = Api.contract(fx.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
    }

    @Test
    void shouldRefuseTimesSentAsEpochNumbers() {
        for (String time : new String[] {"0", "1730000000", "1.73e9"}) {
            String body = """
                    {"serialNo":"E-%d","contractNo":"%s","accountNo":"%s","amount":"700000.00","loanType":"COMMERCIAL",
                     "disbursedAt":%s}""".formatted(Api.next(), contractNo, fx.accountNo(), time);
            bank.post(DISBURSEMENTS, body).then().statusCode(400).contentType("application/problem+json");
        }
        assertThat(Db.count("SELECT count(*) FROM loan_disbursement WHERE project_id = ?", fx.projectId())).isZero();
    }

    @Test
    void shouldRefuseEnumValuesThatAreNotExactlyAName() {
        for (String purpose : new String[] {"LOAN\\u0000", " LOAN", "LOAN ", "LOAN\\t", "0", "3", "loan"}) {
            String body = """
                    {"serialNo":"E-%d","accountNo":"%s","direction":"CREDIT","amount":"100.00","purpose":"%s",
                     "bookedAt":"2026-01-15T10:00:00+08:00","contractNo":"%s"}""".formatted(Api.next(), fx.accountNo(), purpose,
                    contractNo);
            bank.post(TRANSACTIONS, body).then().statusCode(400)
                    .body("type", equalTo("/problems/validation-failed"))
                    .body("violations[0].field", equalTo("purpose"));
        }
        assertThat(Db.count("SELECT count(*) FROM account_transaction WHERE project_id = ?", fx.projectId())).isZero();
    }

    @Test
    void shouldAnswerAnOversizedChunkedBodyWithAProblem() throws Exception {
        byte[] body = ("{\"name\":\"" + "a".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = sendChunked("/api/v1/enterprises", body, adminBasic(), null);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(new ObjectMapper().readTree(response.body()).path("type").asText()).isEqualTo("/problems/payload-too-large");
    }

    @Test
    void shouldStillTakeAChunkedBodyWithinTheLimit() throws Exception {
        String enterprise = "{\"name\":\"分块传输置业" + Api.next() + "\",\"creditCode\":\"" + Api.creditCode() + "\"}";
        HttpResponse<String> created = sendChunked("/api/v1/enterprises", enterprise.getBytes(StandardCharsets.UTF_8), adminBasic(), null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        String push = """
                {"serialNo":"C-%d","accountNo":"%s","direction":"CREDIT","amount":"100.00","purpose":"DEPOSIT",
                 "bookedAt":"2026-01-15T10:00:00+08:00"}""".formatted(Api.next(), fx.accountNo());
        HttpResponse<String> pushed = sendChunked(TRANSACTIONS, push.getBytes(StandardCharsets.UTF_8), null, push);
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
    }

    @Test
    void shouldAnswerAnImpossibleUsernameLikeAnUnknownOne() {
        RestAssured.given().header("Authorization", "Basic " + base64("adm\u0000in:" + Api.ADMIN_PASSWORD))
                .contentType("application/json").body("{}").post("/api/v1/enterprises")
                .then().statusCode(401).body("type", equalTo("/problems/unauthenticated"));
    }

    /** Sends a body without Content-Length (chunked); signed as the bank when {@code signedBody} is given. */
    private HttpResponse<String> sendChunked(String path, byte[] body, String authorization, String signedBody) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (signedBody != null) {
            long ts = Instant.now().getEpochSecond();
            b.header("X-Client-Id", bank.clientId).header("X-Timestamp", String.valueOf(ts))
                    .header("X-Signature", SignedClient.signature(bank.secret, ts, "POST", path, signedBody));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String adminBasic() {
        return "Basic " + base64("admin:" + Api.ADMIN_PASSWORD);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

package cn.escrow.clients;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasLength;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignatureTest {

    static final String PATH = "/api/v1/bank/account-transactions";

    Api.Fixture fx;
    SignedClient bank;
    String body;

    @BeforeEach
    void setUp() {
        String bankCode = "S" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
        body = """
                {"serialNo":"SIG-%d","accountNo":"%s","direction":"CREDIT","amount":"10.00","purpose":"DEPOSIT",
                 "bookedAt":"2026-11-02T09:30:00+08:00"}""".formatted(Api.next(), fx.accountNo());
    }

    Response send(String clientId, String timestamp, String signature, String target, String sentBody) {
        var spec = given().contentType(ContentType.JSON).urlEncodingEnabled(false).body(sentBody.getBytes(StandardCharsets.UTF_8));
        if (clientId != null) {
            spec.header("X-Client-Id", clientId);
        }
        if (timestamp != null) {
            spec.header("X-Timestamp", timestamp);
        }
        if (signature != null) {
            spec.header("X-Signature", signature);
        }
        return spec.post(target);
    }

    void assertUnauthenticated(Response r) {
        r.then().statusCode(401).contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthenticated"))
                .body("detail", equalTo("Missing, invalid or expired credentials"));
    }

    void assertNothingStored() {
        Api.supervisor().get("/api/v1/accounts/" + fx.accountNo()).then().body("entryCount", equalTo(0));
    }

    @Test
    void shouldAcceptCorrectSignature() {
        long ts = Instant.now().getEpochSecond();
        send(bank.clientId, String.valueOf(ts), SignedClient.signature(bank.secret, ts, "POST", PATH, body), PATH, body)
                .then().statusCode(201);
    }

    @Test
    void shouldIssueRandomHexSecretsOfAtLeast32Bytes() {
        assertThat(bank.secret).matches("[0-9a-f]{64}");
        assertThat(SignedClient.bank("ZZ").secret).isNotEqualTo(bank.secret);
    }

    @Test
    void shouldRejectEveryBadSignatureWithTheSameBody() {
        long ts = Instant.now().getEpochSecond();
        String good = SignedClient.signature(bank.secret, ts, "POST", PATH, body);
        // wrong secret
        assertUnauthenticated(send(bank.clientId, "" + ts, SignedClient.signature("0".repeat(64), ts, "POST", PATH, body), PATH, body));
        // tampered body
        assertUnauthenticated(send(bank.clientId, "" + ts, good, PATH, body.replace("10.00", "99.00")));
        // body with an extra space is a different body
        assertUnauthenticated(send(bank.clientId, "" + ts, good, PATH, body + " "));
        // tampered path or query
        assertUnauthenticated(send(bank.clientId, "" + ts, good, PATH + "?x=1", body));
        String withQuery = SignedClient.signature(bank.secret, ts, "POST", PATH + "?a=1", body);
        assertUnauthenticated(send(bank.clientId, "" + ts, withQuery, PATH + "?a=2", body));
        // signed for another method
        assertUnauthenticated(send(bank.clientId, "" + ts, SignedClient.signature(bank.secret, ts, "PUT", PATH, body), PATH, body));
        // stale and future timestamps (over 300 s, with a margin for the time this test takes) on a correct signature
        long stale = Instant.now().getEpochSecond() - 310;
        assertUnauthenticated(send(bank.clientId, "" + stale, SignedClient.signature(bank.secret, stale, "POST", PATH, body), PATH, body));
        long future = Instant.now().getEpochSecond() + 310;
        assertUnauthenticated(send(bank.clientId, "" + future, SignedClient.signature(bank.secret, future, "POST", PATH, body), PATH, body));
        // malformed timestamp, uppercase hex, missing prefix
        assertUnauthenticated(send(bank.clientId, "12x", good, PATH, body));
        assertUnauthenticated(send(bank.clientId, "" + ts, good.toUpperCase().replace("V1=", "v1="), PATH, body));
        assertUnauthenticated(send(bank.clientId, "" + ts, good.substring(3), PATH, body));
        // unknown client, missing headers
        assertUnauthenticated(send("no-such-client", "" + ts, good, PATH, body));
        assertUnauthenticated(send(null, "" + ts, good, PATH, body));
        assertUnauthenticated(send(bank.clientId, null, good, PATH, body));
        assertUnauthenticated(send(bank.clientId, "" + ts, null, PATH, body));
        assertNothingStored();
    }

    @Test
    void shouldAcceptTimestampsJustInsideTheWindow() {
        long ts = Instant.now().getEpochSecond() - 290;
        send(bank.clientId, "" + ts, SignedClient.signature(bank.secret, ts, "POST", PATH, body), PATH, body).then().statusCode(201);
    }

    @Test
    void shouldRejectDisabledClientAtOnceAndAcceptItAgainWhenEnabled() {
        bank.post(PATH, otherPush()).then().statusCode(201); // the client's credentials are now cached
        Api.admin().body(Map.of("enabled", false)).put("/api/v1/clients/" + bank.clientId + "/enabled").then().statusCode(200)
                .body("enabled", equalTo(false));
        assertUnauthenticated(bank.post(PATH, body));
        Api.supervisor().get("/api/v1/accounts/" + fx.accountNo()).then().body("entryCount", equalTo(1));
        Api.admin().body(Map.of("enabled", true)).put("/api/v1/clients/" + bank.clientId + "/enabled").then().statusCode(200);
        bank.post(PATH, body).then().statusCode(201);
    }

    @Test
    void shouldApplyAChangeMadeByAnotherInstanceWithinTheCacheTime() {
        bank.post(PATH, otherPush()).then().statusCode(201);
        // Another instance disables the client: only the database changes, this instance is not told.
        Db.update("UPDATE machine_client SET enabled = false WHERE client_id = ?", bank.clientId);
        Instant disabledAt = Instant.now();
        await().atMost(Duration.ofSeconds(5 + 3)).pollInterval(Duration.ofMillis(200))
                .until(() -> bank.post(PATH, otherPush()).statusCode() == 401);
        // Refused within the TTL (escrow.signature.client-cache-ttl, 5 s), but not at once: the first push after the
        // change was still served from the cache and accepted.
        assertThat(Duration.between(disabledAt, Instant.now())).isLessThan(Duration.ofSeconds(5 + 3));
        assertThat(Db.count("SELECT count(*) FROM account_transaction WHERE project_id = ?", fx.projectId()))
                .isGreaterThan(1);
    }

    String otherPush() {
        return """
                {"serialNo":"SIG-%d","accountNo":"%s","direction":"CREDIT","amount":"1.00","purpose":"DEPOSIT",
                 "bookedAt":"2026-11-02T09:30:00+08:00"}""".formatted(Api.next(), fx.accountNo());
    }

    @Test
    void shouldKeepPreviousSecretValidDuringRotation() {
        String old = bank.secret;
        Response rotation = Api.admin().post("/api/v1/clients/" + bank.clientId + "/secret-rotations");
        rotation.then().statusCode(201).body("secret", hasLength(64)).body("previousValidUntil", notNullValue());
        String fresh = rotation.jsonPath().getString("secret");
        Instant validUntil = java.time.OffsetDateTime.parse(rotation.jsonPath().getString("previousValidUntil")).toInstant();
        assertThat(validUntil).isBetween(Instant.now().plusSeconds(24 * 3600 - 60), Instant.now().plusSeconds(24 * 3600 + 60));
        assertThat(fresh).isNotEqualTo(old);
        bank.post(PATH, body).then().statusCode(201);
        bank.secret = fresh;
        bank.post(PATH, body).then().statusCode(200);
        // a second rotation retires the first secret at once: only the one just replaced stays valid
        String third = Api.admin().post("/api/v1/clients/" + bank.clientId + "/secret-rotations").then().statusCode(201)
                .extract().jsonPath().getString("secret");
        bank.secret = old;
        assertUnauthenticated(bank.post(PATH, body));
        bank.secret = fresh;
        bank.post(PATH, body).then().statusCode(200);
        bank.secret = third;
        bank.post(PATH, body).then().statusCode(200);
    }

    @Test
    void shouldStopThePreviousSecretAtOnceWhenRevoked() {
        String leaked = bank.secret;
        bank.post(PATH, body).then().statusCode(201); // the client's credentials are now in this instance's cache
        Response rotation = Api.admin().body(Map.of("revokePrevious", true))
                .post("/api/v1/clients/" + bank.clientId + "/secret-rotations");
        rotation.then().statusCode(201).body("secret", hasLength(64));
        Instant validUntil = java.time.OffsetDateTime.parse(rotation.jsonPath().getString("previousValidUntil")).toInstant();
        assertThat(validUntil).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(1));

        assertUnauthenticated(bank.post(PATH, body)); // at once, not after the cache's TTL
        bank.secret = rotation.jsonPath().getString("secret");
        bank.post(PATH, body).then().statusCode(200);
        bank.secret = leaked;
        assertUnauthenticated(bank.post(PATH, otherPush()));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'CLIENT_SECRET_ROTATED' AND subject = ? "
                + "AND details ->> 'revokePrevious' = 'true'", "client:" + bank.clientId)).isEqualTo(1);

        // An explicit false keeps the 24 hours; a body that is not a boolean is refused and changes nothing.
        Api.admin().body(Map.of("revokePrevious", "yes")).post("/api/v1/clients/" + bank.clientId + "/secret-rotations")
                .then().statusCode(400).contentType("application/problem+json");
        Api.admin().body(Map.of("revokePrevious", false)).post("/api/v1/clients/" + bank.clientId + "/secret-rotations")
                .then().statusCode(201).body("previousValidUntil", notNullValue());
    }

    @Test
    void shouldManageClientsOnlyAsAdmin() {
        Api.supervisor().body(Map.of("clientId", "x-" + Api.next(), "name", "x", "kind", "SIGNING_SYSTEM"))
                .post("/api/v1/clients").then().statusCode(403);
        Api.admin().body(Map.of("clientId", "b-" + Api.next(), "name", "x", "kind", "BANK"))
                .post("/api/v1/clients").then().statusCode(400).body("violations[0].field", equalTo("bankCode"));
        Api.admin().body(Map.of("clientId", bank.clientId, "name", "x", "kind", "SIGNING_SYSTEM"))
                .post("/api/v1/clients").then().statusCode(409);
        Api.admin().body(Map.of("clientId", "UPPER", "name", "x", "kind", "SIGNING_SYSTEM"))
                .post("/api/v1/clients").then().statusCode(400).body("violations[0].field", equalTo("clientId"));
        Api.admin().post("/api/v1/clients/no-such-client/secret-rotations").then().statusCode(404);
    }

    @Test
    void shouldNotStoreSecretsInClear() {
        // The secret is never in the audit trail, and rotation events carry no secret either.
        String events = Api.admin().get("/api/v1/audit-events?size=200").then().statusCode(200).extract().asString();
        assertThat(events).doesNotContain(bank.secret);
    }

    @Test
    void shouldCountPushesPerBankInMetrics() {
        bank.post(PATH, body).then().statusCode(201);
        bank.post(PATH, body).then().statusCode(200);
        String bankCode = fx.bankCode();
        String metrics = Api.metrics();
        assertThat(metrics).containsPattern("escrow_bank_pushes_total\\{[^}]*bank=\"" + bankCode + "\"[^}]*outcome=\"accepted\"");
        assertThat(metrics).containsPattern("escrow_bank_pushes_total\\{[^}]*bank=\"" + bankCode + "\"[^}]*outcome=\"replayed\"");
        assertThat(metrics).contains("escrow_bank_push_seconds_bucket");
    }

    @Test
    void shouldLetTheSigningSystemReadSigningStatusWithASignedGet() {
        SignedClient signing = SignedClient.signingSystem();
        signing.get("/api/v1/projects/" + fx.projectId() + "/signing-status").then().statusCode(200)
                .body("enabled", equalTo(true));
        bank.get("/api/v1/projects/" + fx.projectId() + "/signing-status").then().statusCode(403);
        long ts = Instant.now().getEpochSecond();
        given().header("X-Client-Id", signing.clientId).header("X-Timestamp", "" + ts)
                .header("X-Signature", SignedClient.signature(signing.secret, ts, "GET", "/api/v1/projects/1/signing-status", ""))
                .get("/api/v1/projects/" + fx.projectId() + "/signing-status").then().statusCode(fx.projectId() == 1 ? 200 : 401);
        given().get("/api/v1/projects/" + fx.projectId() + "/signing-status").then().statusCode(401)
                .body("type", matchesPattern("/problems/unauthenticated"));
    }
}

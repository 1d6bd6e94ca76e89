package cn.escrow.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import cn.escrow.support.SigningWebhookReceiver;
import cn.escrow.support.SigningWebhookReceiver.Delivery;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The outbound webhook against a real HTTP receiver (SigningWebhookReceiver, on for the whole test run):
 * every signing event arrives once, in order, signed under the signing system's secret, across a receiver
 * outage and while the delivering cursor is held elsewhere.
 */
@QuarkusTest
class SigningWebhookTest {

    private static String secret;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void receiverTakesEverything() {
        SigningWebhookReceiver.answer(204);
        if (secret == null || Db.count("SELECT count(*) FROM machine_client WHERE client_id = ?", SigningWebhookReceiver.CLIENT_ID) == 0) {
            secret = Api.admin().body(Map.of("clientId", SigningWebhookReceiver.CLIENT_ID, "name", "网签备案系统 webhook",
                            "kind", "SIGNING_SYSTEM"))
                    .post("/api/v1/clients").then().statusCode(201).extract().jsonPath().getString("secret");
        }
        awaitCaughtUp();
    }

    private static long delivered() {
        return Db.count("SELECT delivered_seq FROM signing_webhook_cursor");
    }

    private static void awaitCaughtUp() {
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered() == SigningEventsTest.lastSeq());
    }

    private static long lock(long projectId) {
        return Api.supervisor().body(Map.of("reason", "webhook test")).post("/api/v1/projects/" + projectId + "/signing-locks")
                .then().statusCode(201).extract().jsonPath().getLong("lockId");
    }

    private static void lift(long projectId, long lockId) {
        Api.supervisor().delete("/api/v1/projects/" + projectId + "/signing-locks/" + lockId).then().statusCode(204);
    }

    private static List<Delivery> since(int index) {
        List<Delivery> all = SigningWebhookReceiver.deliveries();
        return all.subList(index, all.size());
    }

    private static List<Long> taken(List<Delivery> deliveries) {
        return deliveries.stream().filter(d -> d.answered() / 100 == 2).map(Delivery::seq).toList();
    }

    /** The seqs of the events after {@code after}, from the feed. */
    private static List<Long> seqs(long after) {
        return SigningEventsTest.events(after, 1000).stream().map(e -> ((Number) e.get("seq")).longValue()).toList();
    }

    /** A gauge's value in the Prometheus text. */
    private static double gauge(String name) {
        String text = Api.admin().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*})? ([0-9.eE+-]+)$").matcher(text);
        assertThat(m.find()).as("metric %s", name).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void shouldDeliverEveryEventOnceInOrderAcrossAReceiverOutage() {
        long a = Api.project("WA").projectId();
        long b = Api.project("WB").projectId();
        int from = SigningWebhookReceiver.deliveries().size();
        long start = SigningEventsTest.lastSeq();

        SigningWebhookReceiver.answer(500);
        long lockA = lock(a);
        lock(b);
        await().atMost(Duration.ofSeconds(30)).until(() -> since(from).stream().filter(d -> d.answered() == 500).count() >= 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> gauge("escrow_signing_webhook_undelivered") >= 2);
        assertThat(gauge("escrow_signing_webhook_lag_seconds")).isGreaterThan(0);
        long first = seqs(start).get(0);
        assertThat(since(from)).as("the refused first event is retried, the second waits its turn")
                .extracting(Delivery::seq).containsOnly(first);

        SigningWebhookReceiver.refuse();
        lift(a, lockA);
        lock(a);
        await().atMost(Duration.ofSeconds(30)).until(() -> Db.count(
                "SELECT count(*) FROM signing_webhook_cursor WHERE last_error LIKE 'no answer from the receiver%'") == 1);

        SigningWebhookReceiver.comeBack(204);
        awaitCaughtUp();
        List<Delivery> arrived = since(from);
        List<Long> expected = seqs(start);
        assertThat(expected).hasSize(4);
        assertThat(taken(arrived)).as("each event taken once, in order").containsExactlyElementsOf(expected);
        assertThat(taken(SigningWebhookReceiver.deliveries())).as("over the whole run too").isSorted().doesNotHaveDuplicates();

        List<Map<String, Object>> feed = SigningEventsTest.events(start, 1000);
        List<Delivery> ok = arrived.stream().filter(d -> d.answered() / 100 == 2).toList();
        for (int i = 0; i < ok.size(); i++) {
            Delivery d = ok.get(i);
            assertThat(JsonPath.from(d.body()).getMap("$")).as("the body is the event as the feed gives it").isEqualTo(feed.get(i));
            assertThat(d.method()).isEqualTo("POST");
            assertThat(d.target()).isEqualTo(SigningWebhookReceiver.TARGET);
            assertThat(d.contentType()).startsWith("application/json");
            assertThat(d.clientId()).isEqualTo(SigningWebhookReceiver.CLIENT_ID);
            assertThat(d.signature()).as("signed like a client request, under the signing system's secret")
                    .isEqualTo(SignedClient.signature(secret, Long.parseLong(d.timestamp()), "POST", d.target(), d.body()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gauge("escrow_signing_webhook_undelivered") == 0);
        assertThat(gauge("escrow_signing_webhook_lag_seconds")).isZero();
        assertThat(Db.count("SELECT attempts FROM signing_webhook_cursor")).isZero();
    }

    @Test
    void shouldDeliverWhatWasRecordedWhileAnotherHolderKeptTheCursor() throws Exception {
        long p = Api.project("WC").projectId();
        int from = SigningWebhookReceiver.deliveries().size();
        long start = SigningEventsTest.lastSeq();
        try (Connection other = dataSource.getConnection(); Statement s = other.createStatement()) {
            other.setAutoCommit(false);
            // What a second instance does while it delivers: this instance must not deliver meanwhile.
            try (ResultSet held = s.executeQuery("SELECT delivered_seq FROM signing_webhook_cursor FOR UPDATE")) {
                assertThat(held.next()).isTrue();
            }
            long lockId = lock(p);
            lift(p, lockId);
            lock(p);
            await().atMost(Duration.ofSeconds(30)).until(() -> gauge("escrow_signing_webhook_undelivered") >= 3);
            assertThat(taken(since(from))).as("nothing delivered while the cursor is held").isEmpty();
            other.rollback();
        }
        awaitCaughtUp();
        assertThat(seqs(start)).hasSize(3);
        assertThat(taken(since(from))).containsExactlyElementsOf(seqs(start));
    }

    @Test
    void shouldSignWithTheNewSecretAfterARotation() {
        String rotated = Api.admin().post("/api/v1/clients/" + SigningWebhookReceiver.CLIENT_ID + "/secret-rotations")
                .then().statusCode(201).extract().jsonPath().getString("secret");
        secret = rotated;
        int from = SigningWebhookReceiver.deliveries().size();
        lock(Api.project("WD").projectId());
        awaitCaughtUp();
        Delivery d = since(from).get(0);
        assertThat(d.signature()).isEqualTo(SignedClient.signature(rotated, Long.parseLong(d.timestamp()), "POST", d.target(), d.body()));
    }
}

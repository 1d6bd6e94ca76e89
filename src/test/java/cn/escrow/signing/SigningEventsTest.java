package cn.escrow.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.NoLeaks;
import cn.escrow.support.SignedClient;
import io.restassured.path.json.JsonPath;
import io.quarkus.test.junit.QuarkusTest;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signing-events feed over HTTP: one event per change of signing state, its reasons, who may read it, paging. */
@QuarkusTest
class SigningEventsTest {

    /** The events after {@code after}, read by a supervisor. */
    static List<Map<String, Object>> events(long after, int limit) {
        return Api.supervisor().get("/api/v1/signing-events?after=" + after + "&limit=" + limit)
                .then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** The seq of the newest event (0 when there is none). */
    static long lastSeq() {
        return Db.count("SELECT coalesce(max(seq), 0) FROM signing_event");
    }

    private static List<Map<String, Object>> eventsOf(long projectId, long after) {
        return events(after, 1000).stream().filter(e -> ((Number) e.get("projectId")).longValue() == projectId).toList();
    }

    @Test
    void shouldRecordOneEventPerChangeOfALockedProjectWithItsReasons() {
        SigningFixture s = new SigningFixture();
        long before = lastSeq();
        long first = Api.supervisor().body(Map.of("reason", "资金异常 待核查")).post("/api/v1/projects/" + s.fx.projectId() + "/signing-locks")
                .then().statusCode(201).extract().jsonPath().getLong("lockId");
        long second = Api.supervisor().body(Map.of("reason", "second lock")).post("/api/v1/projects/" + s.fx.projectId() + "/signing-locks")
                .then().statusCode(201).extract().jsonPath().getLong("lockId");
        String since = s.status().getString("since");
        Api.supervisor().delete("/api/v1/projects/" + s.fx.projectId() + "/signing-locks/" + first).then().statusCode(204);

        List<Map<String, Object>> events = eventsOf(s.fx.projectId(), before);
        assertThat(events).as("a second lock and lifting one of two change nothing").hasSize(1);
        JsonPath off = JsonPath.from(Api.supervisor().get("/api/v1/signing-events?after=" + before + "&limit=1000").asString());
        String path = "find { it.projectId == " + s.fx.projectId() + " }";
        assertThat(off.getBoolean(path + ".enabled")).isFalse();
        assertThat(off.getString(path + ".at")).isEqualTo(since);
        assertThat(off.getList(path + ".reasons.kind")).as("the reasons when the change committed").containsExactly("MANUAL");
        assertThat(off.getLong(path + ".reasons[0].lockId")).isEqualTo(first);
        assertThat(off.getString(path + ".reasons[0].reason")).isEqualTo("资金异常 待核查");
        assertThat(off.getString(path + ".reasons[0].lockedBy")).isNotBlank();
        assertThat(OffsetDateTime.parse(off.getString(path + ".reasons[0].lockedAt")).getOffset().getId()).isEqualTo("+08:00");

        Api.supervisor().delete("/api/v1/projects/" + s.fx.projectId() + "/signing-locks/" + second).then().statusCode(204);
        List<Map<String, Object>> after = eventsOf(s.fx.projectId(), before);
        assertThat(after).hasSize(2);
        assertThat(after.get(1).get("enabled")).isEqualTo(true);
        assertThat(after.get(1).get("reasons")).isEqualTo(List.of());
        assertThat(((Number) after.get(1).get("seq")).longValue()).isGreaterThan(((Number) after.get(0).get("seq")).longValue());
        assertThat(after.get(1).get("at")).isEqualTo(s.status().getString("since"));
    }

    @Test
    void shouldRecordTheSweepAndTheSettlingCreditOnceEach() {
        SigningFixture s = new SigningFixture();
        String serial = s.disburse("700000.00");
        s.pushedDaysAgo(serial, 31);
        long before = lastSeq();
        SigningFixture.sweep();
        SigningFixture.sweep();
        List<Map<String, Object>> off = eventsOf(s.fx.projectId(), before);
        assertThat(off).as("the second sweep changes nothing").hasSize(1);
        assertThat(off.get(0).get("enabled")).isEqualTo(false);
        @SuppressWarnings("unchecked")
        Map<String, Object> reason = ((List<Map<String, Object>>) off.get(0).get("reasons")).get(0);
        assertThat(reason).containsEntry("kind", "OVERDUE_LOAN_FUNDS").containsEntry("serialNo", serial)
                .containsEntry("amount", "700000.00");
        assertThat(reason.get("contractNo")).isNotNull();
        assertThat(OffsetDateTime.parse((String) reason.get("dueAt")).getOffset().getId()).isEqualTo("+08:00");
        assertThat(s.status().getList("reasons")).as("the status lists the same reasons").containsExactly(reason);

        s.credit(serial, "700000.00");
        List<Map<String, Object>> on = eventsOf(s.fx.projectId(), before);
        assertThat(on).hasSize(2);
        assertThat(on.get(1)).containsEntry("enabled", true).containsEntry("reasons", List.of());
    }

    @Test
    void shouldServeTheSigningSystemAndStaffButNoOneElse() {
        SigningFixture s = new SigningFixture();
        Api.supervisor().body(Map.of("reason", "feed access")).post("/api/v1/projects/" + s.fx.projectId() + "/signing-locks")
                .then().statusCode(201);
        long after = lastSeq() - 1;
        String path = "/api/v1/signing-events?after=" + after;
        SignedClient signing = SignedClient.signingSystem();
        signing.get(path).then().statusCode(200).body("[0].seq", equalTo((int) lastSeq()))
                .body("[0].projectId", equalTo((int) s.fx.projectId()));
        for (String role : List.of("SUPERVISOR", "AUDITOR", "ADMIN")) {
            Api.as(Api.user(role, null)).get(path).then().statusCode(200).body("[0].seq", equalTo((int) lastSeq()));
        }
        NoLeaks.assertProblemWithoutLeaks(io.restassured.RestAssured.given().get(path).then().statusCode(401).extract().response());
        s.bank.get(path).then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        Api.as(Api.user("ENTERPRISE", s.fx.enterpriseId())).get(path).then().statusCode(403);
        SignedClient forged = SignedClient.signingSystem();
        forged.secret = "0".repeat(64);
        forged.get(path).then().statusCode(401).body("type", equalTo("/problems/unauthenticated"));
    }

    @Test
    void shouldRefuseBadPositionsAndLimitsWith400() {
        for (String query : List.of("after=-1", "after=abc", "after=1.5", "limit=0", "limit=1001", "limit=x", "limit=-5")) {
            var response = Api.supervisor().urlEncodingEnabled(false).get("/api/v1/signing-events?" + query)
                    .then().statusCode(400).body("type", equalTo("/problems/validation-failed")).extract().response();
            NoLeaks.assertProblemWithoutLeaks(query, response);
        }
        Api.supervisor().get("/api/v1/signing-events?after=" + (lastSeq() + 1000)).then().statusCode(200).body("size()", equalTo(0));
    }

    @Test
    void shouldPageByLimitWithADefaultOf100() {
        SigningFixture s = new SigningFixture();
        long before = lastSeq();
        for (int i = 0; i < 105; i++) { // each statement commits on its own: one flip, one event
            Db.update("UPDATE project SET signing_enabled = NOT signing_enabled, signing_changed_at = now() WHERE id = ?",
                    s.fx.projectId());
        }
        List<Map<String, Object>> page = Api.supervisor().get("/api/v1/signing-events?after=" + before)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(page).hasSize(100);
        List<Map<String, Object>> all = events(before, 1000);
        assertThat(all).hasSize(105);
        assertThat(events(before, 2)).containsExactlyElementsOf(all.subList(0, 2));
        long third = ((Number) all.get(1).get("seq")).longValue();
        assertThat(events(third, 3)).containsExactlyElementsOf(all.subList(2, 5));
        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).get("enabled")).as("event %d alternates", i).isEqualTo(i % 2 == 1);
        }
        Db.update("UPDATE project SET signing_enabled = TRUE, signing_changed_at = now() WHERE id = ?", s.fx.projectId());
    }

    @Test
    void shouldDescribeTheFeedAndTheWebhookInOpenApi() {
        JsonPath doc = io.restassured.RestAssured.given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getList("paths.'/api/v1/signing-events'.get.parameters.name")).contains("after", "limit");
        assertThat(doc.getString("webhooks.signingEvent.post.requestBody.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/SigningEvent");
        assertThat(doc.getList("webhooks.signingEvent.post.parameters.name"))
                .containsExactlyInAnyOrder("X-Client-Id", "X-Timestamp", "X-Signature");
        assertThat(doc.getMap("components.schemas.SigningEvent.properties")).containsKeys("seq", "projectId", "enabled", "at", "reasons");
    }
}

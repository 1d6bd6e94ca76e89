package cn.escrow.oversight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Spot checks and the rectification notice lifecycle: who may do what, in which state. */
@QuarkusTest
class RectificationTest {

    @Test
    void shouldRecordSpotChecksAndShowThemToTheBureauAndTheOwnEnterpriseOnly() {
        OversightFixture o = new OversightFixture();
        String path = "/api/v1/projects/" + o.fx.projectId() + "/spot-checks";
        Api.supervisor().body(Map.of("kind", "SCHEDULED", "checkedAt", "2026-03-02T10:00:00+08:00", "findings", "首付款全部进入监管账户",
                        "compliant", true)).post(path).then().statusCode(201)
                .body("projectId", equalTo((int) o.fx.projectId())).body("kind", equalTo("SCHEDULED"))
                .body("checkedAt", equalTo("2026-03-02T10:00:00+08:00")).body("compliant", equalTo(true))
                .body("findings", equalTo("首付款全部进入监管账户"));
        o.spotCheck(false);

        JsonPath own = Api.as(o.enterpriseUser).get(path).then().statusCode(200).header("X-Total-Count", "2").extract().jsonPath();
        assertThat(own.getList("compliant")).containsExactly(false, true); // latest check first
        Api.as(Api.user("AUDITOR", null)).get(path).then().statusCode(200).header("X-Total-Count", "2");
        Api.as(new OversightFixture().enterpriseUser).get(path).then().statusCode(404); // another enterprise's: as if none
        Api.as(o.enterpriseUser).body(Map.of("kind", "SURPRISE", "checkedAt", OversightFixture.inDays(-1), "findings", "x",
                "compliant", true)).post(path).then().statusCode(403);
        Api.as(Api.user("AUDITOR", null)).body(Map.of("kind", "SURPRISE", "checkedAt", OversightFixture.inDays(-1), "findings", "x",
                "compliant", true)).post(path).then().statusCode(403);
        Api.supervisor().get("/api/v1/projects/99999999/spot-checks").then().statusCode(404);
    }

    @Test
    void shouldValidateSpotChecks() {
        OversightFixture o = new OversightFixture();
        String path = "/api/v1/projects/" + o.fx.projectId() + "/spot-checks";
        Api.supervisor().body(Map.of("kind", "RANDOM", "checkedAt", OversightFixture.inDays(-1), "findings", "x", "compliant", true))
                .post(path).then().statusCode(400).body("violations.field", hasItem("kind"));
        Api.supervisor().body(Map.of("kind", "SURPRISE", "checkedAt", OversightFixture.inDays(1), "findings", "x", "compliant", true))
                .post(path).then().statusCode(400).body("violations.field", hasItem("checkedAt"));
        Api.supervisor().body(Map.of("kind", "SURPRISE", "checkedAt", "2026-03-02T10:00:00", "findings", "x", "compliant", true))
                .post(path).then().statusCode(400).body("violations.field", hasItem("checkedAt"));
        Api.supervisor().body(Map.of("kind", "SURPRISE", "checkedAt", OversightFixture.inDays(-1), "findings", " ")).post(path)
                .then().statusCode(400).body("violations.field", hasItem("findings")).body("violations.field", hasItem("compliant"));
        Api.supervisor().body(Map.of("kind", "SURPRISE", "checkedAt", OversightFixture.inDays(-1), "findings", "x", "compliant", "yes"))
                .post(path).then().statusCode(400);
        Api.supervisor().body(Map.of("kind", "SURPRISE", "checkedAt", OversightFixture.inDays(-1), "findings", "x", "compliant", true))
                .post("/api/v1/projects/99999999/spot-checks").then().statusCode(404);
    }

    @Test
    void shouldRunTheRectificationLifecycleAndRefuseWrongTransitions() {
        OversightFixture o = new OversightFixture();
        String deadline = OversightFixture.inDays(10);
        long check = o.spotCheck(false);
        io.restassured.response.Response created = Api.supervisor()
                .body(Map.of("requirement", "十日内将首付款转入监管账户", "deadline", deadline))
                .post("/api/v1/spot-checks/" + check + "/rectifications");
        created.then().statusCode(201);
        JsonPath issued = created.jsonPath();
        long id = issued.getLong("id");
        assertThat(created.header("Location")).endsWith("/api/v1/rectifications/" + id);
        assertThat(issued.getString("status")).isEqualTo("ISSUED");
        assertThat(issued.getLong("spotCheckId")).isEqualTo(check);
        assertThat(issued.getLong("projectId")).isEqualTo(o.fx.projectId());
        assertThat(issued.getLong("enterpriseId")).isEqualTo(o.fx.enterpriseId());
        assertThat(issued.getString("deadline")).isEqualTo(deadline);
        String r = "/api/v1/rectifications/" + id;

        // ISSUED: nothing to accept or reject yet.
        Api.supervisor().body(Map.of("note", "ok")).post(r + "/acceptance").then().statusCode(409)
                .body("type", equalTo("/problems/conflict"));
        Api.supervisor().body(Map.of("note", "no")).post(r + "/rejection").then().statusCode(409);
        // Only the addressed enterprise responds; to another, the notice does not exist.
        Api.as(new OversightFixture().enterpriseUser).body(Map.of("response", "x")).post(r + "/response").then().statusCode(404)
                .body("type", equalTo("/problems/not-found"));
        Api.supervisor().body(Map.of("response", "x")).post(r + "/response").then().statusCode(403);
        Api.as(o.enterpriseUser).body(Map.of()).post(r + "/response").then().statusCode(400);

        JsonPath responded = o.respond(id);
        assertThat(responded.getString("respondedBy")).isEqualTo(o.enterpriseUser);
        Api.as(o.enterpriseUser).body(Map.of("response", "again")).post(r + "/response").then().statusCode(409);
        Api.as(o.enterpriseUser).body(Map.of("note", "ok")).post(r + "/acceptance").then().statusCode(403);

        // Rejected: back to ISSUED, same deadline.
        Api.supervisor().body(Map.of("note", "回单金额不足")).post(r + "/rejection").then().statusCode(200)
                .body("status", equalTo("ISSUED")).body("deadline", equalTo(deadline)).body("decision", equalTo("REJECTED"))
                .body("decisionNote", equalTo("回单金额不足"));
        Api.supervisor().body(Map.of("note", "ok")).post(r + "/acceptance").then().statusCode(409);
        o.respond(id);
        Api.supervisor().body(Map.of()).post(r + "/acceptance").then().statusCode(400);
        Api.supervisor().body(Map.of("note", "已整改到位")).post(r + "/acceptance").then().statusCode(200)
                .body("status", equalTo("CLOSED")).body("decision", equalTo("ACCEPTED")).body("closedAt", notNullValue());

        // CLOSED is final.
        Api.supervisor().body(Map.of("note", "again")).post(r + "/acceptance").then().statusCode(409);
        Api.supervisor().body(Map.of("note", "again")).post(r + "/rejection").then().statusCode(409);
        Api.as(o.enterpriseUser).body(Map.of("response", "again")).post(r + "/response").then().statusCode(409);
        Api.supervisor().body(Map.of("note", "x")).post("/api/v1/rectifications/99999999/acceptance").then().statusCode(404);

        List<String> actions = Api.supervisor().get("/api/v1/audit-events?projectId=" + o.fx.projectId() + "&size=50").then()
                .statusCode(200).extract().jsonPath().getList("action");
        assertThat(actions).containsSubsequence("RECTIFICATION_ACCEPTED", "RECTIFICATION_RESPONDED", "RECTIFICATION_REJECTED",
                "RECTIFICATION_RESPONDED", "RECTIFICATION_ISSUED", "SPOT_CHECK_RECORDED");
        // A closed notice never blacklists, even once its deadline has passed.
        OversightFixture.deadlinePassed(id);
        OversightFixture.sweep();
        assertThat(o.status(id)).isEqualTo("CLOSED");
        assertThat(o.blacklisted()).isFalse();
    }

    @Test
    void shouldIssueOnlyForNonCompliantChecksWithAFutureDeadline() {
        OversightFixture o = new OversightFixture();
        Api.supervisor().body(Map.of("requirement", "x", "deadline", OversightFixture.inDays(5)))
                .post("/api/v1/spot-checks/" + o.spotCheck(true) + "/rectifications").then().statusCode(409);
        long check = o.spotCheck(false);
        String path = "/api/v1/spot-checks/" + check + "/rectifications";
        Api.supervisor().body(Map.of("requirement", "x", "deadline", OversightFixture.inDays(-1))).post(path).then().statusCode(400)
                .body("violations.field", hasItem("deadline"));
        Api.supervisor().body(Map.of("requirement", "x", "deadline", "2030-01-01")).post(path).then().statusCode(400)
                .body("violations.field", hasItem("deadline"));
        Api.supervisor().body(Map.of("deadline", OversightFixture.inDays(5))).post(path).then().statusCode(400)
                .body("violations.field", hasItem("requirement"));
        Api.as(o.enterpriseUser).body(Map.of("requirement", "x", "deadline", OversightFixture.inDays(5))).post(path).then()
                .statusCode(403);
        Api.supervisor().body(Map.of("requirement", "x", "deadline", OversightFixture.inDays(5)))
                .post("/api/v1/spot-checks/99999999/rectifications").then().statusCode(404);
    }

    @Test
    void shouldListAndShowNoticesToTheBureauAndTheOwnEnterpriseOnly() {
        OversightFixture o = new OversightFixture();
        OversightFixture other = new OversightFixture();
        long a = o.rectification(5);
        long b = o.rectification(6);
        o.respond(b);
        long foreign = other.rectification(5);

        JsonPath mine = Api.as(o.enterpriseUser).get("/api/v1/rectifications?size=200").then().statusCode(200)
                .header("X-Total-Count", "2").extract().jsonPath();
        assertThat(mine.getList("id", Long.class)).containsExactly(b, a);
        Api.as(o.enterpriseUser).get("/api/v1/rectifications?enterpriseId=" + other.fx.enterpriseId()).then().statusCode(404);
        Api.as(o.enterpriseUser).get("/api/v1/rectifications/" + foreign).then().statusCode(404)
                .body("detail", equalTo("Rectification " + foreign + " not found"));
        Api.as(o.enterpriseUser).get("/api/v1/rectifications/" + a).then().statusCode(200).body("response", nullValue());

        Api.as(Api.user("AUDITOR", null)).get("/api/v1/rectifications?enterpriseId=" + o.fx.enterpriseId() + "&status=RESPONDED")
                .then().statusCode(200).header("X-Total-Count", "1").body("[0].id", equalTo((int) b));
        Api.supervisor().get("/api/v1/rectifications?enterpriseId=" + o.fx.enterpriseId() + "&status=ISSUED").then()
                .statusCode(200).header("X-Total-Count", "1").body("[0].id", equalTo((int) a));
        Api.supervisor().get("/api/v1/rectifications?status=SLEEPING").then().statusCode(400);
        Api.supervisor().get("/api/v1/rectifications/99999999").then().statusCode(404);
    }

    @Test
    void shouldRefuseMovesOnceTheDeadlineHasPassedEvenBeforeTheSweep() {
        OversightFixture o = new OversightFixture();
        long issued = o.rectification(5);
        long responded = o.rectification(5);
        o.respond(responded);
        OversightFixture.deadlinePassed(issued);
        OversightFixture.deadlinePassed(responded);
        Api.as(o.enterpriseUser).body(Map.of("response", "late")).post("/api/v1/rectifications/" + issued + "/response").then()
                .statusCode(409);
        Api.supervisor().body(Map.of("note", "late")).post("/api/v1/rectifications/" + responded + "/acceptance").then()
                .statusCode(409);
        assertThat(o.status(issued)).isEqualTo("ISSUED");
        assertThat(o.status(responded)).isEqualTo("RESPONDED");
        OversightFixture.sweep();
        assertThat(o.status(issued)).isEqualTo("OVERDUE");
        assertThat(o.status(responded)).isEqualTo("OVERDUE");
        assertThat(o.blacklisted()).isTrue();
        assertThat(Db.count("SELECT count(*) FROM blacklist_history WHERE enterprise_id = ?", o.fx.enterpriseId())).isEqualTo(1);
    }

    /** Four eyes: whoever responded to a notice does not judge the response (here a legacy row names a supervisor). */
    @Test
    void shouldNotLetTheRespondentJudgeTheirOwnResponse() {
        OversightFixture o = new OversightFixture();
        long id = o.rectification(5);
        o.respond(id);
        String judge = Api.user("SUPERVISOR", null);
        Db.update("UPDATE rectification SET responded_by = ? WHERE id = ?", judge, id);
        String r = "/api/v1/rectifications/" + id;
        Api.as(judge).body(Map.of("note", "ok")).post(r + "/acceptance").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        Api.as(judge).body(Map.of("note", "no")).post(r + "/rejection").then().statusCode(403);
        assertThat(o.status(id)).isEqualTo("RESPONDED");
        Api.supervisor().body(Map.of("note", "已整改到位")).post(r + "/acceptance").then().statusCode(200)
                .body("status", equalTo("CLOSED"));
    }
}

package cn.escrow.oversight;

import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** An enterprise with a project and one of its users, and the oversight moves the tests need. */
final class OversightFixture {

    final Api.Fixture fx;
    final String enterpriseUser;

    OversightFixture() {
        fx = Api.project("OV" + (Api.next() % 100000));
        enterpriseUser = Api.user("ENTERPRISE", fx.enterpriseId());
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    static String inDays(int days) {
        // Seconds always written, as the service writes times: toString() drops ":00" in one second of sixty.
        return OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(days).format(SECONDS);
    }

    long spotCheck(boolean compliant) {
        return Api.supervisor().body(Map.of("kind", "SURPRISE", "checkedAt", inDays(-1), "findings",
                        compliant ? "资金归集正常" : "部分首付款未进入监管账户", "compliant", compliant))
                .post("/api/v1/projects/" + fx.projectId() + "/spot-checks").then().statusCode(201)
                .extract().jsonPath().getLong("id");
    }

    /** Issues a notice after a new non-compliant spot check, due in {@code days} days. */
    long rectification(int days) {
        return Api.supervisor().body(Map.of("requirement", "十日内将首付款转入监管账户", "deadline", inDays(days)))
                .post("/api/v1/spot-checks/" + spotCheck(false) + "/rectifications").then().statusCode(201)
                .body("status", equalTo("ISSUED")).extract().jsonPath().getLong("id");
    }

    JsonPath respond(long id) {
        return Api.as(enterpriseUser).body(Map.of("response", "已于本周转入全部首付款，附银行回单"))
                .post("/api/v1/rectifications/" + id + "/response").then().statusCode(200)
                .body("status", equalTo("RESPONDED")).extract().jsonPath();
    }

    /** Moves a notice's deadline a minute into the past (and its issue ten days back, as the schema wants). */
    static void deadlinePassed(long id) {
        int moved = Db.update("""
                UPDATE rectification SET issued_at = issued_at - interval '10 days', deadline = now() - interval '1 minute'
                WHERE id = ?""", id);
        if (moved != 1) {
            throw new IllegalStateException("no rectification " + id);
        }
    }

    static JsonPath sweep() {
        return Api.supervisor().post("/api/v1/rectification-sweeps").then().statusCode(200).extract().jsonPath();
    }

    boolean blacklisted() {
        return Api.supervisor().get("/api/v1/enterprises/" + fx.enterpriseId()).then().statusCode(200).extract().jsonPath()
                .getBoolean("blacklisted");
    }

    JsonPath history() {
        return Api.supervisor().get("/api/v1/enterprises/" + fx.enterpriseId() + "/blacklist-history").then().statusCode(200)
                .extract().jsonPath();
    }

    String status(long rectificationId) {
        return Api.supervisor().get("/api/v1/rectifications/" + rectificationId).then().statusCode(200).extract().jsonPath()
                .getString("status");
    }
}

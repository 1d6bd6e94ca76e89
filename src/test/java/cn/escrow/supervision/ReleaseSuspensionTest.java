package cn.escrow.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A supervisor suspends a project's releases by hand with a reason; another lifts it; the bank sees instructions unpayable. */
@QuarkusTest
class ReleaseSuspensionTest {

    @Test
    void shouldRefuseApprovalsAndPaymentWhileSuspendedUntilAnotherSupervisorLiftsIt() {
        ReleaseFixture f = new ReleaseFixture();
        String approved = ReleaseBugsTest.approvedStory(f);
        String waiting = f.apply("PRESALE_PERMIT", "0.01");
        String base = "/api/v1/projects/" + f.projectId() + "/release-suspensions";

        Api.supervisor().body(Map.of()).post(base).then().statusCode(400).body("type", equalTo("/problems/validation-failed"));
        Api.as(f.enterpriseUser).body(Map.of("reason", "x")).post(base).then().statusCode(403);
        Api.supervisor().body(Map.of("reason", "定金未进入监管账户")).post(base).then().statusCode(201)
                .body("suspendedBy", notNullValue()).body("liftedAt", equalTo(null));
        Api.supervisor().body(Map.of("reason", "again")).post(base).then().statusCode(409);

        assertThat(f.position().getBoolean("releasesSuspended")).isTrue();
        f.approve(waiting).then().statusCode(409).body("rule", equalTo("RELEASES_SUSPENDED"));
        f.bank.get("/api/v1/bank/release-instructions/" + approved).then().statusCode(200).body("payable", equalTo(false));

        // Who suspended does not lift it alone.
        Api.supervisor().body(Map.of("reason", "已核查")).post(base + "/lifting").then().statusCode(403);
        Api.as(Api.user("SUPERVISOR", null)).body(Map.of("reason", "已核查，定金已补缴")).post(base + "/lifting").then().statusCode(200)
                .body("liftReason", equalTo("已核查，定金已补缴"));
        Api.supervisor().body(Map.of("reason", "again")).post(base + "/lifting").then().statusCode(409);

        assertThat(f.position().getBoolean("releasesSuspended")).isFalse();
        f.bank.get("/api/v1/bank/release-instructions/" + approved).then().statusCode(200).body("payable", equalTo(true));
        JsonPath history = Api.as(f.enterpriseUser).get(base).then().statusCode(200).extract().jsonPath();
        assertThat(history.getList("reason")).containsExactly("定金未进入监管账户");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action IN ('RELEASES_SUSPENDED', 'RELEASE_SUSPENSION_LIFTED')"
                + " AND project_id = ?", f.projectId())).isEqualTo(2);
        Api.as(new ReleaseFixture().enterpriseUser).get(base).then().statusCode(404);
        Api.supervisor().body(Map.of("reason", "x")).post("/api/v1/projects/99999999/release-suspensions").then().statusCode(404);
    }
}

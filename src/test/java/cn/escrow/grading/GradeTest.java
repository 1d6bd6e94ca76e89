package cn.escrow.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasToString;

import cn.escrow.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Graded supervision: grades with history and four eyes when they move money, their effect on the key-amount proposal, and the lowering by a bad record. */
@QuarkusTest
class GradeTest {

    Api.Fixture fx;
    RequestSpecification other;

    @BeforeEach
    void setUp() {
        fx = Api.project("G" + (Api.next() % 100000));
        other = Api.as(Api.user("SUPERVISOR", null));
    }

    String grades() {
        return "/api/v1/enterprises/" + fx.enterpriseId() + "/grade-changes";
    }

    String proposal() {
        return Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/key-amount-proposal").then().statusCode(200)
                .extract().jsonPath().getString("proposedKeyAmount");
    }

    @Test
    void aBetterGradeTakesTwoPeopleAndLowersTheProposalABadRecordRaisesItAtOnce() {
        Api.supervisor().body(Map.of("floorArea", "10000.00", "averagePrice", "8000.00", "fitOut", "SHELL"))
                .put("/api/v1/projects/" + fx.projectId() + "/supervision-parameters").then().statusCode(200);
        assertThat(proposal()).isEqualTo("38000000.00"); // grade B: 3800 CNY/m2 x 10,000 m2
        Api.supervisor().get("/api/v1/enterprises/" + fx.enterpriseId()).then().statusCode(200).body("grade", equalTo("B"));

        long id = Api.supervisor().body(Map.of("grade", "A", "reason", "连续两年信用评价优良")).post(grades()).then().statusCode(201)
                .body("status", equalTo("PROPOSED")).body("previous", equalTo("B")).extract().jsonPath().getLong("id");
        assertThat(proposal()).isEqualTo("38000000.00"); // not yet
        Api.supervisor().body(Map.of("reason", "复核")).post(grades() + "/" + id + "/approval").then().statusCode(403);
        Api.supervisor().body(Map.of("grade", "C", "reason", "x")).post(grades()).then().statusCode(409); // one proposal at a time
        other.body(Map.of("reason", "复核信用评价材料无误")).post(grades() + "/" + id + "/approval").then().statusCode(200)
                .body("status", equalTo("APPLIED"));
        other.body(Map.of("reason", "again")).post(grades() + "/" + id + "/approval").then().statusCode(409);
        assertThat(proposal()).isEqualTo("31666666.67"); // 25 % instead of 30 %
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/key-amount-proposal").then()
                .body("inputs.grade", equalTo("A")).body("inputs.gradePercent", hasToString("25.00"));

        // a failed spot check: grade C at once, the proposal back to the standard
        Api.supervisor().body(Map.of("kind", "SURPRISE", "checkedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusDays(1)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX")), "findings", "首付款未入账", "compliant", false))
                .post("/api/v1/projects/" + fx.projectId() + "/spot-checks").then().statusCode(201);
        Api.supervisor().get("/api/v1/enterprises/" + fx.enterpriseId()).then().body("grade", equalTo("C"));
        assertThat(proposal()).isEqualTo("38000000.00");

        // C to B keeps the percentage (30 %): applied at once by one person
        Api.supervisor().body(Map.of("grade", "B", "reason", "整改完成")).post(grades()).then().statusCode(201)
                .body("status", equalTo("APPLIED"));
        // a blacklisting lowers it again
        Api.supervisor().body(Map.of("reason", "挪用监管资金")).post("/api/v1/enterprises/" + fx.enterpriseId() + "/blacklisting")
                .then().statusCode(201);
        List<String> sources = Api.supervisor().get(grades()).then().statusCode(200).extract().jsonPath().getList("source");
        assertThat(sources).containsExactly("BLACKLISTING", "MANUAL", "SPOT_CHECK", "MANUAL");
        Api.supervisor().get(grades()).then().body("[0].grade", equalTo("C")).body("[0].previous", equalTo("B"));
        Api.supervisor().body(Map.of("grade", "D", "reason", "x")).post(grades()).then().statusCode(400);
        Api.supervisor().body(Map.of("grade", "A", "reason", "x")).post("/api/v1/enterprises/99999999/grade-changes").then().statusCode(404);
    }
}

package cn.escrow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.escrow.support.Api;
import cn.escrow.support.NoLeaks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProjectApiTest {

    static long enterprise() {
        return Api.supervisor().body(Map.of("name", "项目测试企业" + Api.next(), "creditCode", Api.creditCode()))
                .post("/api/v1/enterprises").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    static long project(long enterpriseId) {
        return Api.supervisor().body(Map.of("enterpriseId", enterpriseId, "name", "项目" + Api.next(),
                        "presalePermitNo", "昆预许" + Api.next()))
                .post("/api/v1/projects").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void shouldRegisterProjectWithSigningEnabled() {
        long enterpriseId = enterprise();
        String name = "春城花园" + Api.next();
        String permit = "昆预许字" + Api.next() + "号";
        Response r = Api.supervisor().body(Map.of("enterpriseId", enterpriseId, "name", name,
                        "presalePermitNo", permit, "address", "昆明市盘龙区北京路1号"))
                .post("/api/v1/projects");
        r.then().statusCode(201)
                .contentType("application/json")
                .body("id", notNullValue())
                .body("enterpriseId", equalTo((int) enterpriseId))
                .body("name", equalTo(name))
                .body("presalePermitNo", equalTo(permit))
                .body("signingEnabled", equalTo(true));
        long id = r.jsonPath().getLong("id");

        Api.supervisor().get("/api/v1/projects/" + id).then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("enterpriseId", equalTo((int) enterpriseId))
                .body("name", equalTo(name))
                .body("presalePermitNo", equalTo(permit))
                .body("signingEnabled", equalTo(true));
    }

    @Test
    void shouldRefuseUnknownEnterprise() {
        String permit = "昆预许" + Api.next();
        Response r = Api.supervisor().body(Map.of("enterpriseId", 987_654_321_012L, "name", "无主项目",
                "presalePermitNo", permit)).post("/api/v1/projects");
        r.then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unknown-reference"));
        NoLeaks.assertProblemWithoutLeaks(r);
    }

    @Test
    void shouldRefuseDuplicatePresalePermit() {
        long enterpriseId = enterprise();
        String permit = "昆预许" + Api.next();
        Api.supervisor().body(Map.of("enterpriseId", enterpriseId, "name", "一期", "presalePermitNo", permit))
                .post("/api/v1/projects").then().statusCode(201);
        Response r = Api.supervisor().body(Map.of("enterpriseId", enterprise(), "name", "二期", "presalePermitNo", permit))
                .post("/api/v1/projects");
        r.then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/conflict"));
        NoLeaks.assertProblemWithoutLeaks(r);
    }

    @Test
    void shouldAnswerUnknownProjectWith404() {
        Api.supervisor().get("/api/v1/projects/987654321012").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void shouldListProjectsOfOneEnterprise() {
        long a = enterprise();
        long b = enterprise();
        long a1 = project(a);
        long b1 = project(b);
        long a2 = project(a);

        Response r = Api.supervisor().queryParam("enterpriseId", a).get("/api/v1/projects");
        r.then().statusCode(200).header("X-Total-Count", "2");
        assertThat(r.jsonPath().getList("id", Long.class)).containsExactly(a1, a2);
        assertThat(r.jsonPath().getList("enterpriseId", Long.class)).containsOnly(a);

        Response rb = Api.supervisor().queryParam("enterpriseId", b).get("/api/v1/projects");
        rb.then().statusCode(200).header("X-Total-Count", "1");
        assertThat(rb.jsonPath().getList("id", Long.class)).containsExactly(b1);

        Response page = Api.supervisor().queryParam("enterpriseId", a).queryParam("size", 1).queryParam("page", 1)
                .get("/api/v1/projects");
        page.then().statusCode(200).header("X-Total-Count", "2");
        assertThat(page.jsonPath().getList("id", Long.class)).isEqualTo(List.of(a2));
    }

    @Test
    void shouldLetAuditorReadButNotRegisterProjects() {
        long enterpriseId = enterprise();
        long id = project(enterpriseId);
        String auditor = Api.user("AUDITOR", null);
        Api.as(auditor).get("/api/v1/projects/" + id).then().statusCode(200);
        Api.as(auditor).body(Map.of("enterpriseId", enterpriseId, "name", "审计员项目", "presalePermitNo", "昆预许" + Api.next()))
                .post("/api/v1/projects").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
    }
}

package cn.escrow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import cn.escrow.support.Api;
import cn.escrow.support.NoLeaks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EnterpriseApiTest {

    private static final String CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    /** The same credit code with a different (hence wrong) check character. */
    static String withWrongCheckCharacter(String code) {
        char check = code.charAt(17);
        char wrong = CREDIT_CODE_CHARS.charAt((CREDIT_CODE_CHARS.indexOf(check) + 1) % CREDIT_CODE_CHARS.length());
        return code.substring(0, 17) + wrong;
    }

    private static long create(String name) {
        return Api.supervisor().body(Map.of("name", name, "creditCode", Api.creditCode()))
                .post("/api/v1/enterprises").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    @Test
    void shouldRegisterEnterpriseNotBlacklisted() {
        String name = "滇池置业有限公司" + Api.next();
        String code = Api.creditCode();
        Response r = Api.supervisor().body(Map.of("name", name, "creditCode", code)).post("/api/v1/enterprises");
        r.then().statusCode(201)
                .contentType("application/json")
                .body("id", notNullValue())
                .body("name", equalTo(name))
                .body("creditCode", equalTo(code))
                .body("blacklisted", equalTo(false));
        long id = r.jsonPath().getLong("id");

        Api.supervisor().get("/api/v1/enterprises/" + id).then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("name", equalTo(name))
                .body("creditCode", equalTo(code))
                .body("blacklisted", equalTo(false));
    }

    @Test
    void shouldLetAdminRegisterEnterprise() {
        Api.admin().body(Map.of("name", "管理员登记企业" + Api.next(), "creditCode", Api.creditCode()))
                .post("/api/v1/enterprises").then().statusCode(201);
    }

    @Test
    void shouldRefuseCreditCodeWithWrongCheckCharacter() {
        String good = Api.creditCode();
        String bad = withWrongCheckCharacter(good);
        Response r = Api.supervisor().body(Map.of("name", "校验位错误企业" + Api.next(), "creditCode", bad))
                .post("/api/v1/enterprises");
        r.then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation-failed"))
                .body("violations.field", hasItem("creditCode"));
        NoLeaks.assertProblemWithoutLeaks(r);
        // Nothing was registered under the bad code.
        Api.supervisor().queryParam("creditCode", bad).get("/api/v1/enterprises").then().statusCode(200)
                .header("X-Total-Count", "0");
    }

    @Test
    void shouldNameAMissingBodyAndMissingFieldsWithTheDefaultMessages() {
        Response none = Api.supervisor().post("/api/v1/enterprises");
        none.then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation-failed"))
                .body("violations.message", hasItem("a JSON body is required"));
        NoLeaks.assertProblemWithoutLeaks(none);
        Response empty = Api.supervisor().body(Map.of()).post("/api/v1/enterprises");
        empty.then().statusCode(400)
                .body("type", equalTo("/problems/validation-failed"))
                .body("violations.findAll { it.field == 'name' }.message", hasItem("is required"))
                .body("violations.findAll { it.field == 'creditCode' }.message", hasItem("is required"));
    }

    @Test
    void shouldRefuseMalformedCreditCodes() {
        String good = Api.creditCode();
        for (String bad : List.of(good.substring(0, 17), good + "0",
                good.substring(0, 2) + "O" + good.substring(3), good.substring(0, 17) + "I", "")) {
            Api.supervisor().body(Map.of("name", "格式错误企业", "creditCode", bad)).post("/api/v1/enterprises")
                    .then().statusCode(400)
                    .body("type", equalTo("/problems/validation-failed"))
                    .body("violations.field", hasItem("creditCode"));
        }
    }

    @Test
    void shouldRefuseDuplicateCreditCode() {
        String code = Api.creditCode();
        Api.supervisor().body(Map.of("name", "先登记企业" + Api.next(), "creditCode", code))
                .post("/api/v1/enterprises").then().statusCode(201);
        Response r = Api.supervisor().body(Map.of("name", "后登记企业" + Api.next(), "creditCode", code))
                .post("/api/v1/enterprises");
        r.then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/conflict"));
        NoLeaks.assertProblemWithoutLeaks(r);
        Api.supervisor().queryParam("creditCode", code).get("/api/v1/enterprises").then().statusCode(200)
                .header("X-Total-Count", "1")
                .body("size()", equalTo(1));
    }

    @Test
    void shouldAnswerUnknownEnterpriseWith404() {
        Api.supervisor().get("/api/v1/enterprises/987654321012").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void shouldListWithTotalCountAndPages() {
        String marker = "分页企业" + Api.next() + "号";
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create(marker + i));
        }

        Response first = Api.supervisor().queryParam("name", marker).queryParam("size", 2).queryParam("page", 0)
                .get("/api/v1/enterprises");
        first.then().statusCode(200).header("X-Total-Count", "3");
        Response second = Api.supervisor().queryParam("name", marker).queryParam("size", 2).queryParam("page", 1)
                .get("/api/v1/enterprises");
        second.then().statusCode(200).header("X-Total-Count", "3");
        Response third = Api.supervisor().queryParam("name", marker).queryParam("size", 2).queryParam("page", 2)
                .get("/api/v1/enterprises");
        third.then().statusCode(200).header("X-Total-Count", "3").body("size()", equalTo(0));

        List<Long> seen = new ArrayList<>(first.jsonPath().getList("id", Long.class));
        assertThat(seen).hasSize(2);
        List<Long> rest = second.jsonPath().getList("id", Long.class);
        assertThat(rest).hasSize(1);
        seen.addAll(rest);
        assertThat(seen).containsExactlyElementsOf(ids);

        // Without filters the total covers at least what this test created.
        Response all = Api.supervisor().get("/api/v1/enterprises");
        all.then().statusCode(200);
        assertThat(Long.parseLong(all.header("X-Total-Count"))).isGreaterThanOrEqualTo(3);
        assertThat(all.jsonPath().getList("$")).hasSizeLessThanOrEqualTo(20);
    }

    @Test
    void shouldRefuseBadPaging() {
        Api.supervisor().queryParam("size", 200).get("/api/v1/enterprises").then().statusCode(200);
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("size", 201), Map.of("size", 0))) {
            Response r = Api.supervisor().queryParams(bad).get("/api/v1/enterprises");
            r.then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/validation-failed"))
                    .body("violations.field", hasItem("size"));
            NoLeaks.assertProblemWithoutLeaks(r);
        }
        Response r = Api.supervisor().queryParam("page", -1).get("/api/v1/enterprises");
        r.then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation-failed"))
                .body("violations.field", hasItem("page"));
        NoLeaks.assertProblemWithoutLeaks(r);
    }

    @Test
    void shouldLetAuditorReadButNotWrite() {
        long id = create("审计可读企业" + Api.next());
        String auditor = Api.user("AUDITOR", null);
        Api.as(auditor).get("/api/v1/enterprises/" + id).then().statusCode(200).body("id", equalTo((int) id));
        Api.as(auditor).get("/api/v1/enterprises").then().statusCode(200).header("X-Total-Count", notNullValue());

        String code = Api.creditCode();
        Api.as(auditor).body(Map.of("name", "审计员不能登记", "creditCode", code)).post("/api/v1/enterprises")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"));
        Api.supervisor().queryParam("creditCode", code).get("/api/v1/enterprises").then().statusCode(200)
                .header("X-Total-Count", "0");
    }
}

package cn.escrow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.escrow.support.Api;
import cn.escrow.support.NoLeaks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SupervisedAccountApiTest {

    private static final String SUFFIX = "预售资金监管专户";

    /** An enterprise with one project and no account yet. */
    record Bare(long projectId, String enterpriseName, String projectName) {
        String standardName() {
            return enterpriseName + projectName + SUFFIX;
        }
    }

    static Bare bare() {
        long n = Api.next();
        String enterpriseName = "滇池置业有限公司" + n;
        long enterpriseId = Api.supervisor().body(Map.of("name", enterpriseName, "creditCode", Api.creditCode()))
                .post("/api/v1/enterprises").then().statusCode(201).extract().jsonPath().getLong("id");
        String projectName = "春城花园" + n;
        long projectId = Api.supervisor().body(Map.of("enterpriseId", enterpriseId, "name", projectName,
                        "presalePermitNo", "昆预" + n))
                .post("/api/v1/projects").then().statusCode(201).extract().jsonPath().getLong("id");
        return new Bare(projectId, enterpriseName, projectName);
    }

    private static Response open(long projectId, String bankCode, String accountNo, String accountName) {
        return Api.supervisor().body(Map.of("bankCode", bankCode, "accountNo", accountNo, "accountName", accountName))
                .post("/api/v1/projects/" + projectId + "/account");
    }

    @Test
    void shouldOpenAccountWithStandardNameAndZeroBalance() {
        Bare p = bare();
        String accountNo = Api.accountNo();
        Response r = open(p.projectId(), "ICBC", accountNo, p.standardName());
        r.then().statusCode(201)
                .contentType("application/json")
                .body("projectId", equalTo((int) p.projectId()))
                .body("bankCode", equalTo("ICBC"))
                .body("accountNo", equalTo(accountNo))
                .body("accountName", equalTo(p.standardName()))
                .body("balance", equalTo("0.00"));
        // Money is a JSON string with exactly 2 decimals, not a number.
        assertThat(r.asString()).contains("\"balance\":\"0.00\"");

        Response got = Api.supervisor().get("/api/v1/projects/" + p.projectId() + "/account");
        got.then().statusCode(200)
                .body("projectId", equalTo((int) p.projectId()))
                .body("bankCode", equalTo("ICBC"))
                .body("accountNo", equalTo(accountNo))
                .body("accountName", equalTo(p.standardName()))
                .body("balance", equalTo("0.00"));
        assertThat(got.asString()).contains("\"balance\":\"0.00\"");
    }

    @Test
    void shouldRefuseNonstandardAccountNames() {
        Bare p = bare();
        List<String> wrong = List.of(
                p.enterpriseName() + p.projectName(),
                p.projectName() + p.enterpriseName() + SUFFIX,
                p.enterpriseName() + " " + p.projectName() + SUFFIX,
                p.enterpriseName() + p.projectName() + "资金监管专户",
                p.standardName() + "1",
                "某某公司" + p.projectName() + SUFFIX);
        for (String name : wrong) {
            Response r = open(p.projectId(), "ICBC", Api.accountNo(), name);
            r.then().statusCode(422)
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/account-name-nonstandard"));
            NoLeaks.assertProblemWithoutLeaks(r);
        }
        // None of them opened an account.
        Api.supervisor().get("/api/v1/projects/" + p.projectId() + "/account").then().statusCode(404)
                .body("type", equalTo("/problems/not-found"));
        open(p.projectId(), "ICBC", Api.accountNo(), p.standardName()).then().statusCode(201);
    }

    @Test
    void shouldRefuseSecondAccountForTheSameProject() {
        Bare p = bare();
        String first = Api.accountNo();
        open(p.projectId(), "ICBC", first, p.standardName()).then().statusCode(201);
        Response r = open(p.projectId(), "CCB", Api.accountNo(), p.standardName());
        r.then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/conflict"));
        NoLeaks.assertProblemWithoutLeaks(r);
        Api.supervisor().get("/api/v1/projects/" + p.projectId() + "/account").then().statusCode(200)
                .body("accountNo", equalTo(first))
                .body("bankCode", equalTo("ICBC"));
    }

    @Test
    void shouldRefuseAccountNumberTakenByAnotherProject() {
        Bare p = bare();
        Bare q = bare();
        String accountNo = Api.accountNo();
        open(p.projectId(), "ICBC", accountNo, p.standardName()).then().statusCode(201);
        Response r = open(q.projectId(), "ICBC", accountNo, q.standardName());
        r.then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/conflict"));
        NoLeaks.assertProblemWithoutLeaks(r);
        Api.supervisor().get("/api/v1/projects/" + q.projectId() + "/account").then().statusCode(404);
    }

    @Test
    void shouldRefuseMalformedAccountNumbers() {
        Bare p = bare();
        for (String bad : List.of("12345", "62220ABC123456", "6222-0001-0002", "1".repeat(33), "")) {
            Response r = open(p.projectId(), "ICBC", bad, p.standardName());
            r.then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", equalTo("/problems/validation-failed"))
                    .body("violations.field", hasItem("accountNo"));
            NoLeaks.assertProblemWithoutLeaks(r);
        }
        // 6 digits is the shortest valid account number.
        open(p.projectId(), "ICBC", String.valueOf(100_000 + Api.next() % 900_000), p.standardName()).then().statusCode(201);
    }

    @Test
    void shouldRefuseMalformedBankCode() {
        Bare p = bare();
        open(p.projectId(), "icbc", Api.accountNo(), p.standardName()).then().statusCode(400)
                .body("type", equalTo("/problems/validation-failed"))
                .body("violations.field", hasItem("bankCode"));
    }

    @Test
    void shouldAnswerUnknownProjectWith404() {
        Response r = open(987_654_321_012L, "ICBC", Api.accountNo(), "无此项目" + SUFFIX);
        r.then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
        NoLeaks.assertProblemWithoutLeaks(r);
        Api.supervisor().get("/api/v1/projects/987654321012/account").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/not-found"));
    }

    @Test
    void shouldLetOnlyRegistryWritersOpenAccounts() {
        Bare p = bare();
        Api.as(Api.user("AUDITOR", null))
                .body(Map.of("bankCode", "ICBC", "accountNo", Api.accountNo(), "accountName", p.standardName()))
                .post("/api/v1/projects/" + p.projectId() + "/account").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        Api.supervisor().get("/api/v1/projects/" + p.projectId() + "/account").then().statusCode(404);
    }
}

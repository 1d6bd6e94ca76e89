package cn.escrow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.NoLeaks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ENTERPRISE users see their own enterprise's projects, accounts and contracts, and nothing of others. */
@QuarkusTest
class EnterpriseAccessTest {

    private Api.Fixture a;
    private Api.Fixture b;
    private String contractA;
    private String contractB;
    private String userA;

    @BeforeEach
    void twoEnterprises() {
        a = Api.project("ICBC");
        b = Api.project("CCB");
        contractA = Api.contract(a.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
        contractB = Api.contract(b.projectId(), "900000.00", "900000.00", "0.00", "NONE");
        userA = Api.user("ENTERPRISE", a.enterpriseId());
    }

    private static void assertForbidden(Response r) {
        r.then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"));
        NoLeaks.assertProblemWithoutLeaks(r);
    }

    @Test
    void shouldSeeOwnEnterpriseProjectAccountAndContract() {
        Api.as(userA).get("/api/v1/enterprises/" + a.enterpriseId()).then().statusCode(200)
                .body("name", equalTo(a.enterpriseName()));
        Api.as(userA).get("/api/v1/projects/" + a.projectId()).then().statusCode(200)
                .body("name", equalTo(a.projectName()));
        Api.as(userA).get("/api/v1/projects/" + a.projectId() + "/account").then().statusCode(200)
                .body("accountNo", equalTo(a.accountNo()))
                .body("balance", equalTo("0.00"));
        Api.as(userA).get("/api/v1/contracts/" + contractA).then().statusCode(200)
                .body("contractNo", equalTo(contractA))
                .body("projectId", equalTo((int) a.projectId()));
    }

    @Test
    void shouldBeForbiddenOtherEnterpriseProjectAccountAndContract() {
        Response enterprise = Api.as(userA).get("/api/v1/enterprises/" + b.enterpriseId());
        assertForbidden(enterprise);
        Response project = Api.as(userA).get("/api/v1/projects/" + b.projectId());
        assertForbidden(project);
        assertThat(project.asString()).doesNotContain(b.projectName());
        Response account = Api.as(userA).get("/api/v1/projects/" + b.projectId() + "/account");
        assertForbidden(account);
        assertThat(account.asString()).doesNotContain(b.accountNo());
        Response contract = Api.as(userA).get("/api/v1/contracts/" + contractB);
        assertForbidden(contract);
        assertThat(contract.asString()).doesNotContain(String.valueOf(b.projectId()));
    }

    @Test
    void shouldListOnlyOwnItems() {
        Response enterprises = Api.as(userA).get("/api/v1/enterprises");
        enterprises.then().statusCode(200).header("X-Total-Count", "1");
        assertThat(enterprises.jsonPath().getList("id", Long.class)).containsExactly(a.enterpriseId());

        Response projects = Api.as(userA).get("/api/v1/projects");
        projects.then().statusCode(200).header("X-Total-Count", "1");
        assertThat(projects.jsonPath().getList("id", Long.class)).containsExactly(a.projectId());

        Response contracts = Api.as(userA).get("/api/v1/contracts");
        contracts.then().statusCode(200).header("X-Total-Count", "1");
        assertThat(contracts.jsonPath().getList("contractNo", String.class)).containsExactly(contractA);

        // Asking for the other enterprise's items by filter yields nothing, not their data.
        Response otherProjects = Api.as(userA).queryParam("enterpriseId", b.enterpriseId()).get("/api/v1/projects");
        otherProjects.then().statusCode(200).header("X-Total-Count", "0");
        assertThat(otherProjects.jsonPath().getList("$")).isEmpty();
        Response otherContracts = Api.as(userA).queryParam("projectId", b.projectId()).get("/api/v1/contracts");
        otherContracts.then().statusCode(200).header("X-Total-Count", "0");
        assertThat(otherContracts.jsonPath().getList("$")).isEmpty();
        Response otherEnterprise = Api.as(userA).queryParam("creditCode", "x").get("/api/v1/enterprises");
        otherEnterprise.then().statusCode(200).header("X-Total-Count", "0");
    }

    @Test
    void shouldSeeAllEnterprisesAsSupervisor() {
        // The control case: the same lists, read by a supervisor, do contain B's items.
        Response projects = Api.supervisor().queryParam("enterpriseId", b.enterpriseId()).get("/api/v1/projects");
        projects.then().statusCode(200).header("X-Total-Count", "1");
        Api.supervisor().get("/api/v1/contracts/" + contractB).then().statusCode(200);
    }

    @Test
    void shouldNotLetEnterpriseUsersWrite() {
        assertForbidden(Api.as(userA).body(java.util.Map.of("name", "自己登记", "creditCode", Api.creditCode()))
                .post("/api/v1/enterprises"));
        assertForbidden(Api.as(userA).body(java.util.Map.of("enterpriseId", a.enterpriseId(), "name", "自建项目",
                "presalePermitNo", "昆预" + Api.next())).post("/api/v1/projects"));
    }
}

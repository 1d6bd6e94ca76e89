package cn.escrow.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.NoLeaks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ENTERPRISE users see their own enterprise's projects, accounts and contracts, and nothing of others:
 * another enterprise's object is answered exactly like one that does not exist (404, same body).
 */
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
    void shouldAnswerAnotherEnterprisesObjectsExactlyAsMissingOnes() {
        long missingProject = 99_999_999L;
        long missingEnterprise = 99_999_998L;
        String release = Api.as(Api.user("ENTERPRISE", b.enterpriseId())).body(java.util.Map.of("nodeCode", "PRESALE_PERMIT",
                        "amount", "1.00", "payeeName", "x", "payeeAccountNo", "53001234567890", "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "x"))
                .post("/api/v1/projects/" + b.projectId() + "/releases").then().statusCode(201).extract().jsonPath().getString("releaseNo");
        String[][] pairs = {
            {"/api/v1/enterprises/" + b.enterpriseId(), "/api/v1/enterprises/" + missingEnterprise},
            {"/api/v1/enterprises/" + b.enterpriseId() + "/blacklist-history", "/api/v1/enterprises/" + missingEnterprise + "/blacklist-history"},
            {"/api/v1/projects/" + b.projectId(), "/api/v1/projects/" + missingProject},
            {"/api/v1/projects/" + b.projectId() + "/account", "/api/v1/projects/" + missingProject + "/account"},
            {"/api/v1/projects/" + b.projectId() + "/supervision", "/api/v1/projects/" + missingProject + "/supervision"},
            {"/api/v1/projects/" + b.projectId() + "/releases", "/api/v1/projects/" + missingProject + "/releases"},
            {"/api/v1/projects/" + b.projectId() + "/spot-checks", "/api/v1/projects/" + missingProject + "/spot-checks"},
            {"/api/v1/contracts/" + contractB, "/api/v1/contracts/HT-NO-SUCH"},
            {"/api/v1/releases/" + release, "/api/v1/releases/RL-NO-SUCH"},
        };
        for (String[] pair : pairs) {
            Response other = Api.as(userA).get(pair[0]);
            Response missing = Api.as(userA).get(pair[1]);
            assertNotFound(pair[0], other);
            assertNotFound(pair[1], missing);
            assertThat(other.jsonPath().getMap("$").keySet()).as(pair[0]).isEqualTo(missing.jsonPath().getMap("$").keySet());
            assertThat(other.jsonPath().getString("title")).isEqualTo(missing.jsonPath().getString("title"));
            assertThat(other.jsonPath().getString("detail").replace(keyOf(pair[0]), "#")).as(pair[0])
                    .isEqualTo(missing.jsonPath().getString("detail").replace(keyOf(pair[1]), "#"));
            assertThat(other.asString()).doesNotContain(b.projectName()).doesNotContain(b.accountNo()).doesNotContain(b.enterpriseName());
        }
        // A write on another enterprise's project: the same 404.
        Response apply = Api.as(userA).body(java.util.Map.of("nodeCode", "PRESALE_PERMIT", "amount", "1.00", "payeeName", "x",
                "payeeAccountNo", "53001234567890", "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "x")).post("/api/v1/projects/" + b.projectId() + "/releases");
        assertNotFound("apply", apply);
    }

    /** The id or number a path names (the segment after the collection). */
    private static String keyOf(String path) {
        String[] parts = path.split("/");
        return parts[4];
    }

    private static void assertNotFound(String path, Response r) {
        r.then().statusCode(404).contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
        NoLeaks.assertProblemWithoutLeaks(path, r);
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

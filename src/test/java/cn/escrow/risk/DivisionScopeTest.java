package cn.escrow.risk;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.platform.security.DivisionScopeFilter;
import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Division scoping: a county supervisor sees and acts only on its county's projects (404 for the others, on paths
 * that name an object and in lists and reports); a city account sees all its counties; ADMIN and unlimited staff all.
 */
@QuarkusTest
class DivisionScopeTest {

    static final String NANCHENG = "361021";
    static final String LINCHUAN = "361002";
    static final String DONGHU = "360102"; // a district of another city (Nanchang)

    Api.Fixture own;
    Api.Fixture other;
    Api.Fixture otherCity;
    String county;
    String city;

    @BeforeEach
    void setUp() {
        String bank = "D" + (Api.next() % 100000);
        own = Api.project(bank, NANCHENG);
        other = Api.project(bank, LINCHUAN);
        otherCity = Api.project(bank, DONGHU);
        county = Api.userIn("SUPERVISOR", NANCHENG);
        city = Api.userIn("AUDITOR", "361000");
    }

    @Test
    void countySupervisorNeverSeesAnotherCountysProjectByAnyPath() {
        Api.as(county).get("/api/v1/projects/" + own.projectId()).then().statusCode(200).body("divisionCode", equalTo(NANCHENG));
        for (String path : List.of("/api/v1/projects/" + other.projectId(), "/api/v1/projects/" + other.projectId() + "/account",
                "/api/v1/projects/" + other.projectId() + "/supervision", "/api/v1/projects/" + other.projectId() + "/signing-status",
                "/api/v1/projects/" + other.projectId() + "/risk", "/api/v1/accounts/" + other.accountNo(),
                "/api/v1/accounts/" + other.accountNo() + "/transactions", "/api/v1/projects/" + other.projectId() + "/freezes")) {
            Api.as(county).get(path).then().statusCode(404).body("type", equalTo("/problems/not-found"));
        }
        // a write on another county's project: 404 and nothing written
        long locks = Db.count("SELECT count(*) FROM signing_lock WHERE project_id = ?", other.projectId());
        Api.as(county).body(Map.of("reason", "检查")).post("/api/v1/projects/" + other.projectId() + "/signing-locks")
                .then().statusCode(404);
        assertThat(Db.count("SELECT count(*) FROM signing_lock WHERE project_id = ?", other.projectId())).isEqualTo(locks);
        // a contract of another county: neither read nor filed
        String contractNo = Api.contract(other.projectId(), "100000.00", "100000.00", "0.00", "NONE");
        Api.as(county).get("/api/v1/contracts/" + contractNo).then().statusCode(404);
        Api.as(county).body(Map.of("projectId", other.projectId(), "contractNo", "HT" + Api.next(), "unitNo", "1-1",
                        "buyerName", "张三", "buyerIdNo", Api.residentId(), "totalPrice", "1.00", "downPayment", "1.00",
                        "loanAmount", "0.00", "loanType", "NONE"))
                .post("/api/v1/contracts").then().statusCode(422);
        // a query filter naming another county's project
        Api.as(county).queryParam("projectId", other.projectId()).get("/api/v1/alerts").then().statusCode(404);
        Api.as(county).queryParam("projectId", other.projectId()).get("/api/v1/audit-events").then().statusCode(404);
        Api.as(county).queryParam("projectId", other.projectId()).get("/api/v1/contracts").then().statusCode(404);
    }

    @Test
    void everyPathNamingAnObjectIsScopedOrDeclaredCityWide() {
        // A new resource /api/v1/<things>/{id} must be known to the one filter: else a county supervisor reaches every county's.
        Set<String> roots = new TreeSet<>();
        for (String path : given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath()
                .getMap("paths").keySet().stream().map(Object::toString).toList()) {
            String[] segments = path.replaceAll("^/api/v1/(bank/)?", "").split("/");
            if (segments.length > 1 && segments[1].startsWith("{")) {
                roots.add(segments[0]);
            }
        }
        assertThat(roots).isNotEmpty();
        assertThat(DivisionScopeFilter.knownRoots()).containsAll(roots);
    }

    @Test
    void countySupervisorNeverReachesAnotherCountysPayee() {
        // Both payees are approved already: inside the county the decision is refused by its own rule (409), outside by scope (404).
        long payee = Db.count("SELECT min(id) FROM payee WHERE project_id = ?", other.projectId());
        long ownPayee = Db.count("SELECT min(id) FROM payee WHERE project_id = ?", own.projectId());
        Api.as(county).body(Map.of("reason", "复核")).post("/api/v1/payees/" + payee + "/rejection").then().statusCode(404);
        Api.as(county).body(Map.of("reason", "复核")).post("/api/v1/payees/" + ownPayee + "/rejection").then().statusCode(409);
        assertThat(Db.count("SELECT count(*) FROM payee WHERE id = ? AND status = 'APPROVED'", payee)).isEqualTo(1);
    }

    @Test
    void listsAndReportsHoldOnlyTheCallersDivisions() {
        List<Integer> projects = Api.as(county).queryParam("size", 200).get("/api/v1/projects").then().statusCode(200)
                .extract().jsonPath().getList("id");
        assertThat(projects).contains((int) own.projectId()).doesNotContain((int) other.projectId(), (int) otherCity.projectId());
        List<String> divisions = Api.as(county).queryParam("size", 200).get("/api/v1/projects").then().extract().jsonPath()
                .getList("divisionCode");
        assertThat(divisions).containsOnly(NANCHENG);
        List<Integer> events = Api.as(county).queryParam("size", 200).get("/api/v1/audit-events").then().statusCode(200)
                .extract().jsonPath().getList("projectId");
        assertThat(events).isNotEmpty().doesNotContainNull()
                .doesNotContain((int) other.projectId(), (int) otherCity.projectId());
        List<Integer> board = Api.as(county).queryParam("size", 200).get("/api/v1/risk-board").then().statusCode(200)
                .extract().jsonPath().getList("projectId");
        assertThat(board).contains((int) own.projectId()).doesNotContain((int) other.projectId());

        // the city account sees both of its counties, not another city
        List<Integer> cityProjects = Api.as(city).queryParam("size", 200).get("/api/v1/projects").then().statusCode(200)
                .extract().jsonPath().getList("id");
        assertThat(cityProjects).contains((int) own.projectId(), (int) other.projectId()).doesNotContain((int) otherCity.projectId());
        Api.as(city).get("/api/v1/projects/" + otherCity.projectId()).then().statusCode(404);

        // reports: the county's balances only; another division, or the whole province, is 404
        String week = LocalDate.now().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
        List<Integer> lines = Api.as(county).queryParam("periodStart", week).get("/api/v1/reports/WEEKLY").then().statusCode(200)
                .extract().jsonPath().getList("balances.projectId");
        assertThat(lines).contains((int) own.projectId()).doesNotContain((int) other.projectId(), (int) otherCity.projectId());
        Api.as(county).queryParam("periodStart", week).queryParam("division", LINCHUAN).get("/api/v1/reports/WEEKLY")
                .then().statusCode(404);
        Api.as(city).queryParam("periodStart", week).queryParam("division", "360000").get("/api/v1/reports/WEEKLY")
                .then().statusCode(404);
        List<Integer> cityLines = Api.as(city).queryParam("periodStart", week).queryParam("division", LINCHUAN)
                .get("/api/v1/reports/WEEKLY").then().statusCode(200).extract().jsonPath().getList("balances.projectId");
        assertThat(cityLines).contains((int) other.projectId()).doesNotContain((int) own.projectId());
        // (by id: the suite files more than a page of 200 projects, so the newest is not on the first page)
        Api.admin().get("/api/v1/projects/" + otherCity.projectId()).then().statusCode(200)
                .body("divisionCode", equalTo(DONGHU));
        // publishing freezes every division's figures: not for a county; nothing written
        String lastWeek = LocalDate.parse(week).minusWeeks(1).toString();
        long snapshots = Db.count("SELECT count(*) FROM report_snapshot");
        Api.as(county).body(Map.of("periodStart", lastWeek)).post("/api/v1/reports/WEEKLY/snapshots").then().statusCode(403)
                .body("type", equalTo("/problems/forbidden"));
        assertThat(Db.count("SELECT count(*) FROM report_snapshot")).isEqualTo(snapshots);
    }

    @Test
    void divisionsAreValidatedAndOnlyForSupervisorsAndAuditors() {
        Api.supervisor().body(Map.of("enterpriseId", own.enterpriseId(), "name", "x", "presalePermitNo", "P" + Api.next(),
                "divisionCode", "991021")).post("/api/v1/projects").then().statusCode(400);
        Api.supervisor().body(Map.of("enterpriseId", own.enterpriseId(), "name", "x", "presalePermitNo", "P" + Api.next(),
                "divisionCode", "361000")).post("/api/v1/projects").then().statusCode(400);
        // a county supervisor registers in its county by default, and not in another
        Api.as(county).body(Map.of("enterpriseId", own.enterpriseId(), "name", "y", "presalePermitNo", "P" + Api.next()))
                .post("/api/v1/projects").then().statusCode(201).body("divisionCode", equalTo(NANCHENG));
        Api.as(county).body(Map.of("enterpriseId", own.enterpriseId(), "name", "z", "presalePermitNo", "P" + Api.next(),
                "divisionCode", LINCHUAN)).post("/api/v1/projects").then().statusCode(403);
        Api.admin().body(Map.of("username", "adm-" + Api.next(), "password", Api.PASSWORD, "roles", List.of("ADMIN"),
                "divisions", List.of(NANCHENG))).post("/api/v1/users").then().statusCode(400);
        Api.admin().body(Map.of("username", "sv-" + Api.next(), "password", Api.PASSWORD, "roles", List.of("SUPERVISOR"),
                "divisions", List.of("12345"))).post("/api/v1/users").then().statusCode(400);
        // ADMIN widens a person's divisions: the other county becomes visible at the next request
        Api.as(county).get("/api/v1/projects/" + other.projectId()).then().statusCode(404);
        Api.admin().body(Map.of("divisions", List.of(NANCHENG, LINCHUAN))).put("/api/v1/users/" + county + "/divisions")
                .then().statusCode(200).body("divisions", equalTo(List.of(LINCHUAN, NANCHENG)));
        Api.as(county).get("/api/v1/projects/" + other.projectId()).then().statusCode(200);
        Api.admin().get("/api/v1/users/" + county).then().statusCode(200).body("divisions", equalTo(List.of(LINCHUAN, NANCHENG)));
    }
}

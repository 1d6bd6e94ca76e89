package cn.escrow.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import cn.escrow.support.Api;
import cn.escrow.support.NoLeaks;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditTrailTest {

    @Inject
    AgroalDataSource dataSource;

    private String supervisor;
    private long enterpriseId;
    private long projectId;
    private String accountNo;
    private String contractNo;
    private String buyerIdNo;

    /** One enterprise, project, account and contract, all written by a supervisor of this test's own. */
    @BeforeEach
    void registerThroughTheApi() {
        supervisor = Api.user("SUPERVISOR", null);
        long n = Api.next();
        String enterpriseName = "审计企业" + n;
        enterpriseId = Api.as(supervisor).body(Map.of("name", enterpriseName, "creditCode", Api.creditCode()))
                .post("/api/v1/enterprises").then().statusCode(201).extract().jsonPath().getLong("id");
        String projectName = "审计花园" + n;
        projectId = Api.as(supervisor).body(Map.of("enterpriseId", enterpriseId, "name", projectName, "presalePermitNo", "审预" + n))
                .post("/api/v1/projects").then().statusCode(201).extract().jsonPath().getLong("id");
        accountNo = Api.accountNo();
        Api.as(supervisor).body(Map.of("bankCode", "ICBC", "accountNo", accountNo,
                        "accountName", enterpriseName + projectName + "预售资金监管专户"))
                .post("/api/v1/projects/" + projectId + "/account").then().statusCode(201);
        contractNo = "HT" + Api.next();
        buyerIdNo = Api.residentId();
        Api.as(supervisor).body(Map.of("projectId", projectId, "contractNo", contractNo, "unitNo", "1-1001",
                        "buyerName", "张三", "buyerIdNo", buyerIdNo, "totalPrice", "1000000.00",
                        "downPayment", "300000.00", "loanAmount", "700000.00", "loanType", "COMMERCIAL"))
                .post("/api/v1/contracts").then().statusCode(201);
    }

    private Response events(Map<String, ?> query) {
        return Api.as(supervisor).queryParam("projectId", projectId).queryParams(query).get("/api/v1/audit-events");
    }

    @Test
    void shouldListProjectEventsNewestFirstWithActor() {
        Response r = events(Map.of());
        r.then().statusCode(200).contentType("application/json").header("X-Total-Count", "3");
        assertThat(r.jsonPath().getList("action", String.class))
                .containsExactly("CONTRACT_FILED", "ACCOUNT_OPENED", "PROJECT_CREATED");
        assertThat(r.jsonPath().getList("actor", String.class)).containsOnly(supervisor);
        assertThat(r.jsonPath().getString("[0].subject")).contains(contractNo);
        assertThat(r.jsonPath().getString("[1].subject")).isNotBlank();
        assertThat(r.jsonPath().getString("[2].subject")).isNotBlank();

        List<OffsetDateTime> times = r.jsonPath().getList("at", String.class).stream().map(OffsetDateTime::parse).toList();
        assertThat(times.get(0)).isAfterOrEqualTo(times.get(1));
        assertThat(times.get(1)).isAfterOrEqualTo(times.get(2));
        assertThat(times.get(2)).isAfter(OffsetDateTime.now().minusMinutes(10)).isBefore(OffsetDateTime.now().plusMinutes(10));
        // Responses use the service zone, Asia/Shanghai.
        assertThat(times).allSatisfy(t -> assertThat(t.getOffset()).isEqualTo(ZoneOffset.ofHours(8)));
    }

    @Test
    void shouldRecordEnterpriseCreation() {
        Response r = Api.as(supervisor).queryParam("actor", supervisor).queryParam("action", "ENTERPRISE_CREATED")
                .get("/api/v1/audit-events");
        r.then().statusCode(200).header("X-Total-Count", "1");
        assertThat(r.jsonPath().getString("[0].subject")).contains(String.valueOf(enterpriseId));
    }

    @Test
    void shouldFilterByTime() {
        Response all = events(Map.of());
        all.then().statusCode(200);
        String accountOpenedAt = all.jsonPath().getString("[1].at");
        OffsetDateTime opened = OffsetDateTime.parse(accountOpenedAt);
        assertThat(OffsetDateTime.parse(all.jsonPath().getString("[2].at"))).isBefore(opened);

        Response from = events(Map.of("from", accountOpenedAt));
        from.then().statusCode(200).header("X-Total-Count", "2");
        assertThat(from.jsonPath().getList("action", String.class)).containsExactly("CONTRACT_FILED", "ACCOUNT_OPENED");

        Response to = events(Map.of("to", accountOpenedAt));
        to.then().statusCode(200).header("X-Total-Count", "1");
        assertThat(to.jsonPath().getList("action", String.class)).containsExactly("PROJECT_CREATED");

        // The same instant written in UTC selects the same events.
        String inUtc = opened.withOffsetSameInstant(ZoneOffset.UTC).toString();
        Response fromUtc = events(Map.of("from", inUtc));
        fromUtc.then().statusCode(200).header("X-Total-Count", "2");

        Response window = events(Map.of("from", accountOpenedAt, "to", all.jsonPath().getString("[0].at")));
        window.then().statusCode(200).header("X-Total-Count", "1");
        assertThat(window.jsonPath().getList("action", String.class)).containsExactly("ACCOUNT_OPENED");

        events(Map.of("from", OffsetDateTime.now().plusDays(1).toString())).then().statusCode(200)
                .header("X-Total-Count", "0").body("size()", equalTo(0));
    }

    @Test
    void shouldRefuseMalformedTimes() {
        for (String bad : List.of("yesterday", "2026-11-01", "2026-11-01T10:00:00")) {
            assertRefusedFilter("from", bad);
        }
        events(Map.of("to", "not-a-time")).then().statusCode(400).body("violations.field", hasItem("to"));
    }

    @Test
    void shouldRefuseAnActionThatIsNoAuditAction() {
        for (String bad : List.of("NO_SUCH_ACTION", "project_created", "PROJECT_CREATED;")) {
            assertRefusedFilter("action", bad);
        }
    }

    private void assertRefusedFilter(String filter, String bad) {
        Response r = events(Map.of(filter, bad));
        r.then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/validation-failed"))
                .body("violations.field", hasItem(filter));
        NoLeaks.assertProblemWithoutLeaks(r);
    }

    @Test
    void shouldPage() {
        List<String> actions = new java.util.ArrayList<>();
        for (int page = 0; page < 3; page++) {
            Response r = events(Map.of("size", 1, "page", page));
            r.then().statusCode(200).header("X-Total-Count", "3");
            assertThat(r.jsonPath().getList("$")).hasSize(1);
            actions.add(r.jsonPath().getString("[0].action"));
        }
        assertThat(actions).containsExactly("CONTRACT_FILED", "ACCOUNT_OPENED", "PROJECT_CREATED");
        events(Map.of("size", 1, "page", 3)).then().statusCode(200).header("X-Total-Count", "3").body("size()", equalTo(0));
        events(Map.of("size", 2, "page", 1)).then().statusCode(200).body("action", equalTo(List.of("PROJECT_CREATED")));
        events(Map.of("size", 201)).then().statusCode(400).body("type", equalTo("/problems/validation-failed"));
        events(Map.of("page", -1)).then().statusCode(400).body("type", equalTo("/problems/validation-failed"));
    }

    @Test
    void shouldLetOnlyStaffReadTheAuditTrail() {
        Api.as(Api.user("AUDITOR", null)).queryParam("projectId", projectId).get("/api/v1/audit-events").then()
                .statusCode(200).header("X-Total-Count", "3");
        Api.admin().queryParam("projectId", projectId).get("/api/v1/audit-events").then()
                .statusCode(200).header("X-Total-Count", "3");
        Response enterprise = Api.as(Api.user("ENTERPRISE", enterpriseId)).queryParam("projectId", projectId)
                .get("/api/v1/audit-events");
        enterprise.then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/forbidden"));
        assertThat(enterprise.asString()).doesNotContain(contractNo);
        given().queryParam("projectId", projectId).get("/api/v1/audit-events").then().statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/unauthenticated"));
    }

    @Test
    void shouldNeverRecordTheFullBuyerIdNumber() throws SQLException {
        Response r = events(Map.of("action", "CONTRACT_FILED"));
        r.then().statusCode(200).header("X-Total-Count", "1");
        assertThat(r.asString()).doesNotContain(buyerIdNo);
        Map<String, Object> details = r.jsonPath().getMap("[0].details");
        assertThat(details).isNotEmpty();
        assertThat(details.get("buyerIdNo")).isEqualTo(buyerIdNo.substring(0, 6) + "********" + buyerIdNo.substring(14));

        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM audit_event WHERE details::text LIKE ?"
                     + " OR subject LIKE ?")) {
            s.setString(1, "%" + buyerIdNo + "%");
            s.setString(2, "%" + buyerIdNo + "%");
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    @Test
    void shouldRefuseUpdateDeleteAndTruncateOfAuditEvents() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                for (String sql : List.of(
                        "UPDATE audit_event SET actor = 'intruder' WHERE project_id = " + projectId,
                        "DELETE FROM audit_event WHERE project_id = " + projectId,
                        "TRUNCATE audit_event")) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SAVEPOINT attempt");
                        // The service's runtime role has no such privilege (the trigger stops even the owner: AuditChainTest).
                        assertThatThrownBy(() -> s.executeUpdate(sql)).as(sql).isInstanceOf(SQLException.class)
                                .hasMessageContaining("permission denied");
                        s.execute("ROLLBACK TO SAVEPOINT attempt");
                    }
                }
            } finally {
                // Should any statement have succeeded, nothing of it is kept.
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        Response r = events(Map.of());
        r.then().statusCode(200).header("X-Total-Count", "3");
        assertThat(r.jsonPath().getList("actor", String.class)).containsOnly(supervisor);
    }
}

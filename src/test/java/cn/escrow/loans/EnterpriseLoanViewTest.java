package cn.escrow.loans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

/** A developer sees its own projects' loan notices and why signing is off (which contract blocks it), and nothing of others. */
@QuarkusTest
class EnterpriseLoanViewTest {

    @Test
    void shouldShowEnterpriseStaffTheirOwnNoticesAndWhatBlocksSigning() {
        LoanFixture own = new LoanFixture();
        LoanFixture other = new LoanFixture();
        String contractNo = own.contract("700000.00", "COMMERCIAL");
        String serial = own.lenderNoticeDaysAgo(contractNo, 32);
        other.push(other.lender, "LN-" + Api.next(), other.contract("500000.00", "COMMERCIAL"), "500000.00", "COMMERCIAL")
                .then().statusCode(201);
        LoanFixture.sweep();
        String developer = Api.user("ENTERPRISE", own.fx.enterpriseId());

        JsonPath status = Api.as(developer).get("/api/v1/projects/" + own.fx.projectId() + "/signing-status").then().statusCode(200)
                .extract().jsonPath();
        assertThat(status.getBoolean("enabled")).isFalse();
        assertThat(status.getString("reasons[0].kind")).isEqualTo("OVERDUE_LOAN_FUNDS");
        assertThat(status.getString("reasons[0].contractNo")).isEqualTo(contractNo);
        assertThat(status.getString("reasons[0].serialNo")).isEqualTo(serial);

        JsonPath notices = Api.as(developer).get("/api/v1/loan-disbursements").then().statusCode(200)
                .header("X-Total-Count", "1").extract().jsonPath();
        assertThat(notices.getString("[0].serialNo")).isEqualTo(serial);
        assertThat(notices.getString("[0].status")).isEqualTo("OVERDUE");
        assertThat(notices.getString("[0].lenderCode")).isEqualTo(own.lenderCode);
        Api.as(developer).get("/api/v1/loan-disbursements?status=OVERDUE&projectId=" + own.fx.projectId()).then().statusCode(200)
                .header("X-Total-Count", "1");

        // Another enterprise's project, and one that does not exist, answer alike: 404.
        for (long projectId : new long[] {other.fx.projectId(), 999_999_999L}) {
            Api.as(developer).get("/api/v1/projects/" + projectId + "/signing-status").then().statusCode(404)
                    .body("type", equalTo("/problems/not-found")).body("detail", equalTo("Project " + projectId + " not found"));
            Api.as(developer).get("/api/v1/loan-disbursements?projectId=" + projectId).then().statusCode(404)
                    .body("detail", equalTo("Project " + projectId + " not found"));
        }
        // Staff still see both.
        Api.supervisor().get("/api/v1/loan-disbursements?projectId=" + other.fx.projectId()).then().statusCode(200)
                .header("X-Total-Count", "1");
    }
}

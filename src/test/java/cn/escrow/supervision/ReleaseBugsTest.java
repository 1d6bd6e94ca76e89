package cn.escrow.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import cn.escrow.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The four bugs of issue 17, each as the release story met it: K 10,000,000.00, 14,000,000.00 in, 7,000,000.00 released. */
@QuarkusTest
class ReleaseBugsTest {

    /** The story up to the approval: 4,000,000.00 free + 3,000,000.00 key money (the presale permit's 30% cap). */
    static String approvedStory(ReleaseFixture f) {
        f.keyAmount("10000000.00");
        f.money("CREDIT", "14000000.00", "DOWN_PAYMENT", "");
        String release = f.apply("PRESALE_PERMIT", "7000000.00");
        f.approve(release).then().statusCode(200).body("keyPart", equalTo("3000000.00"));
        return release;
    }

    @Test
    void shouldReportTheShortfallAsSupervisionShowsTheTopUpDue() {
        ReleaseFixture f = new ReleaseFixture();
        String release = approvedStory(f);
        assertAgree(f, "0.00");
        f.pay(release, "7000000.00", ReleaseFixture.PAYEE_ACCOUNT);
        JsonPath report = f.report();
        assertThat(report.getString("balances[0].balanceAtEnd")).isEqualTo("7000000.00");
        assertAgree(f, "0.00");
        // A key amount raised to 12,000,000.00: R = 9,000,000.00, balance 7,000,000.00, so 2,000,000.00 is due, in both.
        f.keyAmount("12000000.00");
        assertAgree(f, "2000000.00");
    }

    static void assertAgree(ReleaseFixture f, String topUpDue) {
        assertThat(f.position().getString("topUpDue")).isEqualTo(topUpDue);
        assertThat(f.report().getString("balances[0].shortfallAtEnd")).isEqualTo(topUpDue);
    }

    @Test
    void shouldPutAReversedReleaseBackToApprovedSoItsMoneyIsNotFree() {
        ReleaseFixture f = new ReleaseFixture();
        String release = approvedStory(f);
        String paid = f.pay(release, "7000000.00", ReleaseFixture.PAYEE_ACCOUNT);
        assertThat(f.release(release).getString("status")).isEqualTo("EXECUTED");

        f.reverse(paid, "7000000.00", "RELEASE");
        JsonPath r = f.release(release);
        assertThat(r.getString("status")).isEqualTo("APPROVED");
        assertThat(r.getString("executedAt")).isNull();
        JsonPath p = f.position();
        assertThat(p.getString("balance")).isEqualTo("14000000.00");
        assertThat(p.getString("pendingReleases")).isEqualTo("7000000.00");
        assertThat(p.getString("freeAmount")).isEqualTo("0.00"); // before the fix: 7,000,000.00 free to release again
        assertThat(f.report().getString("releases.executed.count")).isEqualTo("0");
        // Nothing more can be released at the node: the approval still holds its 3,000,000.00 of key money.
        f.approve(f.apply("PRESALE_PERMIT", "0.01")).then().statusCode(409).body("rule", equalTo("NODE_CAP_EXCEEDED"));

        // The bank pays again: executed once more, and the story's position comes back.
        f.pay(release, "7000000.00", ReleaseFixture.PAYEE_ACCOUNT);
        assertThat(f.release(release).getString("status")).isEqualTo("EXECUTED");
        assertThat(f.position().getString("balance")).isEqualTo("7000000.00");
        assertThat(f.position().getString("keyReleased")).isEqualTo("3000000.00");
        assertThat(f.openAlertKinds()).isEmpty();
    }

    @Test
    void shouldNotCountAReleaseDebitPaidToAnotherAccount() {
        ReleaseFixture f = new ReleaseFixture();
        String release = approvedStory(f);
        f.pay(release, "7000000.00", "62220000999999");
        assertThat(f.release(release).getString("status")).isEqualTo("APPROVED");
        assertThat(f.openAlertKinds()).containsExactly("UNMATCHED_RELEASE_DEBIT");
        // Nor one that says no payee account at all.
        f.money("DEBIT", "7000000.00", "RELEASE", ",\"releaseNo\":\"" + release + "\"");
        assertThat(f.release(release).getString("status")).isEqualTo("APPROVED");
        assertThat(f.openAlertKinds()).containsExactly("UNMATCHED_RELEASE_DEBIT", "UNMATCHED_RELEASE_DEBIT");
    }

    @Test
    void shouldKeepABlacklistedDevelopersProjectsSupervisedAndItsContractorsPaid() {
        ReleaseFixture f = new ReleaseFixture();
        f.keyAmount("0.00");
        f.money("CREDIT", "1000.00", "DEPOSIT", "");
        String release = f.apply("PRESALE_PERMIT", "100.00");
        Api.supervisor().body(Map.of("reason", "挪用监管资金")).post("/api/v1/enterprises/" + f.fx.enterpriseId() + "/blacklisting")
                .then().statusCode(201);

        // A new project of a blacklisted developer is registered: its presale money must be supervised too.
        Api.supervisor().body(Map.of("enterpriseId", f.fx.enterpriseId(), "name", "新项目" + Api.next(), "presalePermitNo", "昆预" + Api.next()))
                .post("/api/v1/projects").then().statusCode(201);

        // A release is not refused: it takes a second supervisor's approval (escrow.blacklist.second-approver).
        f.approve(release).then().statusCode(200).body("status", equalTo("APPLIED"))
                .body("firstApprovedBy", notNullValue());
        f.approve(release).then().statusCode(403).contentType("application/problem+json");
        Api.as(Api.user("SUPERVISOR", null)).body(Map.of("reason", "复核同意")).post("/api/v1/releases/" + release + "/approval")
                .then().statusCode(200).body("status", equalTo("APPROVED"));
    }
}

package cn.escrow.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The bank verifies a release instruction before paying it (Tai'an 划拨验证), pays the approved payee, and has a deadline. */
@QuarkusTest
class ReleaseInstructionTest {

    static final String INSTRUCTIONS = "/api/v1/bank/release-instructions";

    @Inject
    ReleaseInstructionService instructions;

    @Test
    void shouldShowTheBankOnlyItsOwnApprovedInstructionsAndCountOnlyTheMatchingPayment() {
        ReleaseFixture f = new ReleaseFixture();
        String release = ReleaseBugsTest.approvedStory(f);
        String applied = f.apply("PRESALE_PERMIT", "1.00");

        JsonPath list = f.bank.get(INSTRUCTIONS + "?accountNo=" + f.fx.accountNo()).then().statusCode(200)
                .header("X-Total-Count", "1").extract().jsonPath();
        assertThat(list.getString("[0].releaseNo")).isEqualTo(release);
        JsonPath one = f.bank.get(INSTRUCTIONS + "/" + release).then().statusCode(200).extract().jsonPath();
        assertThat(one.getString("amount")).isEqualTo("7000000.00");
        assertThat(one.getString("payeeAccountNo")).isEqualTo(ReleaseFixture.PAYEE_ACCOUNT);
        assertThat(one.getString("accountNo")).isEqualTo(f.fx.accountNo());
        assertThat(one.getBoolean("payable")).isTrue();
        assertThat(one.getString("payBy")).isNotNull();
        // Not approved yet: nothing for the bank to pay.
        f.bank.get(INSTRUCTIONS + "/" + applied).then().statusCode(404).contentType("application/problem+json");

        // Another bank learns nothing of it; people and unsigned calls are not banks.
        SignedClient other = SignedClient.bank("O" + (Api.next() % 100000));
        other.get(INSTRUCTIONS + "/" + release).then().statusCode(404).body("type", equalTo("/problems/not-found"));
        other.get(INSTRUCTIONS).then().statusCode(200).header("X-Total-Count", "0");
        RestAssured.given().get(INSTRUCTIONS + "/" + release).then().statusCode(401);
        Api.as(f.enterpriseUser).get(INSTRUCTIONS).then().statusCode(403);
        // The bureau sees every bank's.
        Api.supervisor().get(INSTRUCTIONS + "/" + release).then().statusCode(200).body("releaseNo", equalTo(release));

        // Paid to another account: not counted; to the payee: executed, and no longer on the list.
        f.pay(release, "7000000.00", "62220000999999");
        assertThat(f.bank.get(INSTRUCTIONS + "/" + release).then().statusCode(200).extract().jsonPath().getBoolean("payable")).isTrue();
        f.pay(release, "7000000.00", ReleaseFixture.PAYEE_ACCOUNT);
        f.bank.get(INSTRUCTIONS + "/" + release).then().statusCode(200).body("status", equalTo("EXECUTED")).body("payable", equalTo(false));
        f.bank.get(INSTRUCTIONS + "?accountNo=" + f.fx.accountNo()).then().statusCode(200).header("X-Total-Count", "0");
    }

    @Test
    void shouldAlertOnceWhenAnApprovedReleaseIsNotPaidByItsDeadline() {
        ReleaseFixture f = new ReleaseFixture();
        String release = ReleaseBugsTest.approvedStory(f);
        assertThat(f.release(release).getString("payBy")).isNotNull();
        instructions.raiseNotPaid();
        assertThat(f.openAlertKinds()).isEmpty(); // within its deadline

        Db.update("UPDATE release_application SET pay_by = now() - interval '1 minute' WHERE release_no = ?", release);
        instructions.raiseNotPaid();
        instructions.raiseNotPaid();
        assertThat(f.openAlertKinds()).containsExactly("RELEASE_NOT_PAID");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'ALERT_RAISED' AND details->>'subject' = ?",
                "release:" + release)).isEqualTo(1);

        // Paid late, then reversed: a new deadline, and the old alert does not stand for it.
        String paid = f.pay(release, "7000000.00", ReleaseFixture.PAYEE_ACCOUNT);
        f.reverse(paid, "7000000.00", "RELEASE");
        instructions.raiseNotPaid();
        assertThat(f.openAlertKinds()).containsExactly("RELEASE_NOT_PAID");
    }
}

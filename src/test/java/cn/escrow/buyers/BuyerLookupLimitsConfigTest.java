package cn.escrow.buyers;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.support.BackgroundJobsProfile;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** The look-up limits come from escrow.buyer-lookup.*: here 2 failures per contract and 4 requests per address. */
@QuarkusTest
@TestProfile(BackgroundJobsProfile.class)
class BuyerLookupLimitsConfigTest {

    @Test
    void shouldApplyTheConfiguredLimits() {
        BuyerFixture b = new BuyerFixture();
        Db.update("DELETE FROM buyer_lookup_limit");
        BuyerFixture.lookUp(b.contractNo, "000001").then().statusCode(404);
        BuyerFixture.lookUp(b.contractNo, "000002").then().statusCode(404);
        Response perContract = BuyerFixture.lookUp(b.contractNo, b.last6());
        perContract.then().statusCode(429);
        assertThat(Long.parseLong(perContract.header("Retry-After"))).isBetween(3000L, 3600L);
        BuyerFixture.lookUp("HT-OTHER", "000001").then().statusCode(404);
        Response perAddress = BuyerFixture.lookUp("HT-OTHER", "000002");
        perAddress.then().statusCode(429);
        assertThat(Long.parseLong(perAddress.header("Retry-After"))).isBetween(60L, 120L);
    }
}

package cn.escrow.buyers;

import static org.assertj.core.api.Assertions.assertThat;

import static io.restassured.RestAssured.given;

import cn.escrow.support.Api;
import cn.escrow.support.BackgroundJobsProfile;
import cn.escrow.support.Db;
import io.restassured.http.ContentType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The look-up limits come from escrow.buyer-lookup.*: here 1 free wrong guess per contract then an hour's
 * wait, and 4 requests per address; behind a trusted proxy (here loopback, the tests' own address) each
 * forwarded client has its own address limit.
 */
@QuarkusTest
@TestProfile(BackgroundJobsProfile.class)
class BuyerLookupLimitsConfigTest {

    @Test
    void shouldApplyTheConfiguredLimits() {
        BuyerFixture b = new BuyerFixture();
        Db.update("DELETE FROM buyer_lookup_limit");
        Db.update("DELETE FROM buyer_lookup_backoff");
        BuyerFixture.lookUp(b.contractNo, "000001").then().statusCode(404);
        BuyerFixture.lookUp(b.contractNo, "000002").then().statusCode(404);
        Response perContract = BuyerFixture.lookUp(b.contractNo, b.last6());
        perContract.then().statusCode(429);
        assertThat(Long.parseLong(perContract.header("Retry-After"))).isBetween(3500L, 3600L);
        BuyerFixture.lookUp("HT-OTHER", "000001").then().statusCode(404);
        Response perAddress = BuyerFixture.lookUp("HT-OTHER", "000002");
        perAddress.then().statusCode(429);
        assertThat(Long.parseLong(perAddress.header("Retry-After"))).isBetween(60L, 120L);
    }

    @Test
    void shouldCountEachForwardedClientOnItsOwnBehindATrustedProxy() {
        Db.update("DELETE FROM buyer_lookup_limit");
        String client = "203.0.113." + (Api.next() % 200 + 1);
        for (int i = 0; i < 4; i++) {
            lookUpVia("X-Forwarded-For", client).then().statusCode(404);
        }
        lookUpVia("X-Forwarded-For", client).then().statusCode(429);
        // Another client behind the same proxy is not limited by the first one's requests.
        lookUpVia("X-Forwarded-For", "198.51.100.20").then().statusCode(404);
        // The limited client cannot escape by forging an address in front of the one the proxy appends.
        lookUpVia("X-Forwarded-For", "192.0.2.99, " + client).then().statusCode(429);
        // An IPv6 client.
        lookUpVia("X-Forwarded-For", "2001:db8:cafe::17").then().statusCode(404);
        assertThat(Db.count("SELECT count(*) FROM buyer_lookup_limit WHERE scope = 'ADDRESS' AND limit_key IN (?, ?, ?)",
                client, "198.51.100.20", "2001:db8:cafe:0:0:0:0:17")).isEqualTo(3);
        // RFC 7239 Forwarded is not read (the documented proxy passes a client's own through): no client chooses its address.
        lookUpVia("Forwarded", "for=\"[2001:db8:beef::1]:4711\"").then().statusCode(404);
        assertThat(Db.count("SELECT count(*) FROM buyer_lookup_limit WHERE limit_key = ?", "2001:db8:beef:0:0:0:0:1")).isZero();
    }

    private static Response lookUpVia(String header, String value) {
        return given().contentType(ContentType.JSON).header(header, value)
                .body(Map.of("contractNo", "HT-NONE-" + Api.next(), "idNoLast6", "000001")).post("/api/v1/buyer-lookups");
    }
}

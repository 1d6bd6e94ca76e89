package cn.escrow.platform;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import cn.escrow.support.Api;
import cn.escrow.support.EmbeddedPostgresResource;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Database down: callers get 503 problem+json with Retry-After, and the service recovers by itself. */
@QuarkusTest
class DatabaseOutageTest {

    @Test
    void shouldAnswer503WhileTheDatabaseIsDownAndRecoverAfterwards() throws Exception {
        assumeFalse(EmbeddedPostgresResource.isExternal(), "needs the embedded test database to stop it");
        String bankCode = "O" + (Api.next() % 100000);
        Api.Fixture fx = Api.project(bankCode);
        SignedClient bank = SignedClient.bank(bankCode);
        String push = """
                {"serialNo":"OUT-%d","accountNo":"%s","direction":"CREDIT","amount":"42.00","purpose":"DEPOSIT",
                 "bookedAt":"2026-11-02T09:30:00+08:00"}""".formatted(Api.next(), fx.accountNo());

        EmbeddedPostgresResource.stopDatabase();
        try {
            bank.post("/api/v1/bank/account-transactions", push).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", equalTo("/problems/service-unavailable"));
            Api.admin().get("/api/v1/enterprises").then().statusCode(503)
                    .body("type", equalTo("/problems/service-unavailable"));
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            EmbeddedPostgresResource.startDatabase();
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> bank.post("/api/v1/bank/account-transactions", push).statusCode() == 201);
        bank.post("/api/v1/bank/account-transactions", push).then().statusCode(200);
        Api.supervisor().get("/api/v1/accounts/" + fx.accountNo()).then().statusCode(200)
                .body("balance", equalTo("42.00")).body("entryCount", equalTo(1));
    }
}

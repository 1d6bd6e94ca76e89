package cn.escrow.bank;

import static cn.escrow.bank.BankPushTest.TRANSACTIONS;
import static cn.escrow.bank.BankPushTest.credit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.BackgroundJobsProfile;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A push whose commit does not come within {@code escrow.bank-push.max-wait} is answered 503 with
 * Retry-After (no thread waits for it meanwhile). It may still commit afterwards; the bank's retry is
 * then answered as a replay, so the push is stored once.
 */
@QuarkusTest
@TestProfile(BackgroundJobsProfile.class)
class PushTimeoutTest {

    @Test
    void shouldAnswer503AfterMaxWaitAndTheRetryAsAReplayOnceItCommitted() throws Exception {
        String bankCode = "W" + (Api.next() % 100000);
        Api.Fixture fx = Api.project(bankCode);
        SignedClient bank = SignedClient.bank(bankCode);
        String push = credit("WT-" + Api.next(), fx.accountNo(), "7.00", "DEPOSIT", "");

        // Hold the account's row lock: the only writer stalls on the push until it is released.
        try (Connection lock = Arc.container().instance(AgroalDataSource.class).get().getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement ps = lock.prepareStatement("SELECT 1 FROM supervised_account WHERE account_no = ? FOR UPDATE")) {
                ps.setString(1, fx.accountNo());
                ps.executeQuery().close();
            }
            Instant sent = Instant.now();
            bank.post(TRANSACTIONS, push).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("type", equalTo("/problems/service-unavailable"))
                    .body("detail", equalTo("The push was not stored within " + BackgroundJobsProfile.PUSH_MAX_WAIT_SECONDS + " s; retry"));
            assertThat(Duration.between(sent, Instant.now()))
                    .isBetween(Duration.ofSeconds(BackgroundJobsProfile.PUSH_MAX_WAIT_SECONDS).minusMillis(100), Duration.ofSeconds(12));
            assertThat(Db.count("SELECT count(*) FROM account_transaction WHERE project_id = ?", fx.projectId())).isZero();
            lock.rollback();
        }

        // The writer carries on once the lock is gone and commits the push nobody waits for any more.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Db.count("SELECT count(*) FROM account_transaction WHERE project_id = ?", fx.projectId()) == 1);
        bank.post(TRANSACTIONS, push).then().statusCode(200).body("amount", equalTo("7.00"));
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/account").then().statusCode(200)
                .body("balance", equalTo("7.00")).body("entryCount", equalTo(1));
    }
}

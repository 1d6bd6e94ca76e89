package cn.escrow.bank;

import static cn.escrow.bank.BankPushTest.TRANSACTIONS;
import static cn.escrow.bank.BankPushTest.credit;
import static cn.escrow.bank.BankPushTest.debit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.BackgroundJobsProfile;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group commit, made deterministic: with one writer, the test holds an account's row lock so the
 * writer stalls on a first push while more pushes queue up; released, the writer runs the queued
 * ones as one batch. What must hold: nobody is answered before the commit, a batch commits as one,
 * and one refused push in a batch neither fails the others nor leaves anything behind.
 */
@QuarkusTest
@TestProfile(BackgroundJobsProfile.class)
class PushCommitterTest {

    Api.Fixture held;
    Api.Fixture fx;
    SignedClient bank;
    ExecutorService callers;
    Connection lock;

    @BeforeEach
    void setUp() {
        String bankCode = "G" + (Api.next() % 100000);
        held = Api.project(bankCode);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
        callers = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (lock != null && !lock.isClosed()) {
            lock.rollback();
            lock.close();
        }
        callers.shutdownNow();
    }

    @Test
    void shouldCommitQueuedPushesTogetherAndAnswerNobodyBeforeTheCommit() throws Exception {
        double batchesBefore = metric("escrow_bank_push_batch_size_count");
        Future<Response> first = stallWriter();
        List<String> serials = new ArrayList<>();
        List<Future<Response>> queued = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            String serial = "GC-" + Api.next();
            serials.add(serial);
            queued.add(send(credit(serial, fx.accountNo(), i + ".00", "DEPOSIT", "")));
        }
        waitUntil(() -> metric("escrow_bank_push_queued") == 10);
        Future<Response> repeat = send(credit(serials.get(0), fx.accountNo(), "1.00", "DEPOSIT", ""));
        waitUntil(() -> metric("escrow_bank_push_queued") == 11);

        Thread.sleep(300); // time enough for a wrong early answer
        assertThat(queued).noneMatch(Future::isDone);
        assertThat(Db.count("SELECT count(*) FROM account_transaction WHERE project_id = ?", fx.projectId())).isZero();

        releaseWriter();
        first.get(10, TimeUnit.SECONDS).then().statusCode(201);
        for (Future<Response> answer : queued) {
            answer.get(10, TimeUnit.SECONDS).then().statusCode(201);
        }
        // The identical repeat was in the same batch, after the original: a replay of it.
        repeat.get(10, TimeUnit.SECONDS).then().statusCode(200).body("serialNo", equalTo(serials.get(0)));
        assertThat(metric("escrow_bank_push_batch_size_count")).isEqualTo(batchesBefore + 2); // the stalled one, then the rest
        assertThat(metric("escrow_bank_push_batch_size_max")).isGreaterThanOrEqualTo(11);
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/account").then().statusCode(200)
                .body("balance", equalTo("55.00")).body("entryCount", equalTo(10));
        assertThat(Db.count("""
                SELECT count(*) FROM (SELECT balance_after, sum(amount) OVER (ORDER BY id) AS running
                                      FROM account_transaction WHERE project_id = ?) t
                WHERE balance_after <> running""", fx.projectId())).isZero();
    }

    @Test
    void shouldStoreAMixedBatchSetBasedAnsweringEachPushItsOwnWay() throws Exception {
        Api.Fixture other = Api.project(fx.bankCode());
        Api.Fixture perPush = Api.project(fx.bankCode()); // has a debit in the batch: its pushes take the per-push path
        Api.Fixture foreign = Api.project("H" + (Api.next() % 100000));
        String contract = Api.contract(fx.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
        String dup = "GM-" + Api.next();
        String otherDup = "GM-" + Api.next();
        double fallbacksBefore = metric("escrow_bank_push_batch_fallbacks_total");
        double batchesBefore = metric("escrow_bank_push_batch_size_count");

        Future<Response> first = stallWriter();
        Future<Response> a1 = send(credit(dup, fx.accountNo(), "10.00", "DEPOSIT", ""));
        Future<Response> b1 = send(credit(otherDup, other.accountNo(), "5.00", "DOWN_PAYMENT", ""));
        Future<Response> c1 = send(credit("GM-" + Api.next(), perPush.accountNo(), "100.00", "DEPOSIT", ""));
        Future<Response> a2 = send(credit("GM-" + Api.next(), fx.accountNo(), "2.50", "DOWN_PAYMENT",
                ",\"contractNo\":\"" + contract + "\""));
        Future<Response> c2 = send(debit("GM-" + Api.next(), perPush.accountNo(), "30.00", ""));
        Future<Response> a1Again = send(credit(dup, fx.accountNo(), "10.00", "DEPOSIT", ""));
        Future<Response> unknownAccount = send(credit("GM-" + Api.next(), "999999" + Api.next(), "1.00", "DEPOSIT", ""));
        Future<Response> notOurs = send(credit("GM-" + Api.next(), foreign.accountNo(), "1.00", "DEPOSIT", ""));
        Future<Response> otherContract = send(credit("GM-" + Api.next(), other.accountNo(), "1.00", "DOWN_PAYMENT",
                ",\"contractNo\":\"" + contract + "\""));
        Future<Response> future = send(credit("GM-" + Api.next(), fx.accountNo(), "1.00", "DEPOSIT", "")
                .replace("2026-11-02T09:30:00+08:00", "2099-01-01T00:00:00+08:00"));
        Future<Response> b2 = send(credit("GM-" + Api.next(), other.accountNo(), "1.25", "DEPOSIT", ""));
        Future<Response> c3 = send(credit("GM-" + Api.next(), perPush.accountNo(), "0.50", "DEPOSIT", ""));
        waitUntil(() -> metric("escrow_bank_push_queued") == 12);

        releaseWriter();
        first.get(10, TimeUnit.SECONDS).then().statusCode(201);
        // Concurrent senders arrive in any order, so each balanceAfter is checked against the running sum below.
        // The same push twice: whichever arrives first is stored (201), the other is its replay (200).
        assertThat(List.of(a1.get(10, TimeUnit.SECONDS).statusCode(), a1Again.get(10, TimeUnit.SECONDS).statusCode()))
                .containsExactlyInAnyOrder(201, 200);
        assertThat(a1Again.get().path("balanceAfter").toString()).isEqualTo(a1.get().path("balanceAfter").toString());
        for (Future<Response> stored : List.of(a2, b1, b2, c1, c2, c3)) {
            stored.get(10, TimeUnit.SECONDS).then().statusCode(201);
        }
        a2.get().then().body("contractNo", equalTo(contract));
        // Each refused push gets its own problem and takes nobody down: no batch fell back to one push per transaction.
        unknownAccount.get(10, TimeUnit.SECONDS).then().statusCode(422).body("type", equalTo("/problems/unknown-reference"));
        notOurs.get(10, TimeUnit.SECONDS).then().statusCode(403);
        otherContract.get(10, TimeUnit.SECONDS).then().statusCode(422).body("type", equalTo("/problems/unknown-reference"));
        future.get(10, TimeUnit.SECONDS).then().statusCode(400).body("type", equalTo("/problems/validation-failed"));
        assertThat(metric("escrow_bank_push_batch_fallbacks_total")).isEqualTo(fallbacksBefore);
        assertThat(metric("escrow_bank_push_batch_size_count")).isEqualTo(batchesBefore + 2);

        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/account").then().statusCode(200)
                .body("balance", equalTo("12.50")).body("entryCount", equalTo(2));
        Api.supervisor().get("/api/v1/projects/" + other.projectId() + "/account").then().statusCode(200)
                .body("balance", equalTo("6.25")).body("entryCount", equalTo(2));
        Api.supervisor().get("/api/v1/projects/" + perPush.projectId() + "/account").then().statusCode(200)
                .body("balance", equalTo("70.50")).body("entryCount", equalTo(3));
        for (long project : List.of(fx.projectId(), other.projectId(), perPush.projectId())) {
            assertThat(Db.count("""
                    SELECT count(*) FROM (SELECT balance_after, sum(CASE direction WHEN 'CREDIT' THEN amount ELSE -amount END)
                                          OVER (ORDER BY id) AS running FROM account_transaction WHERE project_id = ?) t
                    WHERE balance_after <> running""", project)).isZero();
        }
        // One audit event per stored push, with the details the per-push path writes.
        assertThat(Db.count("""
                SELECT count(*) FROM audit_event WHERE action = 'ACCOUNT_TRANSACTION_PUSHED' AND project_id = ?
                  AND details = jsonb_build_object('bankCode', CAST(? AS text), 'accountNo', CAST(? AS text), 'direction', 'CREDIT',
                      'amount', '5.00', 'purpose', 'DOWN_PAYMENT', 'matchedDisbursement', NULL, 'lenderCode', NULL, 'reverses', NULL)""",
                other.projectId(), fx.bankCode(), other.accountNo())).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'ACCOUNT_TRANSACTION_PUSHED' AND project_id IN (?, ?, ?)",
                fx.projectId(), other.projectId(), perPush.projectId())).isEqualTo(7);
    }

    @Test
    void shouldAnswerRefusedPushesOnTheirOwnAndStoreTheRestOfTheBatch() throws Exception {
        String taken = "GT-" + Api.next();
        bank.post(TRANSACTIONS, credit(taken, fx.accountNo(), "100.00", "DEPOSIT", "")).then().statusCode(201);
        double fallbacksBefore = metric("escrow_bank_push_batch_fallbacks_total");

        Future<Response> first = stallWriter();
        List<Future<Response>> valid = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            valid.add(send(credit("GV-" + Api.next(), fx.accountNo(), "1.00", "DEPOSIT", "")));
        }
        Future<Response> unknownAccount = send(credit("GU-" + Api.next(), "999999" + Api.next(), "1.00", "DEPOSIT", ""));
        Future<Response> reusedSerial = send(credit(taken, fx.accountNo(), "100.00", "DOWN_PAYMENT", ""));
        valid.add(send(credit("GV-" + Api.next(), fx.accountNo(), "1.00", "DEPOSIT", "")));
        waitUntil(() -> metric("escrow_bank_push_queued") == 7);

        releaseWriter();
        first.get(10, TimeUnit.SECONDS).then().statusCode(201);
        for (Future<Response> answer : valid) {
            answer.get(10, TimeUnit.SECONDS).then().statusCode(201);
        }
        unknownAccount.get(10, TimeUnit.SECONDS).then().statusCode(422).body("type", equalTo("/problems/unknown-reference"));
        reusedSerial.get(10, TimeUnit.SECONDS).then().statusCode(409).body("type", equalTo("/problems/idempotency-conflict"));
        assertThat(metric("escrow_bank_push_batch_fallbacks_total")).isEqualTo(fallbacksBefore); // found before the write
        // The five good pushes once each, the refused ones not at all, the balance to the cent.
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/account").then().statusCode(200)
                .body("balance", equalTo("105.00")).body("entryCount", equalTo(6));
        assertThat(Db.count("SELECT count(*) FROM account_transaction WHERE serial_no LIKE 'GU-%'")).isZero();
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'ACCOUNT_TRANSACTION_PUSHED' AND project_id = ?",
                fx.projectId())).isEqualTo(6);
    }

    @Test
    void shouldRefuseAClosedAccountAndRecheckReportedDaysInTheSetBasedPath() throws Exception {
        Api.Fixture closed = Api.project(fx.bankCode());
        Api.Fixture reported = Api.project(fx.bankCode());
        try (Connection owner = Db.ownerConnection(); Statement st = owner.createStatement()) {
            st.executeUpdate("UPDATE supervised_account SET status = 'CLOSED', closed_at = now() WHERE project_id = " + closed.projectId());
        }
        // The bank reported the day the credits below are booked on, with nothing in it: they are late entries for it.
        bank.post("/api/v1/bank/daily-balances", """
                {"accountNo":"%s","date":"2026-11-02","closingBalance":"0.00","entryCount":0}""".formatted(reported.accountNo()))
                .then().statusCode(201).body("matches", equalTo(true));
        double fallbacksBefore = metric("escrow_bank_push_batch_fallbacks_total");

        Future<Response> first = stallWriter();
        Future<Response> toClosed = send(credit("GC-" + Api.next(), closed.accountNo(), "1.00", "DEPOSIT", ""));
        Future<Response> late1 = send(credit("GL-" + Api.next(), reported.accountNo(), "3.00", "DEPOSIT", ""));
        Future<Response> late2 = send(credit("GL-" + Api.next(), reported.accountNo(), "4.00", "DOWN_PAYMENT", ""));
        waitUntil(() -> metric("escrow_bank_push_queued") == 3);
        releaseWriter();

        first.get(10, TimeUnit.SECONDS).then().statusCode(201);
        toClosed.get(10, TimeUnit.SECONDS).then().statusCode(409).body("type", equalTo("/problems/account-closed"));
        late1.get(10, TimeUnit.SECONDS).then().statusCode(201);
        late2.get(10, TimeUnit.SECONDS).then().statusCode(201);
        assertThat(metric("escrow_bank_push_batch_fallbacks_total")).isEqualTo(fallbacksBefore);
        assertThat(Db.count("SELECT count(*) FROM account_transaction WHERE project_id = ?", closed.projectId())).isZero();
        // The reported day re-checked with both late entries: it no longer matches, and says so.
        assertThat(Db.count("""
                SELECT count(*) FROM daily_balance WHERE project_id = ? AND current AND own_closing_balance = 7.00
                  AND own_entry_count = 2 AND NOT matches""", reported.projectId())).isEqualTo(1);
        assertThat(Db.count("SELECT count(*) FROM alert WHERE project_id = ? AND kind = 'BALANCE_MISMATCH' AND status <> 'CLOSED'",
                reported.projectId())).isEqualTo(1);
    }

    /** Holds the row lock of one account and sends a push to it: the only writer waits on the lock. */
    private Future<Response> stallWriter() throws Exception {
        lock = Arc.container().instance(AgroalDataSource.class).get().getConnection();
        lock.setAutoCommit(false);
        try (PreparedStatement ps = lock.prepareStatement("SELECT 1 FROM supervised_account WHERE account_no = ? FOR UPDATE")) {
            ps.setString(1, held.accountNo());
            ps.executeQuery().close();
        }
        Future<Response> first = send(credit("GS-" + Api.next(), held.accountNo(), "1.00", "DEPOSIT", ""));
        waitUntil(() -> Db.count("SELECT count(*) FROM pg_locks WHERE NOT granted") > 0
                && metric("escrow_bank_push_queued") == 0);
        return first;
    }

    private void releaseWriter() throws Exception {
        lock.rollback();
        lock.close();
    }

    private Future<Response> send(String body) {
        return callers.submit(() -> bank.post(TRANSACTIONS, body));
    }

    private static double metric(String name) {
        String text = Api.metrics();
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("condition reached within 10 s").isBefore(deadline);
            Thread.sleep(20);
        }
    }
}

package cn.escrow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.guarantees.GuaranteeSweepService;
import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Bank guarantees (保函) over HTTP: acceptance rules, the freed part, the guarantor's top-up duty, expiry, and a release racing a substitution. */
@QuarkusTest
class GuaranteeTest {

    @Inject
    GuaranteeSweepService sweep;

    private static Response guarantee(LifecycleFixture f, String amount, LocalDate until) {
        return Api.supervisor().body(Map.of("guaranteeNo", "BH-" + Api.next(), "guarantorName", "中国建设银行昆明分行",
                        "guarantorCode", "CCB5301", "amount", amount, "validFrom", "2026-01-01", "validUntil", until.toString()))
                .post("/api/v1/projects/" + f.projectId + "/guarantees");
    }

    private static final LocalDate LATER = LocalDate.of(2099, 12, 31);

    private static JsonPath position(LifecycleFixture f) {
        return Api.supervisor().get("/api/v1/projects/" + f.projectId + "/supervision").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldAcceptGuaranteesOnlyOnceTheKeyAmountIsHeldAndWithinTheShareAndMakeTheGuarantorTopUp() {
        LifecycleFixture f = new LifecycleFixture();
        f.openAccountV1();
        f.keyAmount("100000.00");
        f.credit("50000.00").then().statusCode(201);
        guarantee(f, "20000.00", LATER).then().statusCode(409).body("rule", equalTo("GUARANTEE_NOT_ACCEPTED"));
        f.credit("50000.00").then().statusCode(201);
        guarantee(f, "30000.01", LATER).then().statusCode(409).body("rule", equalTo("GUARANTEE_NOT_ACCEPTED"));
        String first = guarantee(f, "20000.00", LATER).then().statusCode(201).body("status", equalTo("ACTIVE"))
                .extract().jsonPath().getString("guaranteeNo");
        guarantee(f, "10000.01", LATER).then().statusCode(409);
        guarantee(f, "10000.00", LATER).then().statusCode(201);
        assertThat(position(f).getString("guaranteed")).isEqualTo("30000.00");
        assertThat(position(f).getString("freeAmount")).isEqualTo("30000.00");
        // The buyer sees that guarantees stand in for part of the key money; the report line shows them too.
        String[] contract = f.buyerContract();
        JsonPath seen = LifecycleFixture.buyerLookUp(contract);
        assertThat(seen.getString("projectGuaranteed")).isEqualTo("30000.00");
        assertThat(seen.getBoolean("projectSupervised")).isTrue();
        assertThat(f.reportLine().getString("guaranteedAtEnd")).isEqualTo("30000.00");
        assertThat(f.reportLine().getString("supervisionAtEnd")).isEqualTo("SUPERVISED");

        // 50,000 at the first node (cap 30,000 of key money): 30,000 is free thanks to the guarantees, 20,000 is key money.
        String release = f.applyForRelease("PRESALE_PERMIT", "50000.00");
        f.approveRelease(release).then().statusCode(200).body("keyPart", equalTo("20000.00"));
        List<Map<String, Object>> gs = Api.supervisor().get("/api/v1/projects/" + f.projectId + "/guarantees").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(gs).extracting(g -> g.get("topUpDue")).containsExactlyInAnyOrder("4000.00", "2000.00");
        assertThat(f.openAlertKinds()).contains("GUARANTEE_TOP_UP_DUE");

        // Completion filing ends every guarantee: its part is key money again.
        f.milestone("completion-filing", "filedOn").then().statusCode(201);
        Api.supervisor().get("/api/v1/projects/" + f.projectId + "/guarantees").then().statusCode(200)
                .body("findAll { it.status == 'EXPIRED' }.size()", equalTo(2))
                .body("find { it.guaranteeNo == '" + first + "' }.expiryReason", equalTo("COMPLETION_FILING"));
        assertThat(position(f).getString("guaranteed")).isEqualTo("0.00");
        assertThat(LifecycleFixture.buyerLookUp(contract).getString("projectGuaranteed")).isEqualTo("0.00");
        assertThat(f.reportLine().getString("guaranteedAtEnd")).isEqualTo("0.00");
    }

    @Test
    void shouldWarnBeforeAGuaranteeEndsAndExpireItAfterwards() {
        LifecycleFixture f = new LifecycleFixture();
        f.openAccountV1();
        f.keyAmount("100000.00");
        f.credit("100000.00").then().statusCode(201);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        String soon = guarantee(f, "10000.00", today.plusDays(10)).then().statusCode(201).extract().jsonPath().getString("guaranteeNo");
        guarantee(f, "10000.00", LATER).then().statusCode(201);
        sweep.sweep();
        sweep.sweep();
        assertThat(f.openAlertKinds().stream().filter("GUARANTEE_EXPIRING"::equals).count()).isEqualTo(1);

        Db.update("UPDATE guarantee SET valid_from = ?, valid_until = ? WHERE guarantee_no = ?", today.minusDays(30), today.minusDays(1), soon);
        sweep.sweep();
        Api.supervisor().get("/api/v1/projects/" + f.projectId + "/guarantees").then().statusCode(200)
                .body("find { it.guaranteeNo == '" + soon + "' }.status", equalTo("EXPIRED"))
                .body("find { it.guaranteeNo == '" + soon + "' }.expiryReason", equalTo("END_DATE"))
                .body("findAll { it.status == 'ACTIVE' }.size()", equalTo(1));
        assertThat(f.openAlertKinds()).contains("GUARANTEE_EXPIRED");
        assertThat(position(f).getString("guaranteed")).isEqualTo("10000.00");
    }

    @Test
    void shouldSeeAGuaranteeWhollyOrNotAtAllWhenAReleaseRacesItsSubstitution() {
        for (boolean guaranteeFirst : new boolean[] {true, false}) {
            LifecycleFixture f = new LifecycleFixture();
            f.openAccountV1();
            f.keyAmount("100000.00");
            f.credit("100000.00").then().statusCode(201);
            // 40,000 at the first node (cap 30,000 of key money) passes only with a 30,000 guarantee in place. Both
            // transactions are held open on the project's lock at once, and get it in the order given.
            String release = f.applyForRelease("PRESALE_PERMIT", "40000.00");
            Supplier<Response> substitution = () -> guarantee(f, "30000.00", LATER);
            Supplier<Response> approval = () -> f.approveRelease(release);
            List<Response> both = guaranteeFirst ? f.whileSupervisionLocked(substitution, approval)
                    : f.whileSupervisionLocked(approval, substitution);
            Response recorded = both.get(guaranteeFirst ? 0 : 1);
            Response approved = both.get(guaranteeFirst ? 1 : 0);
            assertThat(recorded.statusCode()).isEqualTo(201);
            String topUp = Api.supervisor().get("/api/v1/projects/" + f.projectId + "/guarantees").then().statusCode(200)
                    .extract().jsonPath().getString("[0].topUpDue");
            if (guaranteeFirst) { // after the guarantee: 30,000 free, 10,000 key money, the guarantor owes 3,000
                assertThat(approved.statusCode()).isEqualTo(200);
                assertThat(approved.jsonPath().getString("keyPart")).isEqualTo("10000.00");
                assertThat(topUp).isEqualTo("3000.00");
            } else { // before it: refused by the node cap, and no duty; approved once the guarantee stands
                assertThat(approved.statusCode()).isEqualTo(409);
                assertThat(approved.jsonPath().getString("rule")).isEqualTo("NODE_CAP_EXCEEDED");
                assertThat(topUp).isEqualTo("0.00");
                f.approveRelease(release).then().statusCode(200).body("keyPart", equalTo("10000.00"));
            }
        }
    }

    private static Response payment(LifecycleFixture f, String guaranteeNo, long transactionId) {
        return Api.supervisor().body(Map.of("transactionId", transactionId))
                .post("/api/v1/projects/" + f.projectId + "/guarantees/" + guaranteeNo + "/payments");
    }

    private static JsonPath guaranteeView(LifecycleFixture f, String guaranteeNo) {
        return Api.supervisor().get("/api/v1/projects/" + f.projectId + "/guarantees").then().statusCode(200)
                .extract().jsonPath().setRootPath("find { it.guaranteeNo == '" + guaranteeNo + "' }");
    }

    private static String guarantorCredit(LifecycleFixture f, String serialNo, String amount) {
        return """
                {"serialNo":"%s","accountNo":"%s","direction":"CREDIT","amount":"%s","purpose":"OTHER",
                 "bookedAt":"2026-11-03T10:00:00+08:00","counterpartyName":"中国建设银行昆明分行"}""".formatted(serialNo, f.accountNo, amount);
    }

    @Test
    void shouldSettleTheTopUpDutyWithTheGuarantorsCreditsExactlyOnceAndNeverBelowZero() {
        LifecycleFixture f = new LifecycleFixture();
        f.openAccountV1();
        f.keyAmount("100000.00");
        f.credit("100000.00").then().statusCode(201);
        String no = guarantee(f, "30000.00", LATER).then().statusCode(201).extract().jsonPath().getString("guaranteeNo");
        String release = f.applyForRelease("PRESALE_PERMIT", "40000.00");
        f.approveRelease(release).then().statusCode(200).body("keyPart", equalTo("10000.00"));
        assertThat(guaranteeView(f, no).getString("topUpDue")).isEqualTo("3000.00");

        // The guarantor pays 1,000 in; the supervisor attributes the credit; the bank's repeat of the same push changes nothing.
        String serial = "GP-" + Api.next();
        long first = f.bank.post("/api/v1/bank/account-transactions", guarantorCredit(f, serial, "1000.00")).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        payment(f, no, first).then().statusCode(201).body("applied", equalTo("1000.00")).body("topUpDueAfter", equalTo("2000.00"))
                .body("serialNo", equalTo(serial));
        f.bank.post("/api/v1/bank/account-transactions", guarantorCredit(f, serial, "1000.00")).then().statusCode(200)
                .body("id", equalTo((int) first));
        payment(f, no, first).then().statusCode(409).body("type", equalTo("/problems/conflict"));
        assertThat(guaranteeView(f, no).getString("topUpDue")).isEqualTo("2000.00");
        assertThat(guaranteeView(f, no).getString("topUpPaid")).isEqualTo("1000.00");

        // Buyer money, another project's credit or an unknown id is no guarantor payment; an unknown guarantee is 404.
        long buyerMoney = f.credit("500.00").then().statusCode(201).extract().jsonPath().getLong("id");
        payment(f, no, buyerMoney).then().statusCode(422).body("type", equalTo("/problems/unknown-reference"));
        payment(f, no, 999_999_999L).then().statusCode(422);
        payment(f, "BH-NONE-" + Api.next(), first).then().statusCode(404);
        Api.supervisor().body("{}").contentType("application/json")
                .post("/api/v1/projects/" + f.projectId + "/guarantees/" + no + "/payments").then().statusCode(400);
        Api.as(f.enterpriseUser).body(Map.of("transactionId", first))
                .post("/api/v1/projects/" + f.projectId + "/guarantees/" + no + "/payments").then().statusCode(403);

        // Two credits of 1,500 attributed at once (both transactions open, waiting for the project's lock): 2,000 was due,
        // so one settles 1,500 and the other the 500 left; the duty ends at exactly 0.00.
        long a = f.bank.post("/api/v1/bank/account-transactions", guarantorCredit(f, "GP-" + Api.next(), "1500.00"))
                .then().statusCode(201).extract().jsonPath().getLong("id");
        long b = f.bank.post("/api/v1/bank/account-transactions", guarantorCredit(f, "GP-" + Api.next(), "1500.00"))
                .then().statusCode(201).extract().jsonPath().getLong("id");
        List<Response> both = f.whileSupervisionLocked(() -> payment(f, no, a), () -> payment(f, no, b));
        assertThat(both).extracting(Response::statusCode).containsExactly(201, 201);
        assertThat(both).extracting(r -> r.jsonPath().getString("applied")).containsExactlyInAnyOrder("1500.00", "500.00");
        assertThat(guaranteeView(f, no).getString("topUpDue")).isEqualTo("0.00");
        assertThat(guaranteeView(f, no).getString("topUpPaid")).isEqualTo("3000.00");
        long c = f.bank.post("/api/v1/bank/account-transactions", guarantorCredit(f, "GP-" + Api.next(), "10.00"))
                .then().statusCode(201).extract().jsonPath().getLong("id");
        payment(f, no, c).then().statusCode(409).body("rule", equalTo("NO_TOP_UP_DUE"));

        // The bank reverses the first payment: the 1,000 it settled is owed again, and a reversed credit cannot be attributed.
        f.bank.post("/api/v1/bank/account-transactions", reversal(f, serial, "1000.00")).then().statusCode(201);
        assertThat(guaranteeView(f, no).getString("topUpDue")).isEqualTo("1000.00");
        assertThat(guaranteeView(f, no).getString("topUpPaid")).isEqualTo("2000.00");
        payment(f, no, first).then().statusCode(409);

        // An attribution and the credit's reversal held open together on the account's row: the attribution first, then the
        // reversal finds it and undoes it; nothing is settled by money that left again.
        String lastSerial = "GP-" + Api.next();
        long last = f.bank.post("/api/v1/bank/account-transactions", guarantorCredit(f, lastSerial, "400.00")).then().statusCode(201)
                .extract().jsonPath().getLong("id");
        List<Response> raced = f.whileAccountLocked(() -> payment(f, no, last),
                () -> f.bank.post("/api/v1/bank/account-transactions", reversal(f, lastSerial, "400.00")));
        assertThat(raced).extracting(Response::statusCode).containsExactly(201, 201);
        assertThat(guaranteeView(f, no).getString("topUpDue")).isEqualTo("1000.00");
        assertThat(guaranteeView(f, no).getString("topUpPaid")).isEqualTo("2000.00");
        assertThat(Db.strings("SELECT action FROM audit_event WHERE subject = ? ORDER BY id", "guarantee:" + no))
                .containsSubsequence("GUARANTEE_PAYMENT_RECORDED", "GUARANTEE_PAYMENT_RECORDED", "GUARANTEE_PAYMENT_RECORDED",
                        "GUARANTEE_PAYMENT_REVERSED")
                .filteredOn("GUARANTEE_PAYMENT_RECORDED"::equals).hasSize(4);
    }

    private static String reversal(LifecycleFixture f, String serialNo, String amount) {
        return """
                {"serialNo":"GPR-%d","accountNo":"%s","direction":"DEBIT","amount":"%s","purpose":"OTHER",
                 "bookedAt":"2026-11-04T10:00:00+08:00","reversesSerialNo":"%s"}""".formatted(Api.next(), f.accountNo, amount, serialNo);
    }
}

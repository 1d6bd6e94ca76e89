package cn.escrow.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import cn.escrow.support.Api;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BankPushTest {

    static final String DISBURSEMENTS = "/api/v1/bank/loan-disbursements";
    static final String TRANSACTIONS = "/api/v1/bank/account-transactions";
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    Api.Fixture fx;
    SignedClient bank;

    @BeforeEach
    void setUp() {
        String bankCode = "B" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
    }

    static String disbursement(String serial, String contractNo, String accountNo, String amount) {
        return """
                {"serialNo":"%s","contractNo":"%s","accountNo":"%s","amount":"%s","loanType":"COMMERCIAL",
                 "disbursedAt":"2026-11-01T10:00:00+08:00"}""".formatted(serial, contractNo, accountNo, amount);
    }

    static String credit(String serial, String accountNo, String amount, String purpose, String extra) {
        return """
                {"serialNo":"%s","accountNo":"%s","direction":"CREDIT","amount":"%s","purpose":"%s",
                 "bookedAt":"2026-11-02T09:30:00+08:00"%s}""".formatted(serial, accountNo, amount, purpose, extra);
    }

    static String debit(String serial, String accountNo, String amount, String extra) {
        return """
                {"serialNo":"%s","accountNo":"%s","direction":"DEBIT","amount":"%s","purpose":"RELEASE",
                 "bookedAt":"2026-11-02T09:30:00+08:00"%s}""".formatted(serial, accountNo, amount, extra);
    }

    String loanContract(String loan) {
        return Api.contract(fx.projectId(), "1000000.00", new BigDecimal("1000000.00").subtract(new BigDecimal(loan)).toPlainString(),
                loan, "COMMERCIAL");
    }

    @Test
    void shouldStoreDisbursementDueAtStartOfDay31InServiceZone() {
        String contractNo = loanContract("700000.00");
        JsonPath body = bank.post(DISBURSEMENTS, disbursement("D-" + Api.next(), contractNo, fx.accountNo(), "700000.00"))
                .then().statusCode(201)
                .body("status", equalTo("AWAITING_FUNDS"))
                .body("amount", equalTo("700000.00"))
                .body("contractNo", equalTo(contractNo))
                .body("accountNo", equalTo(fx.accountNo()))
                .extract().jsonPath();
        OffsetDateTime receivedAt = OffsetDateTime.parse(body.getString("receivedAt"));
        OffsetDateTime dueAt = OffsetDateTime.parse(body.getString("dueAt"));
        LocalDate pushDate = receivedAt.atZoneSameInstant(SHANGHAI).toLocalDate();
        assertThat(dueAt.toInstant()).isEqualTo(pushDate.plusDays(31).atStartOfDay(SHANGHAI).toInstant());
        assertThat(dueAt.getOffset().getId()).isEqualTo("+08:00");
    }

    @Test
    void shouldReplayIdenticalPushAndRefuseDifferentContent() {
        String contractNo = loanContract("700000.00");
        String serial = "D-" + Api.next();
        String push = disbursement(serial, contractNo, fx.accountNo(), "700000.00");
        long id = bank.post(DISBURSEMENTS, push).then().statusCode(201).extract().jsonPath().getLong("id");
        bank.post(DISBURSEMENTS, push).then().statusCode(200).body("id", equalTo((int) id));
        // Same amount written differently is the same content.
        bank.post(DISBURSEMENTS, push.replace("\"700000.00\"", "700000.0")).then().statusCode(200);
        bank.post(DISBURSEMENTS, disbursement(serial, contractNo, fx.accountNo(), "700000.01")).then().statusCode(409)
                .body("type", equalTo("/problems/idempotency-conflict"));

        String tx = credit("T-" + Api.next(), fx.accountNo(), "100.00", "DEPOSIT", "");
        bank.post(TRANSACTIONS, tx).then().statusCode(201).body("balanceAfter", equalTo("100.00"));
        bank.post(TRANSACTIONS, tx).then().statusCode(200).body("balanceAfter", equalTo("100.00"));
        bank.post(TRANSACTIONS, tx.replace("DEPOSIT", "DOWN_PAYMENT")).then().statusCode(409)
                .body("type", equalTo("/problems/idempotency-conflict"));
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/account").then().statusCode(200)
                .body("balance", equalTo("100.00")).body("entryCount", equalTo(1));
    }

    @Test
    void shouldRefuseUnknownReferencesAndOtherBanks() {
        String contractNo = loanContract("500000.00");
        bank.post(DISBURSEMENTS, disbursement("D-" + Api.next(), "NO-SUCH-" + Api.next(), fx.accountNo(), "1.00"))
                .then().statusCode(422).body("type", equalTo("/problems/unknown-reference"));
        Api.Fixture other = Api.project(fx.bankCode());
        bank.post(DISBURSEMENTS, disbursement("D-" + Api.next(), contractNo, other.accountNo(), "1.00"))
                .then().statusCode(422).body("type", equalTo("/problems/unknown-reference"));
        bank.post(TRANSACTIONS, credit("T-" + Api.next(), "999999" + Api.next(), "1.00", "DEPOSIT", ""))
                .then().statusCode(422).body("type", equalTo("/problems/unknown-reference"));
        bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "1.00", "DEPOSIT", ",\"contractNo\":\"NOPE-1\""))
                .then().statusCode(422);

        // Another bank may push a loan notice (it may be the lender, 1.1) but no account transaction.
        SignedClient otherBank = SignedClient.bank("X" + (Api.next() % 100000));
        otherBank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "1.00", "DEPOSIT", ""))
                .then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        SignedClient signing = SignedClient.signingSystem();
        signing.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "1.00", "DEPOSIT", ""))
                .then().statusCode(403);
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/account").then().body("balance", equalTo("0.00"));
    }

    @Test
    void shouldTellABankNothingAboutAnotherBanksContracts() {
        Api.Fixture otherBanks = Api.project("Y" + (Api.next() % 100000));
        String withLoan = Api.contract(otherBanks.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
        String withoutLoan = Api.contract(otherBanks.projectId(), "900000.00", "900000.00", "0.00", "NONE");
        String unknown = "NO-SUCH-" + Api.next();
        // On its own account: one answer whether the contract is unknown, another bank's, with or without a loan.
        Response[] own = {
            bank.post(DISBURSEMENTS, disbursement("D-" + Api.next(), withLoan, fx.accountNo(), "1.00")),
            bank.post(DISBURSEMENTS, disbursement("D-" + Api.next(), withoutLoan, fx.accountNo(), "1.00")),
            bank.post(DISBURSEMENTS, disbursement("D-" + Api.next(), unknown, fx.accountNo(), "1.00")),
            bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "1.00", "DOWN_PAYMENT", ",\"contractNo\":\"" + withLoan + "\"")),
            bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "1.00", "DOWN_PAYMENT", ",\"contractNo\":\"" + unknown + "\""))};
        String[] named = {withLoan, withoutLoan, unknown, withLoan, unknown};
        for (int i = 0; i < own.length; i++) {
            own[i].then().statusCode(422).body("type", equalTo("/problems/unknown-reference"));
            assertThat(own[i].jsonPath().getString("detail").replace(named[i], "#"))
                    .isEqualTo(own[0].jsonPath().getString("detail").replace(withLoan, "#"));
            assertThat(own[i].asString()).doesNotContain(otherBanks.accountNo()).doesNotContain(otherBanks.projectName())
                    .doesNotContain(otherBanks.bankCode()).doesNotContain("no loan");
        }
        // A lender may announce a loan on another bank's account, but learns no more there: an unknown contract and
        // a contract of yet another project get one answer.
        String fxContract = loanContract("500000.00");
        Response elsewhere = bank.post(DISBURSEMENTS, disbursement("D-" + Api.next(), fxContract, otherBanks.accountNo(), "1.00"));
        Response notKnown = bank.post(DISBURSEMENTS, disbursement("D-" + Api.next(), unknown, otherBanks.accountNo(), "1.00"));
        elsewhere.then().statusCode(422).body("type", equalTo("/problems/unknown-reference"));
        assertThat(elsewhere.jsonPath().getString("detail").replace(fxContract, "#"))
                .isEqualTo(notKnown.jsonPath().getString("detail").replace(unknown, "#"));
    }

    @Test
    void shouldValidateFieldsAndMoney() {
        String contractNo = loanContract("500000.00");
        String ok = disbursement("D-" + Api.next(), contractNo, fx.accountNo(), "500000.00");
        bank.post(DISBURSEMENTS, ok.replace("\"500000.00\"", "\"500000.001\"")).then().statusCode(400)
                .body("type", equalTo("/problems/validation-failed")).body("violations.field", hasItem("amount"));
        bank.post(DISBURSEMENTS, ok.replace("\"500000.00\"", "\"5e5\"")).then().statusCode(400)
                .body("type", equalTo("/problems/validation-failed")).body("violations.field", hasItem("amount"));
        bank.post(DISBURSEMENTS, ok.replace("\"500000.00\"", "5E5")).then().statusCode(400)
                .body("type", equalTo("/problems/validation-failed"));
        bank.post(DISBURSEMENTS, ok.replace("\"500000.00\"", "\"-1.00\"")).then().statusCode(400)
                .body("violations.field", hasItem("amount"));
        bank.post(DISBURSEMENTS, ok.replace("\"500000.00\"", "\"0.00\"")).then().statusCode(400);
        bank.post(DISBURSEMENTS, ok.replace("\"500000.00\"", "\"1000000000000.00\"")).then().statusCode(400);
        bank.post(DISBURSEMENTS, ok.replace("\"500000.00\"", "true")).then().statusCode(400)
                .body("type", equalTo("/problems/malformed-request"));
        bank.post(DISBURSEMENTS, ok.replace("COMMERCIAL", "NONE")).then().statusCode(400)
                .body("violations.field", hasItem("loanType"));
        bank.post(DISBURSEMENTS, ok.replace("2026-11-01T10:00:00+08:00", "2026-11-01T10:00:00")).then().statusCode(400)
                .body("violations.field", hasItem("disbursedAt"));
        bank.post(DISBURSEMENTS, ok.replace("\"serialNo\":\"D-", "\"serialNo\":\"D /")).then().statusCode(400)
                .body("violations.field", hasItem("serialNo"));
        bank.post(DISBURSEMENTS, "{\"serialNo\":\"D-1\"}").then().statusCode(400)
                .body("type", equalTo("/problems/validation-failed")).body("violations.field", hasItem("amount"));
        bank.post(DISBURSEMENTS, "[1,2]").then().statusCode(400).body("type", equalTo("/problems/malformed-request"));
        bank.post(DISBURSEMENTS, "").then().statusCode(400).body("type", equalTo("/problems/malformed-request"));
        // A JSON number is taken by its digits, never through floating point.
        bank.post(DISBURSEMENTS, ok.replace("\"500000.00\"", "499999.10")).then().statusCode(201)
                .body("amount", equalTo("499999.10"));
        Api.supervisor().get("/api/v1/loan-disbursements?projectId=" + fx.projectId()).then().statusCode(200)
                .header("X-Total-Count", "1");
    }

    @Test
    void shouldKeepBalanceAsSumOfEntries() {
        bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "300000.00", "DOWN_PAYMENT", ""))
                .then().statusCode(201).body("balanceAfter", equalTo("300000.00")).body("matchedDisbursement", nullValue());
        bank.post(TRANSACTIONS, debit("T-" + Api.next(), fx.accountNo(), "0.01", ""))
                .then().statusCode(201).body("balanceAfter", equalTo("299999.99"));
        Api.supervisor().get("/api/v1/accounts/" + fx.accountNo()).then().statusCode(200)
                .body("balance", equalTo("299999.99")).body("entryCount", equalTo(2));
        Api.supervisor().get("/api/v1/accounts/" + fx.accountNo() + "/transactions?purpose=RELEASE").then().statusCode(200)
                .header("X-Total-Count", "1").body("[0].amount", equalTo("0.01"));
    }

    @Test
    void shouldMatchLoanCreditsNamedByContractAndPartially() {
        String contractNo = loanContract("700000.00");
        String first = "D-" + Api.next();
        String second = "D-" + Api.next();
        bank.post(DISBURSEMENTS, disbursement(first, contractNo, fx.accountNo(), "400000.00")).then().statusCode(201);
        bank.post(DISBURSEMENTS, disbursement(second, contractNo, fx.accountNo(), "300000.00")).then().statusCode(201);

        // Named serial wins over the oldest of the contract.
        bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "300000.00", "LOAN",
                        ",\"contractNo\":\"" + contractNo + "\",\"disbursementSerialNo\":\"" + second + "\""))
                .then().statusCode(201)
                .body("matchedDisbursement.serialNo", equalTo(second))
                .body("matchedDisbursement.status", equalTo("FUNDS_ARRIVED"));
        // By contract: the oldest unsettled one, in two partial credits.
        bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "150000.00", "LOAN", ",\"contractNo\":\"" + contractNo + "\""))
                .then().statusCode(201)
                .body("matchedDisbursement.serialNo", equalTo(first))
                .body("matchedDisbursement.status", equalTo("AWAITING_FUNDS"));
        bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "250000.00", "PROVIDENT_FUND_LOAN",
                        ",\"contractNo\":\"" + contractNo + "\""))
                .then().statusCode(201)
                .body("matchedDisbursement.serialNo", equalTo(first))
                .body("matchedDisbursement.status", equalTo("FUNDS_ARRIVED"));
        Api.supervisor().get("/api/v1/loan-disbursements?projectId=" + fx.projectId() + "&status=FUNDS_ARRIVED")
                .then().statusCode(200).header("X-Total-Count", "2");
    }

    @Test
    void shouldMatchLoanMoneyThatArrivesBeforeItsNotice() {
        String contractNo = loanContract("700000.00");
        String named = "D-" + Api.next();
        bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "700000.00", "LOAN",
                        ",\"disbursementSerialNo\":\"" + named + "\""))
                .then().statusCode(201).body("matchedDisbursement", nullValue());
        bank.post(DISBURSEMENTS, disbursement(named, contractNo, fx.accountNo(), "700000.00")).then().statusCode(201)
                .body("status", equalTo("FUNDS_ARRIVED"));

        String contract2 = loanContract("600000.00");
        bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "200000.00", "LOAN", ",\"contractNo\":\"" + contract2 + "\""))
                .then().statusCode(201).body("matchedDisbursement", nullValue());
        bank.post(DISBURSEMENTS, disbursement("D-" + Api.next(), contract2, fx.accountNo(), "600000.00")).then().statusCode(201)
                .body("status", equalTo("AWAITING_FUNDS")).body("matchedAmount", equalTo("200000.00"));
    }

    @Test
    void shouldReverseOnceWithOppositeDirectionAndSameAmount() {
        String original = "T-" + Api.next();
        bank.post(TRANSACTIONS, credit(original, fx.accountNo(), "5000.00", "DEPOSIT", "")).then().statusCode(201);
        bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "5000.00", "DEPOSIT", ",\"reversesSerialNo\":\"" + original + "\""))
                .then().statusCode(409).body("type", equalTo("/problems/conflict"));
        bank.post(TRANSACTIONS, debit("T-" + Api.next(), fx.accountNo(), "4999.99", ",\"reversesSerialNo\":\"" + original + "\""))
                .then().statusCode(409);
        bank.post(TRANSACTIONS, debit("T-" + Api.next(), fx.accountNo(), "5000.00", ",\"reversesSerialNo\":\"NOPE-" + Api.next() + "\""))
                .then().statusCode(422);
        bank.post(TRANSACTIONS, debit("T-" + Api.next(), fx.accountNo(), "5000.00", ",\"reversesSerialNo\":\"" + original + "\""))
                .then().statusCode(201).body("balanceAfter", equalTo("0.00"));
        bank.post(TRANSACTIONS, debit("T-" + Api.next(), fx.accountNo(), "5000.00", ",\"reversesSerialNo\":\"" + original + "\""))
                .then().statusCode(409);
        Api.supervisor().get("/api/v1/accounts/" + fx.accountNo()).then().body("balance", equalTo("0.00")).body("entryCount", equalTo(2));
    }

    @Test
    void shouldUnsettleDisbursementWhenItsLoanCreditIsReversed() {
        String contractNo = loanContract("700000.00");
        String serial = "D-" + Api.next();
        bank.post(DISBURSEMENTS, disbursement(serial, contractNo, fx.accountNo(), "700000.00")).then().statusCode(201);
        String creditSerial = "T-" + Api.next();
        bank.post(TRANSACTIONS, credit(creditSerial, fx.accountNo(), "700000.00", "LOAN", ",\"disbursementSerialNo\":\"" + serial + "\""))
                .then().statusCode(201).body("matchedDisbursement.status", equalTo("FUNDS_ARRIVED"));
        bank.post(TRANSACTIONS, debit("T-" + Api.next(), fx.accountNo(), "700000.00", ",\"reversesSerialNo\":\"" + creditSerial + "\""))
                .then().statusCode(201);
        Api.supervisor().get("/api/v1/loan-disbursements?projectId=" + fx.projectId()).then().statusCode(200)
                .body("[0].status", equalTo("AWAITING_FUNDS")).body("[0].matchedAmount", equalTo("0.00"));
    }

    @Test
    void shouldStoreConcurrentDuplicatesOnce() throws Exception {
        String push = credit("T-" + Api.next(), fx.accountNo(), "123.45", "DEPOSIT", "");
        List<Integer> statuses = parallel(12, i -> bank.post(TRANSACTIONS, push).statusCode());
        assertThat(statuses).allMatch(s -> s == 200 || s == 201);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        Api.supervisor().get("/api/v1/accounts/" + fx.accountNo()).then()
                .body("balance", equalTo("123.45")).body("entryCount", equalTo(1));
    }

    @Test
    void shouldListPagesOfTransactionsAndDisbursementsInOrderWithTheirMatches() {
        String contractNo = loanContract("700000.00");
        List<String> loans = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            loans.add("D-" + Api.next());
            bank.post(DISBURSEMENTS, disbursement(loans.get(i), contractNo, fx.accountNo(), "100000.00")).then().statusCode(201);
        }
        List<String> serials = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            serials.add("T-" + Api.next());
            bank.post(TRANSACTIONS, credit(serials.get(serials.size() - 1), fx.accountNo(), i + "00.00", "DEPOSIT", ""))
                    .then().statusCode(201);
        }
        serials.add("T-" + Api.next());
        bank.post(TRANSACTIONS, credit(serials.get(4), fx.accountNo(), "100000.00", "LOAN",
                ",\"contractNo\":\"" + contractNo + "\",\"disbursementSerialNo\":\"" + loans.get(1) + "\"")).then().statusCode(201);

        // Same booking time for all, so newest first means by id, descending; each page is one query for its views.
        String transactions = "/api/v1/accounts/" + fx.accountNo() + "/transactions?size=3&page=";
        JsonPath first = Api.supervisor().get(transactions + 0).then().statusCode(200).header("X-Total-Count", "5")
                .extract().jsonPath();
        assertThat(first.getList("serialNo")).containsExactly(serials.get(4), serials.get(3), serials.get(2));
        assertThat(first.getString("[0].matchedDisbursement.serialNo")).isEqualTo(loans.get(1));
        assertThat(first.getString("[0].matchedDisbursement.status")).isEqualTo("FUNDS_ARRIVED");
        assertThat(first.getList("accountNo")).containsOnly(fx.accountNo());
        assertThat(first.getList("amount")).containsExactly("100000.00", "400.00", "300.00");
        assertThat(first.getList("balanceAfter")).containsExactly("101000.00", "1000.00", "600.00");
        JsonPath second = Api.supervisor().get(transactions + 1).then().statusCode(200).extract().jsonPath();
        assertThat(second.getList("serialNo")).containsExactly(serials.get(1), serials.get(0));
        assertThat(second.getString("[0].matchedDisbursement")).isNull();

        JsonPath disbursements = Api.supervisor().get("/api/v1/loan-disbursements?projectId=" + fx.projectId() + "&size=2")
                .then().statusCode(200).header("X-Total-Count", "3").extract().jsonPath();
        assertThat(disbursements.getList("serialNo")).containsExactly(loans.get(0), loans.get(1)); // same due time: by id
        assertThat(disbursements.getList("status")).containsExactly("AWAITING_FUNDS", "FUNDS_ARRIVED");
        assertThat(disbursements.getList("contractNo")).containsOnly(contractNo);
        assertThat(disbursements.getList("matchedAmount")).containsExactly("0.00", "100000.00");
    }

    @Test
    void shouldNotLoseConcurrentBalanceUpdates() throws Exception {
        int n = 60;
        List<Integer> statuses = parallel(n, i -> i % 3 == 0
                ? bank.post(TRANSACTIONS, debit("T-" + Api.next(), fx.accountNo(), "0.07", "")).statusCode()
                : bank.post(TRANSACTIONS, credit("T-" + Api.next(), fx.accountNo(), "10.01", "DEPOSIT", "")).statusCode());
        assertThat(statuses).containsOnly(201);
        BigDecimal expected = new BigDecimal("10.01").multiply(BigDecimal.valueOf(40)).subtract(new BigDecimal("0.07").multiply(BigDecimal.valueOf(20)));
        JsonPath account = Api.supervisor().get("/api/v1/accounts/" + fx.accountNo()).then().statusCode(200).extract().jsonPath();
        assertThat(new BigDecimal(account.getString("balance"))).isEqualByComparingTo(expected);
        assertThat(account.getInt("entryCount")).isEqualTo(n);
        List<String> amounts = Api.supervisor().get("/api/v1/accounts/" + fx.accountNo() + "/transactions?size=200")
                .then().statusCode(200).extract().jsonPath().getList("findAll { it.direction == 'CREDIT' }.amount");
        List<String> debits = Api.supervisor().get("/api/v1/accounts/" + fx.accountNo() + "/transactions?size=200")
                .then().extract().jsonPath().getList("findAll { it.direction == 'DEBIT' }.amount");
        BigDecimal sum = amounts.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add)
                .subtract(debits.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(sum).isEqualByComparingTo(expected);
    }

    interface Call {
        int run(int i) throws Exception;
    }

    static List<Integer> parallel(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 16));
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit((Callable<Integer>) () -> call.run(k)));
            }
            List<Integer> out = new ArrayList<>();
            for (Future<Integer> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}

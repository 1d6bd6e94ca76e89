package cn.escrow.judicial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.NoLeaks;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JudicialActionTest {

    static final String JUDICIAL = "/api/v1/bank/judicial-actions";
    static final String TRANSACTIONS = "/api/v1/bank/account-transactions";

    Api.Fixture fx;
    SignedClient bank;

    @BeforeEach
    void setUp() {
        String bankCode = "J" + (Api.next() % 100000);
        fx = Api.project(bankCode);
        bank = SignedClient.bank(bankCode);
    }

    static String freeze(String serial, String accountNo, String documentNo, String amount) {
        return """
                {"serialNo":"%s","accountNo":"%s","action":"FREEZE","court":"昆明市五华区人民法院","documentNo":"%s",
                 "amount":"%s","actedAt":"2026-11-20T10:00:00+08:00"}""".formatted(serial, accountNo, documentNo, amount);
    }

    static String unfreeze(String serial, String accountNo, String documentNo, String freezeDocumentNo) {
        return """
                {"serialNo":"%s","accountNo":"%s","action":"UNFREEZE","court":"昆明市五华区人民法院","documentNo":"%s",
                 "actedAt":"2026-11-21T10:00:00+08:00","freezeDocumentNo":"%s"}"""
                .formatted(serial, accountNo, documentNo, freezeDocumentNo);
    }

    static String deduction(String serial, String accountNo, String documentNo, String amount) {
        return """
                {"serialNo":"%s","accountNo":"%s","action":"DEDUCTION","court":"昆明市中级人民法院","documentNo":"%s",
                 "amount":"%s","actedAt":"2026-11-22T10:00:00+08:00"}""".formatted(serial, accountNo, documentNo, amount);
    }

    static String doc() {
        return "(2026)云0102执" + Api.next() + "号";
    }

    JsonPath alerts(String kind) {
        return Api.supervisor().queryParam("projectId", fx.projectId()).queryParam("kind", kind).get("/api/v1/alerts")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void shouldRaiseWarningForFreezeAndShowItAsActive() {
        String document = doc();
        String serial = "J-" + Api.next();
        bank.post(JUDICIAL, freeze(serial, fx.accountNo(), document, "500000.00")).then().statusCode(201)
                .body("action", equalTo("FREEZE"))
                .body("amount", equalTo("500000.00"))
                .body("accountNo", equalTo(fx.accountNo()))
                .body("projectId", equalTo((int) fx.projectId()))
                .body("active", equalTo(true))
                .body("liftedAt", nullValue())
                .body("actedAt", startsWith("2026-11-20T10:00"));

        JsonPath freezes = alerts("JUDICIAL_FREEZE");
        assertThat(freezes.getList("$")).hasSize(1);
        assertThat(freezes.getString("[0].severity")).isEqualTo("WARNING");
        assertThat(freezes.getString("[0].status")).isEqualTo("OPEN");
        assertThat(freezes.getString("[0].detail")).contains(document).contains("500000.00");

        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/freezes").then().statusCode(200)
                .body("$", hasSize(1))
                .body("[0].documentNo", equalTo(document))
                .body("[0].court", equalTo("昆明市五华区人民法院"))
                .body("[0].amount", equalTo("500000.00"))
                .body("[0].actedAt", startsWith("2026-11-20T10:00"));
        Api.as(Api.user("AUDITOR", null)).get("/api/v1/projects/" + fx.projectId() + "/judicial-actions").then()
                .statusCode(200).header("X-Total-Count", "1")
                .body("[0].serialNo", equalTo(serial)).body("[0].active", equalTo(true));
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'JUDICIAL_ACTION_PUSHED' AND project_id = ?",
                fx.projectId())).isEqualTo(1);
    }

    @Test
    void shouldLiftFreezeOnUnfreezeAndRefundUnknownOrLiftedOnes() {
        String document = doc();
        String other = doc();
        bank.post(JUDICIAL, freeze("J-" + Api.next(), fx.accountNo(), document, "500000.00")).then().statusCode(201);
        bank.post(JUDICIAL, freeze("J-" + Api.next(), fx.accountNo(), other, "1000.00")).then().statusCode(201);
        // Unknown freeze document → 422 unknown-reference, and nothing changes.
        bank.post(JUDICIAL, unfreeze("J-" + Api.next(), fx.accountNo(), doc(), "NO-SUCH-" + Api.next())).then()
                .statusCode(422).body("type", equalTo("/problems/unknown-reference"));

        String serial = "J-" + Api.next();
        String push = unfreeze(serial, fx.accountNo(), doc(), document);
        bank.post(JUDICIAL, push).then().statusCode(201)
                .body("action", equalTo("UNFREEZE")).body("freezeDocumentNo", equalTo(document))
                .body("amount", nullValue()).body("active", nullValue());
        // An identical repeat is a replay, although the freeze is no longer active.
        bank.post(JUDICIAL, push).then().statusCode(200).body("serialNo", equalTo(serial));
        // Lifting it again with another serial: already lifted → 422.
        bank.post(JUDICIAL, unfreeze("J-" + Api.next(), fx.accountNo(), doc(), document)).then()
                .statusCode(422).body("type", equalTo("/problems/unknown-reference"));

        JsonPath unfreezes = alerts("JUDICIAL_UNFREEZE");
        assertThat(unfreezes.getList("$")).hasSize(1);
        assertThat(unfreezes.getString("[0].severity")).isEqualTo("INFO");

        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/freezes").then().statusCode(200)
                .body("$", hasSize(1)).body("[0].documentNo", equalTo(other));
        JsonPath actions = Api.supervisor().queryParam("action", "FREEZE")
                .get("/api/v1/projects/" + fx.projectId() + "/judicial-actions").then().statusCode(200)
                .header("X-Total-Count", "2").extract().jsonPath();
        Map<String, Object> lifted = actions.getMap("find { it.documentNo == '" + document + "' }");
        assertThat(lifted.get("active")).isEqualTo(false);
        assertThat((String) lifted.get("liftedAt")).startsWith("2026-11-21T10:00").endsWith("+08:00");
        // All three actions, newest first.
        Api.supervisor().get("/api/v1/projects/" + fx.projectId() + "/judicial-actions").then().statusCode(200)
                .header("X-Total-Count", "3").body("[0].action", equalTo("UNFREEZE"));
    }

    @Test
    void shouldRefuseSecondActiveFreezeOfOneDocument() {
        String document = doc();
        bank.post(JUDICIAL, freeze("J-" + Api.next(), fx.accountNo(), document, "500.00")).then().statusCode(201);
        bank.post(JUDICIAL, freeze("J-" + Api.next(), fx.accountNo(), document, "500.00")).then().statusCode(409)
                .body("type", equalTo("/problems/conflict"));
    }

    @Test
    void shouldJudgeADeductionByTheKeyObligationNotByAConsent() {
        // No key amount: all money is above the (zero) key obligation, so 法〔2022〕12号 allows it without a consent.
        String document = doc();
        bank.post(JUDICIAL, deduction("J-" + Api.next(), fx.accountNo(), document, "200000.00")).then().statusCode(201)
                .body("action", equalTo("DEDUCTION")).body("consentId", nullValue())
                .body("verdict", equalTo("ABOVE_KEY_OBLIGATION")).body("creditorKind", nullValue());
        JsonPath judged = alerts("JUDICIAL_DEDUCTION");
        assertThat(judged.getList("$")).hasSize(1);
        assertThat(judged.getString("[0].severity")).isEqualTo("INFO");
        assertThat(judged.getString("[0].detail")).contains("the bureau recorded no consent");
        assertThat(alerts("UNCONSENTED_DEDUCTION").getList("$")).isEmpty();
        // A creditor kind belongs to deductions only.
        bank.post(JUDICIAL, freeze("J-" + Api.next(), fx.accountNo(), doc(), "1.00").replace("}", ",\"creditorKind\":\"MATERIAL\"}"))
                .then().statusCode(400).body("violations.field", org.hamcrest.Matchers.hasItem("creditorKind"));
    }

    @Test
    void shouldRaiseInfoAlertForConsentedDeductionAndLinkItsDebit() {
        String document = doc();
        long consentId = Api.supervisor().body(Map.of("court", "昆明市中级人民法院", "documentNo", document,
                        "amount", "200000.00", "reason", "建设工程款优先受偿，经局务会同意"))
                .post("/api/v1/projects/" + fx.projectId() + "/deduction-consents").then().statusCode(201)
                .body("documentNo", equalTo(document)).body("amount", equalTo("200000.00"))
                .body("givenBy", notNullValue()).body("projectId", equalTo((int) fx.projectId()))
                .extract().jsonPath().getLong("id");

        bank.post(JUDICIAL, deduction("J-" + Api.next(), fx.accountNo(), document, "150000.00")).then().statusCode(201)
                .body("consentId", equalTo((int) consentId));
        JsonPath consented = alerts("JUDICIAL_DEDUCTION");
        assertThat(consented.getList("$")).hasSize(1);
        assertThat(consented.getString("[0].severity")).isEqualTo("INFO");
        assertThat(alerts("UNCONSENTED_DEDUCTION").getList("$")).isEmpty();

        // A second deduction by the same document beyond what the consent leaves is not matched to it; 12号 judges it.
        bank.post(JUDICIAL, deduction("J-" + Api.next(), fx.accountNo(), document, "50000.01")).then().statusCode(201)
                .body("consentId", nullValue()).body("verdict", equalTo("ABOVE_KEY_OBLIGATION"));
        assertThat(alerts("JUDICIAL_DEDUCTION").getList("detail", String.class))
                .anyMatch(d -> d.contains("exceeds what the bureau's consent"));

        // The bank's debit of the consented deduction is explained by it: no UNEXPLAINED_DEBIT.
        bank.post(TRANSACTIONS, """
                {"serialNo":"T-%d","accountNo":"%s","direction":"CREDIT","amount":"300000.00","purpose":"DOWN_PAYMENT",
                 "bookedAt":"2026-11-21T09:00:00+08:00"}""".formatted(Api.next(), fx.accountNo())).then().statusCode(201);
        String debit = "T-" + Api.next();
        bank.post(TRANSACTIONS, """
                {"serialNo":"%s","accountNo":"%s","direction":"DEBIT","amount":"150000.00","purpose":"OTHER",
                 "bookedAt":"2026-11-22T11:00:00+08:00"}""".formatted(debit, fx.accountNo())).then().statusCode(201);
        assertThat(alerts("UNEXPLAINED_DEBIT").getList("$")).isEmpty();
        Api.supervisor().queryParam("action", "DEDUCTION").get("/api/v1/projects/" + fx.projectId() + "/judicial-actions")
                .then().statusCode(200)
                .body("find { it.consentId != null }.linkedTransactionSerialNo", equalTo(debit));

        Api.as(Api.user("AUDITOR", null)).get("/api/v1/projects/" + fx.projectId() + "/deduction-consents").then()
                .statusCode(200).header("X-Total-Count", "1").body("[0].id", equalTo((int) consentId));
    }

    @Test
    void shouldExplainADebitBookedBeforeItsDeductionNoticeAndCloseItsAlert() {
        bank.post(TRANSACTIONS, """
                {"serialNo":"T-%d","accountNo":"%s","direction":"CREDIT","amount":"300000.00","purpose":"DOWN_PAYMENT",
                 "bookedAt":"2026-11-21T09:00:00+08:00"}""".formatted(Api.next(), fx.accountNo())).then().statusCode(201);
        String debit = "T-" + Api.next();
        String other = "T-" + Api.next();
        for (String[] d : new String[][] {{debit, "120000.00"}, {other, "999.00"}}) {
            bank.post(TRANSACTIONS, """
                    {"serialNo":"%s","accountNo":"%s","direction":"DEBIT","amount":"%s","purpose":"OTHER",
                     "bookedAt":"2026-11-22T09:00:00+08:00"}""".formatted(d[0], fx.accountNo(), d[1])).then().statusCode(201);
        }
        assertThat(alerts("UNEXPLAINED_DEBIT").getList("status")).containsExactly("OPEN", "OPEN");

        // The court's notice comes after the bank's debit: the debit is explained now, and its alert closed.
        String document = doc();
        Api.supervisor().body(Map.of("court", "昆明市中级人民法院", "documentNo", document, "amount", "120000.00",
                "reason", "建设工程款优先受偿")).post("/api/v1/projects/" + fx.projectId() + "/deduction-consents")
                .then().statusCode(201);
        String notice = deduction("J-" + Api.next(), fx.accountNo(), document, "120000.00");
        bank.post(JUDICIAL, notice).then().statusCode(201).body("linkedTransactionSerialNo", equalTo(debit));
        JsonPath unexplained = alerts("UNEXPLAINED_DEBIT");
        String explained = "find { it.subject == 'transaction:" + debit + "' }";
        assertThat(unexplained.getString(explained + ".status")).isEqualTo("CLOSED");
        assertThat(unexplained.getString(explained + ".closeNote")).contains("court deduction").contains(document);
        assertThat(unexplained.getString("find { it.subject == 'transaction:" + other + "' }.status")).isEqualTo("OPEN");
        assertThat(alerts("JUDICIAL_DEDUCTION").getList("$")).hasSize(1);

        // A repeat of the notice is a replay: nothing is linked or closed twice.
        bank.post(JUDICIAL, notice).then().statusCode(200).body("linkedTransactionSerialNo", equalTo(debit));
        assertThat(alerts("UNEXPLAINED_DEBIT").getList("status")).containsExactlyInAnyOrder("CLOSED", "OPEN");
        assertThat(Db.count("SELECT count(*) FROM audit_event WHERE action = 'DEDUCTION_LINKED_TO_EARLIER_DEBIT' AND project_id = ?",
                fx.projectId())).isEqualTo(1);
        // Another deduction of the same amount finds no unexplained debit of it left, so it links nothing.
        bank.post(JUDICIAL, deduction("J-" + Api.next(), fx.accountNo(), doc(), "120000.00")).then().statusCode(201)
                .body("linkedTransactionSerialNo", nullValue());
    }

    @Test
    void shouldRefuseDuplicateConsentAndWrongRoles() {
        String document = doc();
        Map<String, Object> body = Map.of("court", "昆明市中级人民法院", "documentNo", document, "amount", "1.00", "reason", "同意");
        String path = "/api/v1/projects/" + fx.projectId() + "/deduction-consents";
        Api.supervisor().body(body).post(path).then().statusCode(201);
        Api.supervisor().body(body).post(path).then().statusCode(409).body("type", equalTo("/problems/conflict"));
        Api.as(Api.user("AUDITOR", null)).body(Map.of("court", "法院", "documentNo", doc(), "amount", "1.00", "reason", "同意"))
                .post(path).then().statusCode(403);
        Api.admin().body(Map.of("court", "法院", "documentNo", doc(), "amount", "1.00", "reason", "同意"))
                .post(path).then().statusCode(201);
        Api.supervisor().body(Map.of("court", "法院", "documentNo", doc(), "amount", "0.00", "reason", "同意"))
                .post(path).then().statusCode(400).body("violations.field", hasItem("amount"));
        Api.supervisor().body(Map.of("court", "法院", "documentNo", doc(), "amount", "1.00"))
                .post(path).then().statusCode(400).body("violations.field", hasItem("reason"));
        Api.supervisor().body(body).post("/api/v1/projects/999999999/deduction-consents").then().statusCode(404)
                .body("type", equalTo("/problems/not-found"));
        Api.supervisor().get("/api/v1/projects/999999999/judicial-actions").then().statusCode(404);
        Api.supervisor().get("/api/v1/projects/999999999/freezes").then().statusCode(404);
        Api.as(Api.user("ENTERPRISE", fx.enterpriseId())).get("/api/v1/projects/" + fx.projectId() + "/judicial-actions")
                .then().statusCode(403);
    }

    @Test
    void shouldReplayIdenticalPushesAndRefuseDifferentContent() {
        String serial = "J-" + Api.next();
        String document = doc();
        String push = freeze(serial, fx.accountNo(), document, "500000.00");
        long id = bank.post(JUDICIAL, push).then().statusCode(201).extract().jsonPath().getLong("id");
        bank.post(JUDICIAL, push).then().statusCode(200).body("id", equalTo((int) id));
        bank.post(JUDICIAL, push.replace("\"500000.00\"", "500000.0")).then().statusCode(200);
        bank.post(JUDICIAL, freeze(serial, fx.accountNo(), document, "500000.01")).then().statusCode(409)
                .body("type", equalTo("/problems/idempotency-conflict"));
        // One alert and one audit event for the one freeze.
        assertThat(alerts("JUDICIAL_FREEZE").getList("$")).hasSize(1);
        assertThat(Db.count("SELECT count(*) FROM judicial_action WHERE serial_no = ?", serial)).isEqualTo(1);
    }

    @Test
    void shouldCheckSignatureAndBankOwnership() {
        String push = freeze("J-" + Api.next(), fx.accountNo(), doc(), "1.00");
        SignedClient otherBank = SignedClient.bank("X" + (Api.next() % 100000));
        otherBank.post(JUDICIAL, push).then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        SignedClient.signingSystem().post(JUDICIAL, push).then().statusCode(403);
        bank.post(JUDICIAL, freeze("J-" + Api.next(), "999999" + Api.next(), doc(), "1.00")).then().statusCode(422)
                .body("type", equalTo("/problems/unknown-reference"));

        String wrongSecret = bank.secret;
        bank.secret = "0".repeat(64);
        bank.post(JUDICIAL, push).then().statusCode(401).body("type", equalTo("/problems/unauthenticated"));
        bank.secret = wrongSecret;
        bank.clockShiftSeconds = -400;
        bank.post(JUDICIAL, push).then().statusCode(401);
        bank.clockShiftSeconds = 0;
        Api.supervisor().body(push).post(JUDICIAL).then().statusCode(401);
        assertThat(Db.count("SELECT count(*) FROM judicial_action WHERE project_id = ?", fx.projectId())).isZero();
    }

    @Test
    void shouldValidateFieldsPerAction() {
        String document = doc();
        String ok = freeze("J-" + Api.next(), fx.accountNo(), document, "500.00");
        expectInvalid(ok.replace(",\n \"amount\":\"500.00\"", "").replace("\"amount\":\"500.00\",", ""), "amount");
        expectInvalid(deduction("J-" + Api.next(), fx.accountNo(), document, "1.00").replace("\"amount\":\"1.00\",", ""), "amount");
        expectInvalid(ok.replace("\"500.00\"", "\"0.00\""), "amount");
        expectInvalid(ok.replace("\"500.00\"", "\"-1.00\""), "amount");
        expectInvalid(ok.replace("\"500.00\"", "\"1.001\""), "amount");
        expectInvalid(ok.replace("\"500.00\"", "\"1000000000000.00\""), "amount");
        expectInvalid(ok.replace("2026-11-20T10:00:00+08:00", "2026-11-20T10:00:00"), "actedAt");
        expectInvalid(ok.replace("2026-11-20T10:00:00+08:00", "2099-11-20T10:00:00+08:00"), "actedAt");
        expectInvalid(ok.replace("\"FREEZE\"", "\"SEIZE\""), "action");
        expectInvalid(ok.replace("\"court\":\"昆明市五华区人民法院\",", ""), "court");
        expectInvalid(ok.replace("\"documentNo\":\"" + document + "\"", "\"documentNo\":\"\""), "documentNo");
        expectInvalid(ok.replace("}", ",\"freezeDocumentNo\":\"X-1\"}"), "freezeDocumentNo");
        String lift = unfreeze("J-" + Api.next(), fx.accountNo(), doc(), document);
        expectInvalid(lift.replace(",\"freezeDocumentNo\":\"" + document + "\"", ""), "freezeDocumentNo");
        expectInvalid(lift.replace("}", ",\"amount\":\"1.00\"}"), "amount");
        expectInvalid(ok.replace("}", ",\"currency\":\"USD\"}"), "currency");

        Response malformed = bank.post(JUDICIAL, ok.replace("\"500.00\"", "true"));
        malformed.then().statusCode(400).body("type", equalTo("/problems/malformed-request"));
        NoLeaks.assertProblemWithoutLeaks(malformed);
        bank.post(JUDICIAL, "").then().statusCode(400).body("type", equalTo("/problems/malformed-request"));
        bank.post(JUDICIAL, "{\"serialNo\":\"J-1\",\"unknown\":1}").then().statusCode(400);
        assertThat(Db.count("SELECT count(*) FROM judicial_action WHERE project_id = ?", fx.projectId())).isZero();
        // An unfreeze dated before its freeze is refused.
        bank.post(JUDICIAL, ok).then().statusCode(201);
        bank.post(JUDICIAL, lift.replace("2026-11-21T10:00:00+08:00", "2026-11-19T10:00:00+08:00")).then().statusCode(400)
                .body("violations.field", hasItem("actedAt"));
    }

    private void expectInvalid(String body, String field) {
        Response r = bank.post(JUDICIAL, body);
        r.then().statusCode(400).body("type", equalTo("/problems/validation-failed")).body("violations.field", hasItem(field));
        NoLeaks.assertProblemWithoutLeaks(body, r);
    }
}

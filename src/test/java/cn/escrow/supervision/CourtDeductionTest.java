package cn.escrow.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Court actions by 法〔2022〕12号 against the money position: frozen amounts shown, approvals during a freeze marked
 * "pay and report to court", deductions above the remaining key obligation allowed, within it only for the project's
 * builders and suppliers. K 1,000,000.00, 1,200,000.00 in.
 */
@QuarkusTest
class CourtDeductionTest {

    static final String JUDICIAL = "/api/v1/bank/judicial-actions";

    @Test
    void shouldJudgeDeductionsByTheRemainingKeyObligationAndMarkApprovalsDuringAFreeze() {
        ReleaseFixture f = new ReleaseFixture();
        f.keyAmount("1000000.00");
        f.money("CREDIT", "1200000.00", "DOWN_PAYMENT", "");
        String freezeDoc = "(2026)云0102执保" + Api.next() + "号";
        court(f, "FREEZE", freezeDoc, "300000.00", null, null).then().statusCode(201);
        assertThat(f.position().getString("frozenAmount")).isEqualTo("300000.00");

        // Approved during the freeze: the bank pays it and reports it to the court.
        String during = f.apply("PRESALE_PERMIT", "100000.00");
        f.approve(during).then().statusCode(200).body("payAndReportToCourt", equalTo(true));
        f.bank.get("/api/v1/bank/release-instructions/" + during).then().statusCode(200)
                .body("payAndReportToCourt", equalTo(true)).body("payable", equalTo(true));
        f.pay(during, "100000.00", ReleaseFixture.PAYEE_ACCOUNT);
        assertThat(f.position().getString("freeAmount")).isEqualTo("100000.00");

        // 100,000.00 above the key obligation: lawful for any creditor; its debit is explained.
        court(f, "DEDUCTION", doc(), "100000.00", null, null).then().statusCode(201)
                .body("verdict", equalTo("ABOVE_KEY_OBLIGATION")).body("aboveKeyObligation", equalTo("100000.00"));
        f.money("DEBIT", "100000.00", "OTHER", "");
        JsonPath p = f.position();
        assertThat(p.getString("balance")).isEqualTo("1000000.00");
        assertThat(p.getString("freeAmount")).isEqualTo("0.00");

        // Within it: only the project's construction, material and equipment creditors.
        court(f, "DEDUCTION", doc(), "50000.00", "OTHER", null).then().statusCode(201)
                .body("verdict", equalTo("WITHIN_KEY_OBLIGATION")).body("aboveKeyObligation", equalTo("0.00"));
        court(f, "DEDUCTION", doc(), "60000.00", "MATERIAL", null).then().statusCode(201)
                .body("verdict", equalTo("PROJECT_CREDITOR")).body("creditorKind", equalTo("MATERIAL"));
        List<String> kinds = f.openAlertKinds();
        assertThat(kinds).containsOnlyOnce("DEDUCTION_WITHIN_KEY_OBLIGATION");
        assertThat(kinds.stream().filter("JUDICIAL_DEDUCTION"::equals)).hasSize(2);

        // The freeze lifted: nothing frozen, and approvals are ordinary again.
        court(f, "UNFREEZE", doc(), null, null, freezeDoc).then().statusCode(201);
        assertThat(f.position().getString("frozenAmount")).isEqualTo("0.00");
        f.money("CREDIT", "50000.00", "DEPOSIT", "");
        String after = f.apply("PRESALE_PERMIT", "50000.00");
        f.approve(after).then().statusCode(200).body("payAndReportToCourt", equalTo(false));
    }

    static String doc() {
        return "(2026)云01执" + Api.next() + "号";
    }

    static io.restassured.response.Response court(ReleaseFixture f, String action, String document, String amount,
                                                  String creditorKind, String freezeDocumentNo) {
        String body = """
                {"serialNo":"J-%d","accountNo":"%s","action":"%s","court":"昆明市五华区人民法院","documentNo":"%s",
                 "actedAt":"2026-11-20T10:00:00+08:00"%s%s%s}""".formatted(Api.next(), f.fx.accountNo(), action, document,
                amount == null ? "" : ",\"amount\":\"" + amount + "\"",
                creditorKind == null ? "" : ",\"creditorKind\":\"" + creditorKind + "\"",
                freezeDocumentNo == null ? "" : ",\"freezeDocumentNo\":\"" + freezeDocumentNo + "\"");
        return f.bank.post(JUDICIAL, body);
    }
}

package cn.escrow.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A project's supervised life over HTTP against PostgreSQL: the agreement opens an account that awaits the bank's
 * confirmation, an account change takes two people and hands the balance over (also when two race), completion filing
 * and first registration open the last nodes, and the end of supervision closes the account to pushes.
 */
@QuarkusTest
class SupervisedLifeTest {

    @Test
    void shouldOpenTheAccountUnderTheAgreementAndActivateItOnlyWhenTheBankConfirmsItsBalance() throws Exception {
        LifecycleFixture f = new LifecycleFixture();
        String agreementNo = "JG-" + Api.next();
        // Not a PDF, PNG or JPEG, whatever its name says: refused, and nothing is opened.
        f.agreement(agreementNo, "just text".getBytes(StandardCharsets.UTF_8)).then().statusCode(400)
                .body("type", equalTo("/problems/validation-failed")).body("violations[0].field", equalTo("document.contentBase64"));
        Api.supervisor().get("/api/v1/projects/" + f.projectId + "/account").then().statusCode(404);

        JsonPath a = f.agreement(agreementNo, LifecycleFixture.PNG).then().statusCode(201).extract().jsonPath();
        assertThat(a.getString("document.type")).isEqualTo("image/png");
        assertThat(a.getString("document.sha256"))
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(LifecycleFixture.PNG)));
        assertThat(a.getString("account.status")).isEqualTo("AWAITING_CONFIRMATION");
        f.agreement("JG-" + Api.next(), LifecycleFixture.PNG).then().statusCode(409).body("type", equalTo("/problems/conflict"));

        // Buyer money reaching an unconfirmed account is taken, and flagged once.
        f.credit("1000.00").then().statusCode(201);
        f.credit("500.00").then().statusCode(201);
        assertThat(f.openAlertKinds()).containsOnlyOnce("UNCONFIRMED_ACCOUNT_ACTIVITY");

        // Another bank cannot confirm it; the right bank must report the balance the ledger holds.
        SignedClient otherBank = SignedClient.bank("X" + (Api.next() % 100000));
        f.confirm(otherBank, f.accountNo, "1500.00").then().statusCode(404);
        f.confirm(f.bank, f.accountNo, "1000.00").then().statusCode(409).body("type", equalTo("/problems/conflict"));
        assertThat(f.account().getString("balance")).isEqualTo("1500.00");
        f.confirm(f.bank, f.accountNo, "1500.00").then().statusCode(200).body("status", equalTo("ACTIVE"))
                .body("confirmedBy", equalTo("client:" + f.bank.clientId));
        f.confirm(f.bank, f.accountNo, "1500.00").then().statusCode(200).body("status", equalTo("ACTIVE"));

        // The developer reads its own agreement; another enterprise's user does not learn it exists.
        Api.as(f.enterpriseUser).get("/api/v1/projects/" + f.projectId + "/supervision-agreement").then().statusCode(200)
                .body("agreementNo", equalTo(agreementNo)).body("account.status", equalTo("ACTIVE"));
        Api.as(Api.user("ENTERPRISE", Api.enterprise())).get("/api/v1/projects/" + f.projectId + "/supervision-agreement")
                .then().statusCode(404);
        // The signed document comes back byte for byte, with its sniffed type, its name and its hash; to others 404.
        String document = "/api/v1/projects/" + f.projectId + "/supervision-agreement/document";
        String hash = a.getString("document.sha256");
        Response download = Api.as(f.enterpriseUser).get(document);
        download.then().statusCode(200).contentType("image/png")
                .header("Content-Disposition", equalTo("attachment; filename*=UTF-8''%E4%B8%89%E6%96%B9%E7%9B%91%E7%AE%A1%E5%8D%8F%E8%AE%AE.png"))
                .header("ETag", equalTo("\"" + hash + "\""))
                .header("Repr-Digest", equalTo("sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hash)) + ":"));
        assertThat(download.asByteArray()).isEqualTo(LifecycleFixture.PNG);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.asByteArray()))).isEqualTo(hash);
        Api.as(Api.user("ENTERPRISE", Api.enterprise())).get(document).then().statusCode(404);
        Api.supervisor().get("/api/v1/projects/" + new LifecycleFixture().projectId + "/supervision-agreement/document")
                .then().statusCode(404);
    }

    @Test
    void shouldChangeTheAccountUnderFourEyesHandTheBalanceOverAndRefuseTheOldNumber() {
        LifecycleFixture f = new LifecycleFixture();
        f.agreement("JG-" + Api.next(), LifecycleFixture.PNG).then().statusCode(201);
        f.confirm(f.bank, f.accountNo, "0.00").then().statusCode(200);
        f.credit("2000.00").then().statusCode(201);

        String newBankCode = "N" + (Api.next() % 100000);
        SignedClient newBank = SignedClient.bank(newBankCode);
        String newAccount = Api.accountNo();
        String changeNo = f.applyForChange(Api.supervisor(), newBankCode, newAccount).then().statusCode(201)
                .body("status", equalTo("APPLIED")).extract().jsonPath().getString("changeNo");
        f.applyForChange(f.second(), newBankCode, Api.accountNo()).then().statusCode(409);
        // The applicant never decides.
        LifecycleFixture.decide(Api.supervisor(), changeNo, "approval").then().statusCode(403);
        LifecycleFixture.decide(f.second(), changeNo, "approval").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("handedOver", equalTo("2000.00"));
        LifecycleFixture.decide(f.second(), changeNo, "approval").then().statusCode(409);

        JsonPath account = f.account();
        assertThat(account.getString("accountNo")).isEqualTo(newAccount);
        assertThat(account.getString("bankCode")).isEqualTo(newBankCode);
        assertThat(account.getString("balance")).isEqualTo("2000.00");
        JsonPath agreement = Api.supervisor().get("/api/v1/projects/" + f.projectId + "/supervision-agreement").then()
                .statusCode(200).extract().jsonPath();
        assertThat(agreement.getString("account.status")).isEqualTo("AWAITING_CONFIRMATION");
        assertThat(agreement.getString("formerAccounts[0].accountNo")).isEqualTo(f.accountNo);
        assertThat(agreement.getString("formerAccounts[0].finalBalance")).isEqualTo("2000.00");
        assertThat(agreement.getString("formerAccounts[0].why")).isEqualTo("CHANGED");

        // The old bank's push to the old number is refused with its own problem type; the old number cannot come back.
        f.credit("10.00").then().statusCode(409).body("type", equalTo("/problems/account-closed"));
        // So are the old bank's court action and daily statement: the ledger and its court actions carry on under the new number.
        f.freeze(f.bank, f.accountNo).then().statusCode(409).body("type", equalTo("/problems/account-closed"));
        f.statement(f.bank, f.accountNo, LocalDate.now(LifecycleFixture.ZONE).minusDays(1), "2000.00").then().statusCode(409)
                .body("type", equalTo("/problems/account-closed"));
        f.applyForChange(Api.supervisor(), f.bankCode, f.accountNo).then().statusCode(409);
        // The new bank confirms exactly the handed-over balance.
        f.confirm(newBank, newAccount, "0.00").then().statusCode(409);
        f.confirm(newBank, newAccount, "2000.00").then().statusCode(200).body("status", equalTo("ACTIVE"));
        f.push(newBank, newAccount, "CREDIT", "10.00", "DOWN_PAYMENT", "").then().statusCode(201).body("balanceAfter", equalTo("2010.00"));

        List<String> actions = Api.supervisor().get("/api/v1/audit-events?projectId=" + f.projectId + "&size=100").then()
                .statusCode(200).extract().jsonPath().getList("action", String.class);
        assertThat(actions).contains("AGREEMENT_RECORDED", "ACCOUNT_CONFIRMED", "ACCOUNT_CHANGE_APPLIED", "ACCOUNT_CHANGE_APPROVED");
    }

    @Test
    void shouldLetOnlyOneOfTwoConcurrentAccountChangesAndOneOfTwoConcurrentApprovalsThrough() {
        String third = Api.user("SUPERVISOR", null);
        String fourth = Api.user("SUPERVISOR", null);
        LifecycleFixture f = new LifecycleFixture();
        f.openAccountV1();
        f.credit("700.00").then().statusCode(201);
        String otherBank = "C" + (Api.next() % 100000);
        // Both applications' transactions are open at once, waiting for the project's lock: the first gets it, the second 409.
        List<Response> applied = f.whileSupervisionLocked(() -> f.applyForChange(Api.supervisor(), otherBank, Api.accountNo()),
                () -> f.applyForChange(f.second(), otherBank, Api.accountNo()));
        assertThat(applied).extracting(Response::statusCode).containsExactly(201, 409);
        String changeNo = applied.stream().filter(r -> r.statusCode() == 201).findFirst().orElseThrow()
                .jsonPath().getString("changeNo");

        // Two other supervisors approve at once: one hand-over, never two.
        List<Response> approved = f.whileSupervisionLocked(() -> LifecycleFixture.decide(Api.as(third), changeNo, "approval"),
                () -> LifecycleFixture.decide(Api.as(fourth), changeNo, "approval"));
        assertThat(approved).extracting(Response::statusCode).containsExactly(200, 409);
        assertThat(f.account().getString("balance")).isEqualTo("700.00");
        Api.supervisor().get("/api/v1/projects/" + f.projectId + "/account-changes").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].status", equalTo("APPROVED")).body("[0].handedOver", equalTo("700.00"));
        String second = f.account().getString("accountNo");
        SignedClient otherBankClient = SignedClient.bank(otherBank);

        // A push to the account racing the approval of its change, both held open on the account's row: the approval
        // first, and the push to the number it just retired is refused; the push first, and the hand-over includes it.
        String nextBank = "D" + (Api.next() % 100000);
        String toThird = f.applyForChange(Api.supervisor(), nextBank, Api.accountNo()).then().statusCode(201)
                .extract().jsonPath().getString("changeNo");
        List<Response> approvalFirst = f.whileAccountLocked(() -> LifecycleFixture.decide(Api.as(third), toThird, "approval"),
                () -> f.push(otherBankClient, second, "CREDIT", "50.00", "DOWN_PAYMENT", ""));
        assertThat(approvalFirst.get(0).statusCode()).isEqualTo(200);
        assertThat(approvalFirst.get(0).jsonPath().getString("handedOver")).isEqualTo("700.00");
        assertThat(approvalFirst.get(1).statusCode()).isEqualTo(409);
        assertThat(approvalFirst.get(1).jsonPath().getString("type")).isEqualTo("/problems/account-closed");
        String thirdAccount = f.account().getString("accountNo");
        SignedClient nextBankClient = SignedClient.bank(nextBank);
        String toFourth = f.applyForChange(Api.supervisor(), "E" + (Api.next() % 100000), Api.accountNo()).then().statusCode(201)
                .extract().jsonPath().getString("changeNo");
        List<Response> pushFirst = f.whileAccountLocked(() -> f.push(nextBankClient, thirdAccount, "CREDIT", "50.00", "DOWN_PAYMENT", ""),
                () -> LifecycleFixture.decide(Api.as(third), toFourth, "approval"));
        assertThat(pushFirst).extracting(Response::statusCode).containsExactly(201, 200);
        assertThat(pushFirst.get(1).jsonPath().getString("handedOver")).isEqualTo("750.00");
        assertThat(f.account().getString("balance")).isEqualTo("750.00");
    }

    @Test
    void shouldOpenTheLastNodesWithTheirMilestonesAndEndSupervisionOnceObligationsAreMet() {
        LifecycleFixture f = new LifecycleFixture();
        f.openAccountV1();
        f.keyAmount("100000.00");
        f.credit("100000.00").then().statusCode(201);

        String early = f.applyForRelease("COMPLETION_FILING", "95000.00");
        f.approveRelease(early).then().statusCode(409).body("rule", equalTo("MILESTONE_NOT_REACHED"));
        f.milestone("first-registration", "registeredOn").then().statusCode(409);
        f.milestone("completion-filing", "filedOn").then().statusCode(201).body("completionCertificateNo", org.hamcrest.Matchers.notNullValue());
        f.milestone("completion-filing", "filedOn").then().statusCode(409);
        f.approveRelease(early).then().statusCode(200).body("status", equalTo("APPROVED"));

        // Obligations open: no first registration, a release approved and unpaid.
        f.end(Api.supervisor(), "supervision-end").then().statusCode(409)
                .body("unmet", hasItems("FIRST_REGISTRATION_NOT_RECORDED", "RELEASES_OPEN"));
        f.payRelease(early, "95000.00").then().statusCode(201);
        String last = f.applyForRelease("FIRST_REGISTRATION", "1000.00");
        f.approveRelease(last).then().statusCode(409).body("rule", equalTo("MILESTONE_NOT_REACHED"));
        f.milestone("first-registration", "registeredOn").then().statusCode(201);
        f.approveRelease(last).then().statusCode(200);
        f.payRelease(last, "1000.00").then().statusCode(201);

        String[] contract = f.buyerContract();
        assertThat(LifecycleFixture.buyerLookUp(contract).getBoolean("projectSupervised")).isTrue();
        f.end(Api.supervisor(), "supervision-end").then().statusCode(201).body("state", equalTo("ENDING"));
        f.end(Api.supervisor(), "supervision-end").then().statusCode(409);
        f.end(Api.supervisor(), "supervision-end/approval").then().statusCode(403);
        f.end(f.second(), "supervision-end/approval").then().statusCode(200)
                .body("state", equalTo("ENDED")).body("releasedBalance", equalTo("4000.00"));

        // The bank reads the close instruction (signed); another bank gets 404; pushes are refused from now on.
        f.bank.get("/api/v1/bank/accounts/" + f.accountNo + "/close-instruction").then().statusCode(200)
                .body("releasedBalance", equalTo("4000.00")).body("status", equalTo("CLOSED"));
        SignedClient.bank("Y" + (Api.next() % 100000)).get("/api/v1/bank/accounts/" + f.accountNo + "/close-instruction")
                .then().statusCode(404);
        f.credit("10.00").then().statusCode(409).body("type", equalTo("/problems/account-closed"))
                .body("title", equalTo("The supervised account is closed"));
        assertThat(f.account().getString("balance")).isEqualTo("4000.00");
        f.confirm(f.bank, f.accountNo, "4000.00").then().statusCode(409).body("type", equalTo("/problems/account-closed"));
        f.applyForChange(Api.supervisor(), f.bankCode, Api.accountNo()).then().statusCode(409)
                .body("type", equalTo("/problems/account-closed"));
        f.freeze(f.bank, f.accountNo).then().statusCode(409).body("type", equalTo("/problems/account-closed"));
        // The bank's statement of the closing day comes after the closing, and is taken; a later day's is not.
        LocalDate today = LocalDate.now(LifecycleFixture.ZONE);
        f.statement(f.bank, f.accountNo, today, "4000.00").then().statusCode(201).body("matches", equalTo(true));
        Db.update("UPDATE supervised_account SET closed_at = closed_at - interval '2 days' WHERE project_id = ?", f.projectId);
        f.statement(f.bank, f.accountNo, today.minusDays(2), "4000.00").then().statusCode(201);
        f.statement(f.bank, f.accountNo, today.minusDays(1), "4000.00").then().statusCode(409)
                .body("type", equalTo("/problems/account-closed"));
        Api.as(f.enterpriseUser).get("/api/v1/projects/" + f.projectId + "/lifecycle").then().statusCode(200)
                .body("state", equalTo("ENDED"));
        // The buyer learns that the project's money is no longer supervised; this month's report line says it ended.
        JsonPath seen = LifecycleFixture.buyerLookUp(contract);
        assertThat(seen.getBoolean("projectSupervised")).isFalse();
        assertThat(seen.getString("projectSupervisionState")).isEqualTo("ENDED");
        assertThat(f.reportLine().getString("supervisionAtEnd")).isEqualTo("ENDED");
    }
}

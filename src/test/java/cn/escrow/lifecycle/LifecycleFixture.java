package cn.escrow.lifecycle;

import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.SignedClient;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** A project with its developer user, its supervising bank and a second supervisor, and the calls of a supervised life over HTTP. */
final class LifecycleFixture {

    /** The first bytes of a PNG file: enough for the type sniffing. */
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};

    final long enterpriseId;
    final String enterpriseName;
    final long projectId;
    final String projectName;
    final String bankCode;
    final SignedClient bank;
    final String secondSupervisor;
    final String enterpriseUser;
    String accountNo;

    /** A project without an account yet (the agreement opens it). */
    LifecycleFixture() {
        long n = Api.next();
        bankCode = "L" + (n % 100000);
        bank = SignedClient.bank(bankCode);
        enterpriseName = "滇池置业有限公司" + n;
        enterpriseId = Api.supervisor().body(Map.of("name", enterpriseName, "creditCode", Api.creditCode()))
                .post("/api/v1/enterprises").then().statusCode(201).extract().jsonPath().getLong("id");
        projectName = "春城花园" + n;
        projectId = Api.supervisor().body(Map.of("enterpriseId", enterpriseId, "name", projectName, "presalePermitNo", "昆预L" + n))
                .post("/api/v1/projects").then().statusCode(201).extract().jsonPath().getLong("id");
        Api.payee(projectId, Api.PAYEE_ACCOUNT, "CONSTRUCTION"); // releases pay only registered payees
        secondSupervisor = Api.user("SUPERVISOR", null);
        enterpriseUser = Api.user("ENTERPRISE", enterpriseId);
        accountNo = Api.accountNo();
    }

    String accountName() {
        return enterpriseName + projectName + "预售资金监管专户";
    }

    Response agreement(String agreementNo, byte[] document) {
        return Api.supervisor().body(Map.of("agreementNo", agreementNo, "signedOn", "2026-04-18", "validFrom", "2026-04-18",
                        "bankCode", bankCode, "accountNo", accountNo, "accountName", accountName(),
                        "document", Map.of("fileName", "三方监管协议.png", "contentBase64", Base64.getEncoder().encodeToString(document))))
                .post("/api/v1/projects/" + projectId + "/supervision-agreement");
    }

    /** The v1 way: the account opened without an agreement (ACTIVE at once). */
    void openAccountV1() {
        Api.supervisor().body(Map.of("bankCode", bankCode, "accountNo", accountNo, "accountName", accountName()))
                .post("/api/v1/projects/" + projectId + "/account").then().statusCode(201);
    }

    Response confirm(SignedClient by, String account, String openingBalance) {
        return by.post("/api/v1/bank/accounts/" + account + "/confirmation",
                "{\"openedOn\":\"2026-04-20\",\"openingBalance\":\"" + openingBalance + "\"}");
    }

    Response push(SignedClient by, String account, String direction, String amount, String purpose, String extra) {
        return by.post("/api/v1/bank/account-transactions", """
                {"serialNo":"LC-%d","accountNo":"%s","direction":"%s","amount":"%s","purpose":"%s",
                 "bookedAt":"2026-11-02T09:30:00+08:00"%s}""".formatted(Api.next(), account, direction, amount, purpose, extra));
    }

    Response credit(String amount) {
        return push(bank, accountNo, "CREDIT", amount, "DOWN_PAYMENT", "");
    }

    RequestSpecification second() {
        return Api.as(secondSupervisor);
    }

    Response applyForChange(RequestSpecification who, String toBank, String toAccount) {
        return who.body(Map.of("bankCode", toBank, "accountNo", toAccount, "reason", "原监管银行网点撤并"))
                .post("/api/v1/projects/" + projectId + "/account-changes");
    }

    static Response decide(RequestSpecification who, String changeNo, String decision) {
        return who.body(Map.of("reason", "三方变更协议齐全")).post("/api/v1/account-changes/" + changeNo + "/" + decision);
    }

    JsonPath account() {
        return Api.supervisor().get("/api/v1/projects/" + projectId + "/account").then().statusCode(200).extract().jsonPath();
    }

    void keyAmount(String amount) {
        Api.supervisor().body(Map.of("keyAmount", amount, "reason", "按建设成本核定"))
                .put("/api/v1/projects/" + projectId + "/key-amount").then().statusCode(200);
    }

    String applyForRelease(String node, String amount) {
        return Api.as(enterpriseUser).body(Map.of("nodeCode", node, "amount", amount, "payeeName", "云南建工第三建设有限公司",
                        "payeeAccountNo", Api.PAYEE_ACCOUNT, "spendingCategory", "CONSTRUCTION_PROGRESS", "purpose", "竣工验收备案节点款", "documents", List.of("备案证明")))
                .post("/api/v1/projects/" + projectId + "/releases").then().statusCode(201)
                .body("status", equalTo("APPLIED")).extract().jsonPath().getString("releaseNo");
    }

    Response approveRelease(String releaseNo) {
        return Api.supervisor().body(Map.of("reason", "资料齐全")).post("/api/v1/releases/" + releaseNo + "/approval");
    }

    Response payRelease(String releaseNo, String amount) {
        return push(bank, accountNo, "DEBIT", amount, "RELEASE", ",\"releaseNo\":\"%s\",\"counterpartyName\":\"云南建工第三建设有限公司\",\"counterpartyAccountNo\":\"53001234567890\""
                .formatted(releaseNo));
    }

    Response milestone(String path, String dateField) {
        return Api.supervisor().body(Map.of("certificateNo", "CERT-" + Api.next(), dateField, "2028-06-30"))
                .post("/api/v1/projects/" + projectId + "/" + path);
    }

    Response end(RequestSpecification who, String path) {
        return who.body(Map.of("reason", "监管义务履行完毕")).post("/api/v1/projects/" + projectId + "/" + path);
    }

    List<String> openAlertKinds() {
        return Api.supervisor().get("/api/v1/alerts?projectId=" + projectId + "&size=200").then().statusCode(200)
                .extract().jsonPath().getList("findAll { it.status != 'CLOSED' }.kind", String.class);
    }

    /** Runs both calls at the same moment and returns both answers. */
    @SafeVarargs
    static List<Response> race(Supplier<Response>... calls) {
        return cn.escrow.support.Race.of(calls);
    }
}

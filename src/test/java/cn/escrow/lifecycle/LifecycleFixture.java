package cn.escrow.lifecycle;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.SignedClient;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    /** The service's zone (the statements' days). */
    static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");

    Response freeze(SignedClient by, String account) {
        return by.post("/api/v1/bank/judicial-actions", """
                {"serialNo":"LJ-%d","accountNo":"%s","action":"FREEZE","court":"昆明市五华区人民法院","documentNo":"(2026)云0102执%d号",
                 "amount":"100.00","actedAt":"2026-11-03T10:00:00+08:00"}""".formatted(Api.next(), account, Api.next()));
    }

    Response statement(SignedClient by, String account, java.time.LocalDate day, String closingBalance) {
        return by.post("/api/v1/bank/daily-balances", """
                {"accountNo":"%s","date":"%s","closingBalance":"%s","entryCount":0}""".formatted(account, day, closingBalance));
    }

    /** Registers a buyer's contract on the project and returns {contractNo, the ID number's last 6 characters}. */
    String[] buyerContract() {
        String idNo = Api.residentId();
        String no = "HTL" + Api.next();
        Api.supervisor().body(Map.of("projectId", projectId, "contractNo", no, "unitNo", "1-" + Api.next(), "buyerName", "王五",
                        "buyerIdNo", idNo, "totalPrice", "1000.00", "downPayment", "1000.00", "loanAmount", "0.00", "loanType", "NONE"))
                .post("/api/v1/contracts").then().statusCode(201);
        return new String[] {no, idNo.substring(idNo.length() - 6)};
    }

    /** What the buyer of that contract sees (no login). */
    static JsonPath buyerLookUp(String[] contract) {
        return io.restassured.RestAssured.given().contentType(io.restassured.http.ContentType.JSON)
                .body(Map.of("contractNo", contract[0], "idNoLast6", contract[1])).post("/api/v1/buyer-lookups")
                .then().statusCode(200).extract().jsonPath();
    }

    /** The project's line of this month's report, computed now. */
    JsonPath reportLine() {
        java.time.LocalDate monthStart = java.time.LocalDate.now(ZONE).withDayOfMonth(1);
        return Api.supervisor().get("/api/v1/reports/MONTHLY?periodStart=" + monthStart + "&projectId=" + projectId).then()
                .statusCode(200).extract().jsonPath().setRootPath("balances[0]");
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

    /**
     * Runs the calls while another transaction holds the project's supervision row lock (the lock of every decision on
     * its key money and account), each call started only once the ones before it wait for that lock, and lets the lock go
     * once all wait: their transactions are all open at once (which a mere start signal does not ensure), and they get
     * the lock in the order given.
     */
    @SafeVarargs
    final List<Response> whileSupervisionLocked(Supplier<Response>... calls) {
        return whileLocked("project_supervision", calls);
    }

    /** As {@link #whileSupervisionLocked}, with the project's supervised account row (the lock of every push) held instead. */
    @SafeVarargs
    final List<Response> whileAccountLocked(Supplier<Response>... calls) {
        return whileLocked("supervised_account", calls);
    }

    @SafeVarargs
    private List<Response> whileLocked(String table, Supplier<Response>... calls) {
        try (Connection holder = Db.ownerConnection()) {
            holder.setAutoCommit(false);
            long holderPid;
            try (Statement st = holder.createStatement()) {
                st.executeUpdate("INSERT INTO project_supervision (project_id, updated_at) VALUES (" + projectId
                        + ", now()) ON CONFLICT (project_id) DO NOTHING");
                holder.commit();
                st.executeQuery("SELECT project_id FROM " + table + " WHERE project_id = " + projectId + " FOR UPDATE").close();
                try (ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    holderPid = rs.getLong(1);
                }
            }
            List<CompletableFuture<Response>> futures = new java.util.ArrayList<>();
            for (Supplier<Response> call : calls) {
                futures.add(CompletableFuture.supplyAsync(call));
                int waiting = futures.size();
                // A row lock's second waiter waits for the first, not for the holder: count the holder's waiters transitively.
                await().atMost(Duration.ofSeconds(30)).until(() -> Db.count("""
                        WITH RECURSIVE waiting (pid) AS (
                            SELECT pid FROM pg_stat_activity WHERE %d = ANY (pg_blocking_pids(pid))
                            UNION SELECT a.pid FROM pg_stat_activity a JOIN waiting w ON w.pid = ANY (pg_blocking_pids(a.pid)))
                        SELECT count(*) FROM waiting""".formatted(holderPid)) >= waiting);
            }
            holder.commit();
            return futures.stream().map(CompletableFuture::join).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

package cn.escrow.support;

import static io.restassured.RestAssured.given;

import cn.escrow.platform.validation.CheckCharacters;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Test data builders that go through the real HTTP API, as a bureau would. */
public final class Api {

    public static final String ADMIN_PASSWORD = "Bootstrap-Secret-4-tests";
    public static final String PASSWORD = "Long-enough-Passphrase-7";
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000_000L);

    private Api() {
    }

    public static long next() {
        return SEQ.incrementAndGet();
    }

    public static RequestSpecification admin() {
        return given().auth().preemptive().basic("admin", ADMIN_PASSWORD).contentType(ContentType.JSON);
    }

    public static RequestSpecification as(String username) {
        return given().auth().preemptive().basic(username, PASSWORD).contentType(ContentType.JSON);
    }

    /** Creates a user with the given role(s) and returns its username. */
    public static String user(String role, Long enterpriseId) {
        String username = role.toLowerCase() + "-" + next();
        Map<String, Object> body = enterpriseId == null
                ? Map.of("username", username, "password", PASSWORD, "roles", List.of(role))
                : Map.of("username", username, "password", PASSWORD, "roles", List.of(role), "enterpriseId", enterpriseId);
        admin().body(body).post("/api/v1/users").then().statusCode(201);
        return username;
    }

    /** Creates a SUPERVISOR or AUDITOR limited to {@code divisions} and returns its username. */
    public static String userIn(String role, String... divisions) {
        String username = role.toLowerCase() + "-" + next();
        admin().body(Map.of("username", username, "password", PASSWORD, "roles", List.of(role), "divisions", List.of(divisions)))
                .post("/api/v1/users").then().statusCode(201);
        return username;
    }

    private static String supervisor;

    public static synchronized RequestSpecification supervisor() {
        if (supervisor == null) {
            supervisor = user("SUPERVISOR", null);
        }
        return as(supervisor);
    }

    private static String monitor;

    /** The Prometheus metrics, read as a MONITOR: the metrics scraper's role (only it and ADMIN may read them). */
    public static synchronized String metrics() {
        if (monitor == null) {
            monitor = user("MONITOR", null);
        }
        return as(monitor).get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** A new enterprise, registered by the supervisor; its id. */
    public static long enterprise() {
        return supervisor().body(Map.of("name", "测试企业" + next(), "creditCode", creditCode()))
                .post("/api/v1/enterprises").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** A valid credit code, unique per call. */
    public static String creditCode() {
        return CheckCharacters.completeCreditCode("91530100" + String.format("%09d", next() % 1_000_000_000L));
    }

    /** A valid 18-character resident ID number. */
    public static String residentId() {
        return CheckCharacters.completeResidentId("53010019900101" + String.format("%03d", next() % 1000));
    }

    public static String accountNo() {
        return "6222" + String.format("%012d", next());
    }

    /** Everything a bank push needs: an enterprise, a project and its supervised account. */
    public record Fixture(long enterpriseId, String enterpriseName, long projectId, String projectName, String bankCode,
                          String accountNo) {
    }

    public static Fixture project(String bankCode) {
        return project(bankCode, null);
    }

    /** As {@link #project(String)}, in a division (GB/T 2260 county code; null: the default). */
    public static Fixture project(String bankCode, String divisionCode) {
        long n = next();
        String enterpriseName = "滇池置业有限公司" + n;
        long enterpriseId = supervisor().body(Map.of("name", enterpriseName, "creditCode", creditCode()))
                .post("/api/v1/enterprises").then().statusCode(201).extract().jsonPath().getLong("id");
        String projectName = "春城花园" + n;
        Map<String, Object> body = new java.util.HashMap<>(Map.of("enterpriseId", enterpriseId, "name", projectName,
                "presalePermitNo", "昆预" + n));
        if (divisionCode != null) {
            body.put("divisionCode", divisionCode);
        }
        long projectId = supervisor().body(body)
                .post("/api/v1/projects").then().statusCode(201).extract().jsonPath().getLong("id");
        String accountNo = accountNo();
        supervisor().body(Map.of("bankCode", bankCode, "accountNo", accountNo,
                        "accountName", enterpriseName + projectName + "预售资金监管专户"))
                .post("/api/v1/projects/" + projectId + "/account").then().statusCode(201);
        payee(projectId, PAYEE_ACCOUNT, "CONSTRUCTION");
        return new Fixture(enterpriseId, enterpriseName, projectId, projectName, bankCode, accountNo);
    }

    /** The builder every fixture project has as an approved registered payee. */
    public static final String PAYEE_ACCOUNT = "53001234567890";

    /** Registers a payee of the project (proposed by a supervisor, approved by the administrator) and returns its id. */
    public static long payee(long projectId, String accountNo, String kind) {
        long id = supervisor().body(Map.of("name", "云南建工第三建设有限公司", "accountNo", accountNo, "bankName", "中国建设银行昆明五华支行",
                        "kind", kind)).post("/api/v1/projects/" + projectId + "/payees").then().statusCode(201)
                .extract().jsonPath().getLong("id");
        admin().body(Map.of("reason", "施工合同与开户许可证一致")).post("/api/v1/payees/" + id + "/approval").then().statusCode(200);
        return id;
    }

    /** Files a contract through a supervisor and returns its number. */
    public static String contract(long projectId, String total, String down, String loan, String loanType) {
        String contractNo = "HT" + next();
        supervisor().body(Map.of("projectId", projectId, "contractNo", contractNo, "unitNo", "1-" + next(),
                        "buyerName", "张三", "buyerIdNo", residentId(), "totalPrice", total, "downPayment", down,
                        "loanAmount", loan, "loanType", loanType))
                .post("/api/v1/contracts").then().statusCode(201);
        return contractNo;
    }
}

package cn.escrow.platform;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.platform.http.BodyLimit;
import cn.escrow.support.Api;
import cn.escrow.support.Db;
import cn.escrow.support.NoLeaks;
import cn.escrow.support.SignedClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;

/**
 * Issue 5, hostile input: thousands of generated malformed or hostile requests against the bank pushes and the
 * registry writes get no 5xx, only problem bodies with an interface slug that leak nothing, and leave every
 * table exactly as it was.
 *
 * <p>{@link HostileRequests} builds each request from a seed and its index, so a failure can be replayed. The
 * default count suits the build; {@code -Dhostile.count=10000} raises it, {@code -Dhostile.seed=N} changes the
 * seed and {@code -Dhostile.threads=N} the number of concurrent senders.
 */
@QuarkusTest
class HostileInputTest {

    private static final int DEFAULT_COUNT = 2_000;
    private static final long DEFAULT_SEED = 20_261_101L;
    private static final String PASSWORD = "hostile-input-password";

    /** The problem types of the interface, with their status (5xx left out: none may occur here). */
    private static final Map<String, Integer> SLUGS = Map.ofEntries(
            Map.entry("malformed-request", 400), Map.entry("validation-failed", 400), Map.entry("unauthenticated", 401),
            Map.entry("forbidden", 403), Map.entry("not-found", 404), Map.entry("conflict", 409),
            Map.entry("idempotency-conflict", 409), Map.entry("signing-disabled", 409), Map.entry("payload-too-large", 413),
            Map.entry("unsupported-media-type", 415), Map.entry("unknown-reference", 422),
            Map.entry("account-name-nonstandard", 422), Map.entry("loan-mismatch", 422), Map.entry("category-banned", 422),
            Map.entry("payment-notice-mismatch", 422));

    /**
     * Tables a rejected request may legitimately change, and why; every other table of the schema (read from the
     * database, so a new table is covered the day it is created) must stay exactly as it was.
     */
    private static final Map<String, String> MAY_CHANGE = Map.of(
            "flyway_schema_history", "the migrations' own bookkeeping, written only at start",
            "signing_webhook_cursor", "the signing webhook's delivery position and retry state, moved by its background job "
                    + "(on for the whole test run), never by a request",
            "audit_chain", "the audit hash chain, extended by its background sealer over events written before the run",
            "audit_seal_state", "the sealer's position in the audit trail, moved by the same background job");

    /**
     * What each table is compared by. A refused login is meant to leave a trace (issue 14): the counters of
     * app_user and the LOGIN_FAILED / USER_LOCKED audit events; a successful one may note lastLoginAt. Those are
     * left out; everything else must stay as it was.
     */
    private static final Map<String, String> COMPARED = Map.of(
            "app_user", "(SELECT to_jsonb(u) - 'failed_logins' - 'locked_until' - 'last_login_at' AS row FROM app_user u) t",
            "audit_event", "(SELECT * FROM audit_event WHERE action NOT IN ('LOGIN_FAILED', 'USER_LOCKED')) t");

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL base;

    @Inject
    BodyLimit bodyLimit;

    @Test
    void shouldRefuseEveryHostileRequestWithoutServerErrorOrAnyWrite() throws Exception {
        int count = Integer.getInteger("hostile.count", DEFAULT_COUNT);
        long seed = Long.getLong("hostile.seed", DEFAULT_SEED);
        int threads = Integer.getInteger("hostile.threads", 4);
        HostileRequests generator = new HostileRequests(world(), seed, String.valueOf(Api.next()));
        String replay = "seed " + seed + ", count " + count + " (replay: -Dhostile.seed=" + seed + " -Dhostile.count=" + count + ")";

        Map<String, String> before = snapshot();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        Map<String, LongAdder> slugs = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        HostileRequests.Request request = generator.generate(i);
                        String failure;
                        try {
                            HttpResponse<byte[]> response = send(http, request);
                            statuses.computeIfAbsent(response.statusCode(), s -> new LongAdder()).increment();
                            failure = check(request, response, slugs);
                        } catch (IOException | InterruptedException | RuntimeException e) {
                            failure = "no response: " + e;
                        }
                        if (failure != null) {
                            failures.add(describe(request) + " -> " + failure);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, String> after = snapshot();

        String summary = String.format("Hostile input: %d requests, %s, %d threads, %.1f s, statuses %s, problem types %s, failures %d",
                count, "seed " + seed, threads, seconds, sorted(statuses), sorted(slugs), failures.size());
        System.out.println(summary);
        Files.writeString(Path.of("target", "hostile-input-summary.txt"), summary + System.lineSeparator());

        assertThat(failures).as("%s: responses that break the contract, first of %d:%n%s", replay, failures.size(),
                String.join(System.lineSeparator(), failures.stream().limit(25).toList())).isEmpty();
        assertThat(after).as("%s: the database after the hostile requests", replay).isEqualTo(before);
    }

    private HttpResponse<byte[]> send(HttpClient http, HostileRequests.Request r) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "") + r.path()))
                .timeout(Duration.ofSeconds(60));
        for (String[] header : r.headers()) {
            b.header(header[0], header[1]);
        }
        b.POST(r.chunked()
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(r.body()))
                : HttpRequest.BodyPublishers.ofByteArray(r.body()));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Null when the response is a proper refusal; else what is wrong with it. */
    private static String check(HostileRequests.Request r, HttpResponse<byte[]> response, Map<String, LongAdder> slugs) {
        int status = response.statusCode();
        String body = new String(response.body(), StandardCharsets.UTF_8);
        String shown = status + " " + abbreviate(body, 400);
        if (status < 400 || status > 499) {
            return "status " + shown;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        if (!contentType.startsWith("application/problem+json")) {
            return "content type '" + contentType + "': " + shown;
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(response.body());
        } catch (IOException e) {
            return "unreadable problem body: " + shown;
        }
        String type = problem.path("type").asText("");
        String slug = type.startsWith("/problems/") ? type.substring("/problems/".length()) : "";
        slugs.computeIfAbsent(slug.isEmpty() ? "(none)" : slug, s -> new LongAdder()).increment();
        if (!SLUGS.containsKey(slug)) {
            return "problem type '" + type + "' is not one of the interface: " + shown;
        }
        if (SLUGS.get(slug) != status || problem.path("status").asInt() != status) {
            return "problem type " + slug + " with status " + shown;
        }
        if (!problem.path("title").isTextual()) {
            return "problem without title: " + shown;
        }
        if ((r.label().contains("oversized")) && status != 413) {
            return "an oversized body got " + shown;
        }
        if (r.label().contains("valid-body") && !r.path().endsWith("/account") && status != 401 && status != 403) {
            return "a valid body with broken credentials got " + shown;
        }
        List<String> leaks = NoLeaks.telltalesIn(textOf(problem, r));
        if (!leaks.isEmpty()) {
            return "leaks " + leaks + ": " + shown;
        }
        return null;
    }

    /** All names and text of a problem body, less the hostile text the request planted (which a detail may echo). */
    private static String textOf(JsonNode problem, HostileRequests.Request r) {
        StringBuilder all = new StringBuilder();
        collect(problem, all);
        String text = all.toString();
        List<String> planted = new ArrayList<>(r.planted());
        planted.sort(Comparator.comparingInt(String::length).reversed());
        for (String p : planted) {
            if (!p.isEmpty()) {
                text = text.replace(p, "");
            }
        }
        return text;
    }

    private static void collect(JsonNode node, StringBuilder out) {
        if (node.isTextual()) {
            out.append(node.asText()).append('\n');
        }
        node.fieldNames().forEachRemaining(name -> out.append(name).append('\n'));
        node.elements().forEachRemaining(child -> collect(child, out));
    }

    private static String describe(HostileRequests.Request r) {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        return "#" + r.index() + " [" + r.label() + "] POST " + r.path() + (r.chunked() ? " (chunked)" : "")
                + " " + r.body().length + " bytes: " + abbreviate(body, 240);
    }

    private static String abbreviate(String text, int max) {
        String flat = text.replace("\n", "\\n").replace("\r", "\\r").replace("\u0000", "\\0");
        return flat.length() <= max ? flat : flat.substring(0, max) + "...";
    }

    private static <K extends Comparable<K>> Map<K, Long> sorted(Map<K, LongAdder> counts) {
        Map<K, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    // ------------------------------------------------------------------ the data the requests aim at

    private HostileRequests.World world() {
        String tag = String.valueOf(Api.next());
        // People whose bcrypt hash has cost 4 rather than 10: thousands of Basic-authenticated requests then fit in
        // the build's time. Hashing is not what is under test here; UserApiTest covers the API's own hashing.
        String admin = "hostile-admin-" + tag;
        String supervisor = "hostile-supervisor-" + tag;
        String auditor = "hostile-auditor-" + tag;
        cheapUser(admin, "ADMIN");
        cheapUser(supervisor, "SUPERVISOR");
        cheapUser(auditor, "AUDITOR");

        String bankCode = "H" + (Api.next() % 1_000_000);
        String otherBankCode = "HO" + (Api.next() % 1_000_000);
        Api.Fixture fx = Api.project(bankCode);
        Api.Fixture locked = Api.project(bankCode);
        Api.supervisor().body(Map.of("reason", "hostile input test: signing locked"))
                .post("/api/v1/projects/" + locked.projectId() + "/signing-locks").then().statusCode(201);
        Api.Fixture other = Api.project(otherBankCode);
        String loanContract = Api.contract(fx.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");
        String cashContract = Api.contract(fx.projectId(), "500000.00", "500000.00", "0.00", "NONE");
        String otherLoanContract = Api.contract(other.projectId(), "1000000.00", "300000.00", "700000.00", "COMMERCIAL");

        String creditCode = Api.creditCode();
        long enterpriseId = Api.supervisor().body(Map.of("name", "敌意测试置业" + tag, "creditCode", creditCode))
                .post(HostileRequests.ENTERPRISES).then().statusCode(201).extract().jsonPath().getLong("id");
        String permit = "敌预-existing-" + tag;
        Api.supervisor().body(Map.of("enterpriseId", enterpriseId, "name", "敌意花园" + tag, "presalePermitNo", permit))
                .post(HostileRequests.PROJECTS).then().statusCode(201);

        SignedClient bank = SignedClient.bank(bankCode);
        SignedClient otherBank = SignedClient.bank(otherBankCode);
        SignedClient signingSystem = SignedClient.signingSystem();
        String disbursementSerial = "HD-EXISTING-" + tag;
        bank.post(HostileRequests.DISBURSEMENTS, """
                {"serialNo":"%s","contractNo":"%s","accountNo":"%s","amount":"700000.00","loanType":"COMMERCIAL",
                 "disbursedAt":"2026-01-15T10:00:00+08:00"}""".formatted(disbursementSerial, loanContract, fx.accountNo()))
                .then().statusCode(201);
        String transactionSerial = "HT-EXISTING-" + tag;
        bank.post(HostileRequests.TRANSACTIONS, """
                {"serialNo":"%s","accountNo":"%s","direction":"CREDIT","amount":"1000.00","purpose":"DEPOSIT",
                 "bookedAt":"2026-01-15T10:00:00+08:00"}""".formatted(transactionSerial, fx.accountNo()))
                .then().statusCode(201);

        return new HostileRequests.World(PASSWORD, admin, supervisor, auditor, fx.enterpriseId(), fx.enterpriseName(),
                creditCode, permit, fx.projectId(), fx.projectName(), bankCode, fx.accountNo(), loanContract, cashContract,
                locked.projectId(), other.accountNo(), otherLoanContract, bank, otherBank, signingSystem,
                disbursementSerial, transactionSerial, bodyLimit.bytes());
    }

    private static void cheapUser(String username, String role) {
        Db.update("INSERT INTO app_user (username, password_hash, roles, created_at) VALUES (?, ?, ?, now())",
                username, BcryptUtil.bcryptHash(PASSWORD, 4), role);
    }

    /** Every base table of the application's schema but those in {@link #MAY_CHANGE}. */
    private static List<String> tables(Statement s) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        tables.removeAll(MAY_CHANGE.keySet());
        assertThat(tables).as("the schema's tables").contains("enterprise", "contract", "account_transaction", "audit_event");
        return tables;
    }

    /** Row count and a digest of every row of every table, and each supervised account's balance. */
    private static Map<String, String> snapshot() throws SQLException {
        Map<String, String> state = new TreeMap<>();
        try (Connection c = Arc.container().instance(AgroalDataSource.class).get().getConnection();
             Statement s = c.createStatement()) {
            for (String table : tables(s)) {
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                        + " FROM " + COMPARED.getOrDefault(table, table + " t"))) {
                    rs.next();
                    state.put(table, rs.getLong(1) + " rows, md5 " + rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT coalesce(string_agg(project_id || '=' || balance || '/' || entry_count, ' '"
                    + " ORDER BY project_id), '') FROM supervised_account")) {
                rs.next();
                state.put("balances", rs.getString(1));
            }
        }
        return state;
    }
}

package cn.escrow.platform;

import cn.escrow.clients.SignatureVerifier;
import cn.escrow.platform.validation.CheckCharacters;
import cn.escrow.support.SignedClient;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates hostile requests that the service must refuse, deterministically from a seed and an index.
 *
 * <p>Every request carries at least one <em>poison</em>: a fault that the interface says must reject it
 * whatever the other fields hold (an unknown reference, an existing unique key, a replayed serial with other
 * content, a field that breaks its rule, a wrong role or signature, an unreadable body). Other fields are then
 * mutated freely with hostile values, but poisoned fields never are, and the value pools hold no real keys, so
 * no mutation can turn a request into one the service may accept.
 */
final class HostileRequests {

    static final String ENTERPRISES = "/api/v1/enterprises";
    static final String PROJECTS = "/api/v1/projects";
    static final String CONTRACTS = "/api/v1/contracts";
    static final String USERS = "/api/v1/users";
    static final String DISBURSEMENTS = "/api/v1/bank/loan-disbursements";
    static final String TRANSACTIONS = "/api/v1/bank/account-transactions";

    /** The data the requests aim at, made through the API (and two cheap-hash users) before the baseline. */
    record World(String password, String adminUser, String supervisorUser, String auditorUser,
                 long enterpriseId, String enterpriseName, String existingCreditCode, String existingPermitNo,
                 long projectId, String projectName, String bankCode, String accountNo,
                 String loanContractNo, String cashContractNo, long lockedProjectId,
                 String otherAccountNo, String otherLoanContractNo,
                 SignedClient bank, SignedClient otherBank, SignedClient signingSystem,
                 String existingDisbursementSerial, String existingTransactionSerial, long maxBodyBytes) {
    }

    /** One generated request. {@code planted} holds the hostile text it carries, which a problem body may echo. */
    record Request(int index, String label, String path, List<String[]> headers, byte[] body, boolean chunked,
                   Set<String> planted) {
    }

    private enum Kind { NAME, KEY, TEXT, SERIAL, ACCOUNT_NO, BANK_CODE, HANDLE, PASSWORD, ID_NO, CREDIT_CODE, MONEY,
        MONEY_OR_ZERO, ID, ENUM, TIME, ROLES }

    private enum Caller { ADMIN, SUPERVISOR, BANK, SIGNING_SYSTEM }

    private static final class Field {
        final String name;
        String key;
        String raw;
        final Kind kind;
        boolean poison;
        boolean present = true;

        Field(String name, Kind kind, String raw) {
            this.name = name;
            this.key = name;
            this.kind = kind;
            this.raw = raw;
        }
    }

    /** A request under construction. */
    private final class Draft {
        final Random r;
        final List<String> labels = new ArrayList<>();
        final Set<String> planted = new LinkedHashSet<>();
        final List<Field> fields = new ArrayList<>();
        final List<String[]> extraFields = new ArrayList<>();
        String path;
        Caller caller;

        Draft(Random r) {
            this.r = r;
        }

        Field add(String name, Kind kind, String raw) {
            Field f = new Field(name, kind, raw);
            fields.add(f);
            return f;
        }

        Field field(String name) {
            return fields.stream().filter(f -> f.name.equals(name)).findFirst().orElseThrow();
        }

        /** Marks the poison: these fields hold the fault and are never mutated. */
        void poison(String label, Object... nameValuePairs) {
            labels.add("poison:" + label);
            for (int i = 0; i < nameValuePairs.length; i += 2) {
                Field f = field((String) nameValuePairs[i]);
                if (nameValuePairs[i + 1] != null) {
                    f.raw = (String) nameValuePairs[i + 1];
                    f.present = true;
                }
                f.poison = true;
            }
        }

        String json() {
            StringBuilder out = new StringBuilder("{");
            for (Field f : fields) {
                if (f.present) {
                    if (out.length() > 1) {
                        out.append(',');
                    }
                    out.append(f.key).append(':').append(f.raw);
                }
            }
            for (String[] extra : extraFields) {
                if (out.length() > 1) {
                    out.append(',');
                }
                out.append(extra[0]).append(':').append(extra[1]);
            }
            return out.append('}').toString();
        }

        String str(String value) {
            planted.add(value);
            return HostileRequests.str(value);
        }

        String raw(String token) {
            planted.add(token);
            return token;
        }
    }

    private final World w;
    private final long seed;
    private final String tag;

    HostileRequests(World world, long seed, String tag) {
        this.w = world;
        this.seed = seed;
        this.tag = tag;
    }

    /** The request with this index: the same seed and index give the same request (bar timestamps). */
    Request generate(int index) {
        Random r = new Random(seed ^ (0x9E3779B97F4A7C15L * (index + 1L)));
        Draft d = new Draft(r);
        int endpoint = r.nextInt(100);
        if (endpoint < 20) {
            disbursement(d, index);
        } else if (endpoint < 45) {
            transaction(d, index);
        } else if (endpoint < 55) {
            enterprise(d, index);
        } else if (endpoint < 65) {
            project(d, index);
        } else if (endpoint < 73) {
            account(d);
        } else if (endpoint < 88) {
            contract(d, index);
        } else {
            user(d, index);
        }
        boolean authAttack = r.nextInt(100) < 12;
        if (authAttack && r.nextBoolean()) {
            // A broken caller must be refused even when the body is entirely valid.
            d.labels.removeIf(l -> l.startsWith("poison:"));
            d.labels.add("valid-body");
            d.fields.forEach(f -> f.poison = false);
            resetToValid(d, index);
        } else {
            mutateFields(d);
        }
        byte[] body = d.json().getBytes(StandardCharsets.UTF_8);
        int shape = r.nextInt(100);
        boolean chunked = false;
        String contentType = "application/json";
        if (!authAttack && shape < 22) {
            body = transformBody(d, body);
        } else if (!authAttack && shape < 34) {
            Object[] transport = transport(d, body);
            body = (byte[]) transport[0];
            contentType = (String) transport[1];
            chunked = (Boolean) transport[2];
        } else if (!authAttack && shape < 38) {
            chunked = true;
            d.labels.add("chunked");
        }
        List<String[]> headers = new ArrayList<>();
        if (contentType != null) {
            headers.add(new String[] {"Content-Type", contentType});
        }
        if (authAttack) {
            brokenAuth(d, headers, body);
        } else {
            auth(d, d.caller, headers, body);
        }
        return new Request(index, String.join(" ", d.labels), d.path, headers, body, chunked, d.planted);
    }

    // ------------------------------------------------------------------ endpoints and their poisons

    private void disbursement(Draft d, int index) {
        d.path = DISBURSEMENTS;
        d.caller = Caller.BANK;
        d.labels.add("disbursement");
        validDisbursement(d, index);
        switch (d.r.nextInt(8)) {
            case 0 -> d.poison("unknown-contract", "contractNo", d.str("HT-NONE-" + tag + "-" + index));
            case 1 -> d.poison("cash-contract", "contractNo", str(w.cashContractNo()));
            case 2 -> d.poison("foreign-account", "accountNo", str(w.otherAccountNo()));
            // (Since 1.1 any bank may push a notice for another bank's account: it is the lender. The loan contract's
            // 700,000.00 are taken by the world's own notice, so one cent more does not fit it.)
            case 3 -> d.poison("loan-amount-exceeded", "amount", str("0.01"));
            case 4 -> d.poison("replay-other-content", "serialNo", str(w.existingDisbursementSerial()),
                    "amount", str("700000.0" + (1 + d.r.nextInt(9))));
            case 5 -> d.poison("future", "disbursedAt", str(Instant.now().plusSeconds(2 * 86_400 + d.r.nextInt(1_000_000)).toString()));
            case 6 -> d.poison("bad-amount", "amount", badMoney(d, true));
            default -> d.poison("bad-field", pickName(d, "serialNo", "accountNo", "loanType", "disbursedAt"), null);
        }
        ensureInvalid(d);
    }

    private void validDisbursement(Draft d, int index) {
        d.fields.clear();
        d.add("serialNo", Kind.SERIAL, str("HD-" + tag + "-" + index));
        d.add("contractNo", Kind.KEY, str(w.loanContractNo()));
        d.add("accountNo", Kind.ACCOUNT_NO, str(w.accountNo()));
        d.add("amount", Kind.MONEY, str("700000.00"));
        d.add("loanType", Kind.ENUM, str("COMMERCIAL"));
        d.add("disbursedAt", Kind.TIME, str("2026-01-15T10:00:00+08:00"));
        d.fields.forEach(f -> f.key = str(f.name));
    }

    private void transaction(Draft d, int index) {
        d.path = TRANSACTIONS;
        d.caller = Caller.BANK;
        d.labels.add("transaction");
        validTransaction(d, index);
        switch (d.r.nextInt(10)) {
            case 0 -> d.poison("unknown-account", "accountNo", str("9" + digits(d.r, 24)));
            case 1 -> d.poison("unknown-contract", "contractNo", d.str("HT-NONE-" + tag + "-" + index));
            case 2 -> d.poison("foreign-contract", "contractNo", str(w.otherLoanContractNo()));
            case 3 -> d.poison("unknown-reversal", "reversesSerialNo", str("NO-SUCH-" + tag + "-" + index));
            case 4 -> d.poison("same-direction-reversal", "reversesSerialNo", str(w.existingTransactionSerial()),
                    "direction", str("CREDIT"));
            case 5 -> d.poison("replay-other-content", "serialNo", str(w.existingTransactionSerial()),
                    "amount", str("1000.0" + (1 + d.r.nextInt(9))));
            case 6 -> d.poison("other-bank", "accountNo", str(w.otherAccountNo()));
            case 7 -> d.poison("future", "bookedAt", str(Instant.now().plusSeconds(2 * 86_400 + d.r.nextInt(1_000_000)).toString()));
            case 8 -> d.poison("currency", "currency", d.str(pick(d.r, "USD", "cny", "RMB", "", "CNY ", "ＣＮＹ")));
            default -> d.poison("bad-field", pickName(d, "serialNo", "accountNo", "direction", "amount", "purpose", "bookedAt",
                    "counterpartyAccountNo", "disbursementSerialNo"), null);
        }
        ensureInvalid(d);
    }

    private void validTransaction(Draft d, int index) {
        d.fields.clear();
        d.add("serialNo", Kind.SERIAL, str("HT-" + tag + "-" + index));
        d.add("accountNo", Kind.ACCOUNT_NO, str(w.accountNo()));
        d.add("direction", Kind.ENUM, str("CREDIT"));
        d.add("amount", Kind.MONEY, str("100.00"));
        d.add("purpose", Kind.ENUM, str("DEPOSIT"));
        d.add("bookedAt", Kind.TIME, str("2026-01-15T10:00:00+08:00"));
        d.add("contractNo", Kind.KEY, str(w.loanContractNo()));
        d.add("disbursementSerialNo", Kind.SERIAL, "null");
        d.add("counterpartyName", Kind.NAME, str("张三"));
        d.add("counterpartyAccountNo", Kind.KEY, str("6217000011112222"));
        d.add("reversesSerialNo", Kind.SERIAL, "null");
        d.add("currency", Kind.KEY, str("CNY"));
        d.fields.forEach(f -> f.key = str(f.name));
    }

    private void enterprise(Draft d, int index) {
        d.path = ENTERPRISES;
        d.caller = d.r.nextBoolean() ? Caller.SUPERVISOR : Caller.ADMIN;
        d.labels.add("enterprise");
        validEnterprise(d, index);
        switch (d.r.nextInt(3)) {
            case 0 -> d.poison("existing-credit-code", "creditCode", str(w.existingCreditCode()));
            case 1 -> {
                String code = freshCreditCode(d.r);
                char last = code.charAt(17);
                char wrong = last == '0' ? '1' : '0';
                d.poison("bad-check-character", "creditCode", str(code.substring(0, 17) + wrong));
            }
            default -> d.poison("bad-field", "creditCode", null);
        }
        ensureInvalid(d);
    }

    private void validEnterprise(Draft d, int index) {
        d.fields.clear();
        d.add("name", Kind.NAME, str("敌意测试置业" + tag + "-" + index));
        d.add("creditCode", Kind.CREDIT_CODE, str(freshCreditCode(d.r)));
        d.fields.forEach(f -> f.key = str(f.name));
    }

    private void project(Draft d, int index) {
        d.path = PROJECTS;
        d.caller = d.r.nextBoolean() ? Caller.SUPERVISOR : Caller.ADMIN;
        d.labels.add("project");
        validProject(d, index);
        switch (d.r.nextInt(3)) {
            case 0 -> d.poison("unknown-enterprise", "enterpriseId", pick(d.r, "0", "-1", "9223372036854775807",
                    String.valueOf(1_000_000_000_000_000L + d.r.nextInt(1_000_000))));
            case 1 -> d.poison("existing-permit", "presalePermitNo", str(w.existingPermitNo()));
            default -> d.poison("bad-field", pickName(d, "enterpriseId", "name", "presalePermitNo"), null);
        }
        ensureInvalid(d);
    }

    private void validProject(Draft d, int index) {
        d.fields.clear();
        d.add("enterpriseId", Kind.ID, String.valueOf(w.enterpriseId()));
        d.add("name", Kind.NAME, str("敌意花园" + tag + "-" + index));
        d.add("presalePermitNo", Kind.KEY, str("敌预" + tag + "-" + index));
        d.add("address", Kind.TEXT, str("昆明市五华区"));
        d.fields.forEach(f -> f.key = str(f.name));
    }

    private void account(Draft d) {
        d.caller = d.r.nextBoolean() ? Caller.SUPERVISOR : Caller.ADMIN;
        d.labels.add("account");
        int p = d.r.nextInt(10);
        String id;
        if (p < 6) {
            id = String.valueOf(w.projectId());
            d.labels.add("poison:project-has-account");
        } else if (p < 7) {
            id = String.valueOf(w.lockedProjectId());
            d.labels.add("poison:project-has-account");
        } else if (p < 8) {
            id = String.valueOf(1_000_000_000_000_000L + d.r.nextInt(1_000_000));
            d.labels.add("poison:unknown-project");
        } else {
            id = pick(d.r, "abc", "-1", "0", "1.5", "99999999999999999999", "1e3", "0x10", "%27%20OR%201%3D1", "%00",
                    "%F0%9F%8F%A0", "+1", "%20", "null", "1%3BDROP", "%E2%80%AE1", "%FF%FE");
            d.planted.add(id);
            d.labels.add("poison:bad-path");
        }
        d.path = PROJECTS + "/" + id + "/account";
        validAccount(d);
    }

    private void validAccount(Draft d) {
        d.fields.clear();
        d.add("bankCode", Kind.BANK_CODE, str("HOSTILE"));
        d.add("accountNo", Kind.ACCOUNT_NO, str("7" + digits(d.r, 20)));
        d.add("accountName", Kind.NAME, str(w.enterpriseName() + w.projectName() + "预售资金监管专户"));
        d.fields.forEach(f -> f.key = str(f.name));
    }

    private void contract(Draft d, int index) {
        d.path = CONTRACTS;
        d.caller = pick(d.r, Caller.SUPERVISOR, Caller.ADMIN, Caller.SIGNING_SYSTEM);
        d.labels.add("contract");
        validContract(d, index);
        switch (d.r.nextInt(7)) {
            case 0 -> d.poison("unknown-project", "projectId", pick(d.r, "0", "-1", "9223372036854775807",
                    String.valueOf(1_000_000_000_000_000L + d.r.nextInt(1_000_000))));
            case 1 -> d.poison("existing-contract", "contractNo", str(w.loanContractNo()));
            case 2 -> d.poison("signing-disabled", "projectId", String.valueOf(w.lockedProjectId()));
            case 3 -> {
                String id = CheckCharacters.completeResidentId("53010019900101" + digits(d.r, 3));
                char wrong = id.charAt(17) == '0' ? '1' : '0';
                d.poison("bad-id-check", "buyerIdNo", str(id.substring(0, 17) + wrong));
            }
            case 4 -> d.poison("split-mismatch", "totalPrice", str("1000000.01"), "downPayment", null, "loanAmount", null);
            case 5 -> d.poison("loan-type-mismatch", "loanType", str("NONE"), "loanAmount", null, "downPayment", null,
                    "totalPrice", null);
            default -> d.poison("bad-field", pickName(d, "projectId", "contractNo", "unitNo", "buyerName", "buyerIdNo",
                    "totalPrice", "downPayment", "loanAmount", "loanType"), null);
        }
        ensureInvalid(d);
    }

    private void validContract(Draft d, int index) {
        d.fields.clear();
        d.add("projectId", Kind.ID, String.valueOf(w.projectId()));
        d.add("contractNo", Kind.KEY, str("HT-HOSTILE-" + tag + "-" + index));
        d.add("unitNo", Kind.KEY, str("1-" + index));
        d.add("buyerName", Kind.NAME, str("王五"));
        d.add("buyerIdNo", Kind.ID_NO, str(CheckCharacters.completeResidentId("53010019900101" + digits(d.r, 3))));
        d.add("totalPrice", Kind.MONEY, str("1000000.00"));
        d.add("downPayment", Kind.MONEY_OR_ZERO, str("300000.00"));
        d.add("loanAmount", Kind.MONEY_OR_ZERO, str("700000.00"));
        d.add("loanType", Kind.ENUM, str("COMMERCIAL"));
        d.fields.forEach(f -> f.key = str(f.name));
    }

    private void user(Draft d, int index) {
        d.path = USERS;
        d.caller = Caller.ADMIN;
        d.labels.add("user");
        validUser(d, index);
        switch (d.r.nextInt(6)) {
            case 0 -> d.poison("existing-username", "username", str(pick(d.r, w.adminUser(), w.supervisorUser(), "admin")));
            case 1 -> d.poison("short-password", "password", d.str("x".repeat(d.r.nextInt(12))));
            case 2 -> d.poison("enterprise-role-without-enterprise", "roles", "[\"ENTERPRISE\"]", "enterpriseId", null);
            case 3 -> d.poison("unknown-enterprise", "roles", "[\"ENTERPRISE\"]",
                    "enterpriseId", String.valueOf(1_000_000_000_000_000L + d.r.nextInt(1_000_000)));
            case 4 -> {
                d.caller = Caller.SUPERVISOR;
                d.labels.add("poison:not-admin");
                d.fields.forEach(f -> f.poison = false);
            }
            default -> d.poison("bad-field", pickName(d, "username", "password", "roles"), null);
        }
        if (!d.labels.contains("poison:not-admin")) {
            ensureInvalid(d);
        }
    }

    private void validUser(Draft d, int index) {
        d.fields.clear();
        d.add("username", Kind.HANDLE, str("hostile-" + tag + "-" + index));
        d.add("password", Kind.PASSWORD, str("Hostile-Input-Pass-" + index));
        d.add("roles", Kind.ROLES, "[\"AUDITOR\"]");
        Field e = d.add("enterpriseId", Kind.ID, "null");
        e.present = false;
        d.fields.forEach(f -> f.key = str(f.name));
    }

    /** For a "bad-field" poison, gives the poisoned field a value that breaks its rule. */
    private void ensureInvalid(Draft d) {
        for (Field f : d.fields) {
            if (f.poison && f.raw == null) {
                throw new IllegalStateException("poison without value: " + f.name);
            }
        }
        if (d.labels.contains("poison:bad-field")) {
            Field f = d.fields.stream().filter(x -> x.poison).findFirst().orElseThrow();
            f.raw = invalidFor(d, f.kind);
            f.present = true;
            d.labels.add("field:" + f.name);
        }
    }

    private void resetToValid(Draft d, int index) {
        Caller caller = d.caller;
        String path = d.path;
        switch (path) {
            case DISBURSEMENTS -> validDisbursement(d, index);
            case TRANSACTIONS -> validTransaction(d, index);
            case ENTERPRISES -> validEnterprise(d, index);
            case PROJECTS -> validProject(d, index);
            case CONTRACTS -> validContract(d, index);
            case USERS -> validUser(d, index);
            default -> validAccount(d); // account: the path keeps its own poison
        }
        if (path.equals(USERS)) {
            caller = Caller.ADMIN;
        }
        d.caller = caller;
    }

    // ------------------------------------------------------------------ field mutations

    private void mutateFields(Draft d) {
        int n = d.r.nextInt(4);
        for (int i = 0; i < n; i++) {
            List<Field> free = d.fields.stream().filter(f -> !f.poison).toList();
            int op = d.r.nextInt(100);
            if (op < 12 || free.isEmpty()) {
                String key = pick(d.r, "\"extra\"", "\"id\"", "\"balance\"", "\"status\"", "\"blacklisted\"", "\"__proto__\"",
                        "\"constructor\"", "\"signingEnabled\"", "\"roles\"", "\"matchedDisbursement\"", "\"\"", "\"java.lang.Object\"",
                        "\"' OR 1=1 --\"", "\"\\u0000\"", "\"🏠\"", "\"SELECT * FROM app_user\"", "\"" + "k".repeat(300) + "\"");
                d.planted.add(key.substring(1, key.length() - 1));
                d.planted.add(decodeKey(key));
                d.extraFields.add(new String[] {key, anyValue(d)});
                d.labels.add("extra-field");
                continue;
            }
            Field f = free.get(d.r.nextInt(free.size()));
            if (op < 20) {
                f.present = false;
                d.labels.add("missing:" + f.name);
            } else if (op < 27) {
                f.raw = "null";
                f.present = true;
                d.labels.add("null:" + f.name);
            } else if (op < 32) {
                d.extraFields.add(new String[] {f.key, anyValue(d)});
                d.labels.add("duplicate:" + f.name);
            } else if (op < 37) {
                String renamed = pick(d.r, f.name.toUpperCase(), f.name.toLowerCase(), f.name + " ", " " + f.name,
                        f.name.replaceAll("([A-Z])", "_$1").toLowerCase(), f.name + "\u0000", f.name + "\u200B");
                f.key = d.str(renamed);
                d.labels.add("renamed:" + f.name);
            } else if (op < 60) {
                f.raw = invalidFor(d, f.kind);
                f.present = true;
                d.labels.add("invalid:" + f.name);
            } else if (op < 82) {
                f.raw = d.str(pick(d.r, HOSTILE_TEXT));
                f.present = true;
                d.labels.add("hostile-text:" + f.name);
            } else {
                f.raw = anyValue(d);
                f.present = true;
                d.labels.add("any:" + f.name);
            }
        }
    }

    private String anyValue(Draft d) {
        return switch (d.r.nextInt(4)) {
            case 0 -> d.str(pick(d.r, HOSTILE_TEXT));
            case 1 -> d.str(pick(d.r, INVALID_TEXT));
            case 2 -> d.raw(pick(d.r, HOSTILE_JSON));
            default -> d.raw(generatedJson(d.r));
        };
    }

    /** A value that breaks the rule of a field of this kind (and, where a type is wrong, its JSON type). */
    private String invalidFor(Draft d, Kind kind) {
        boolean textual = kind != Kind.MONEY && kind != Kind.MONEY_OR_ZERO && kind != Kind.ID;
        if (textual && d.r.nextInt(4) == 0) {
            return d.raw(pick(d.r, WRONG_TYPE));
        }
        return switch (kind) {
            case NAME, KEY, TEXT -> d.str(d.r.nextInt(3) == 0 ? longText(d.r, kind) : pick(d.r, INVALID_TEXT));
            case SERIAL -> d.str(pick(d.r, "", "a b", "x".repeat(65), "序列号", "A/B", "A.B", "A+B", "' OR 1=1 --", "A\u0000",
                    "HD-1\n", "🏠", "A\u200BB", "ＡＢＣ"));
            case ACCOUNT_NO -> d.str(pick(d.r, "", "12345", "1".repeat(33), "６２２２０００００１", "6222-0000-1111",
                    "-6222000011", "6222 0000 1111", "622200001111.0", "6e15", "' OR 1=1 --", "6222\u00000000"));
            case BANK_CODE -> d.str(pick(d.r, "icbc", "A", "X".repeat(17), "IC BC", "ＩＣＢＣ", "工行", "ICBC\n", ""));
            case HANDLE -> d.str(pick(d.r, "Admin", "ab", "x".repeat(65), "用户名", "a b", "admin'--", "../etc", "a\u0000b", ""));
            case PASSWORD -> d.str(pick(d.r, "short", "", "x".repeat(129), "🏠".repeat(5)));
            case ID_NO -> d.str(pick(d.r, "1".repeat(33), "身份证号码", "11010119900307000\u0000", "", "' OR 1=1 --",
                    "11010119900307001X\n"));
            case CREDIT_CODE -> d.str(pick(d.r, "", "91530100ma6k0wuf0b", "91530100MA6K0WUF0", "91530100MA6K0WUF0BB",
                    "91530100MA6K0WUFOI", "' OR 1=1 --------", "９１５３０１００ＭＡ６Ｋ０ＷＵＦ０Ｂ"));
            case MONEY -> badMoney(d, true);
            case MONEY_OR_ZERO -> badMoney(d, false);
            case ID -> d.raw(pick(d.r, "1.5", "1e3", "\"1\"", "\"abc\"", "9223372036854775808", "-9223372036854775809",
                    "99999999999999999999", "1e400", "true", "[]", "{}", "\"\"", "0x10", "+1", "01", "NaN"));
            case ENUM -> d.str(pick(d.r, "commercial", "COMMERCIAL ", " CREDIT", "", "СREDIT", "ＣＲＥＤＩＴ", "LOAN\u0000",
                    "MORTGAGE", "DEPOSIT;DROP", "null", "0", "COMBINED_", "credit"));
            case TIME -> badTime(d);
            case ROLES -> d.raw(pick(d.r, "[\"ROOT\"]", "[\"admin\"]", "[]", "[null]", "\"ADMIN\"", "[[\"ADMIN\"]]", "[1]",
                    "[\"SUPERVISOR\\u0000\"]", "[\"' OR 1=1 --\"]", "{\"0\":\"ADMIN\"}", "[\"ADMIN\",\"ROOT\"]",
                    "[" + "\"ROOT\",".repeat(500) + "\"ROOT\"]"));
        };
    }

    /** An amount that breaks the money rules; zero only where zero is not allowed. */
    private String badMoney(Draft d, boolean zeroIsBad) {
        if (zeroIsBad && d.r.nextInt(8) == 0) {
            return d.str(pick(d.r, "0", "0.00", "-0", "0.0", "00.00"));
        }
        if (zeroIsBad && d.r.nextInt(8) == 0) {
            return d.raw(pick(d.r, "0", "0.00", "-0", "0.0"));
        }
        if (d.r.nextInt(3) == 0) {
            return d.raw(pick(d.r, "1e400", "-1e400", "1e-400", "99999999999999999999.99", "1E+6", "1e6", "100.001", "-5",
                    "0.001", "1000000000000", "9".repeat(70), "1." + "0".repeat(80), "NaN", "Infinity", "-Infinity",
                    "+100", "0x10", ".5", "5.", "00100", "true", "[\"100.00\"]", "{\"amount\":\"1\"}", "100.000", "-0.01"));
        }
        String plenty = digits(d.r, 12 + d.r.nextInt(20));
        return d.str(pick(d.r, "1e400", "1e-400", "99999999999999999999.99", "1e6", "1E+6", "1.001", "0.001", "12.345",
                "100.000", "100.100", "1." + digits(d.r, 3 + d.r.nextInt(20)), "-1.00", "-0.01", "+100.00", "0x10", "NaN",
                "Infinity", "-Infinity", "1,000.00", "1 000.00", "１００.００", "١٠٠", "100.", ".5", "1000000000000.00",
                "999999999999.999", "", " 100.00", "100.00 ", "100.00\u0000", "1_000", "１e2", "$100", "100元",
                "9" + plenty + "." + plenty, "0." + "0".repeat(30) + "1", "-700000.00"));
    }

    private String badTime(Draft d) {
        if (d.r.nextInt(4) == 0) {
            return d.raw(pick(d.r, "1730000000", "1.73e9", "-1", "0", "true", "[2026,11,1]", "{\"epochSecond\":1}"));
        }
        return d.str(pick(d.r, "2026-11-01", "2026-11-01T10:00:00", "2026-13-45T99:99:99+08:00", "2026-02-30T10:00:00+08:00",
                "2026-11-01T10:00:00+25:00", "+999999999-12-31T23:59:59+18:00", "now", "", "yesterday",
                "2026-11-01T10:00:00.1234567891+08:00", "2026-11-01 10:00:00+08:00", "2026-11-01T10:00:00+08:00[Asia/Shanghai]",
                "２０２６-１１-０１T１０:００:００+08:00", "2026-11-01T10:00:00+08:00\u0000", "10:00:00+08:00", "P1D",
                "2026-W44-7T10:00:00+08:00", "2026-305T10:00:00+08:00"));
    }

    private static String longText(Random r, Kind kind) {
        int limit = kind == Kind.NAME ? 200 : kind == Kind.KEY ? 64 : 500;
        String unit = pick(r, "x", "长", "🏠", "\u200B");
        return unit.repeat(limit + 1 + r.nextInt(r.nextBoolean() ? 20 : 20_000));
    }

    // ------------------------------------------------------------------ whole-body and transport attacks

    private byte[] transformBody(Draft d, byte[] json) {
        String text = new String(json, StandardCharsets.UTF_8);
        int t = d.r.nextInt(20);
        d.labels.add("body:" + t);
        return switch (t) {
            case 0 -> bytes(text + pick(d.r, " x", "}", "{}", ",", "\n{\"a\":1}", " // comment", " /* c */", "]", " null",
                    "\u0000", " \"tail\"", "\n\n" + text));
            case 1 -> bytes(text.substring(0, d.r.nextInt(Math.max(1, text.length()))));
            case 2 -> bytes(pick(d.r, "[" + text + "]", "{\"data\":" + text + "}", "null", "true", "false", "42", "-1.5e3",
                    "\"" + "string" + "\"", "[]", "{}", "", " ", "\n\t ", "[null]", "\"" + text.replace("\"", "\\\"") + "\""));
            case 3 -> {
                int depth = 33 + d.r.nextInt(20_000);
                yield bytes("[".repeat(depth) + "]".repeat(depth));
            }
            case 4 -> {
                int depth = 33 + d.r.nextInt(5_000);
                StringBuilder b = new StringBuilder(text.substring(0, text.length() - 1)).append(",\"nest\":");
                b.append("{\"a\":".repeat(depth)).append("1").append("}".repeat(depth)).append('}');
                yield bytes(b.toString());
            }
            case 5 -> {
                int depth = 33 + d.r.nextInt(2_000);
                yield bytes("{\"a\":".repeat(depth) + "[" + "]" + "}".repeat(depth));
            }
            case 6, 7 -> invalidUtf8(d.r, json);
            case 8 -> {
                byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
                yield concat(bom, json);
            }
            case 9 -> text.getBytes(pick(d.r, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE, StandardCharsets.UTF_16));
            case 10 -> bytes(text.replace('"', '\''));
            case 11 -> bytes(text.replaceAll("\"([A-Za-z]+)\":", "$1:"));
            case 12 -> bytes("/* hostile */" + text);
            case 13 -> {
                // Raw control characters inside strings, which JSON forbids unescaped.
                String ctl = pick(d.r, "\u0000", "\u0001", "\n", "\t", "\u001f", "\r");
                yield bytes(text.replaceFirst(":\"", ":\"" + ctl));
            }
            case 14 -> bytes(text.replaceFirst(":", ":" + pick(d.r, "NaN", "Infinity", "-Infinity", "undefined", "+1", "0x10")
                    + ",\"x\":"));
            case 15 -> {
                // Many keys: a flat object of thousands of unknown fields under the body limit.
                StringBuilder b = new StringBuilder(text.substring(0, text.length() - 1));
                int n = 100 + d.r.nextInt(3_000);
                for (int i = 0; i < n; i++) {
                    b.append(",\"k").append(i).append("\":").append(i);
                }
                yield bytes(b.append('}').toString());
            }
            case 16 -> bytes(text.replace("{", "{\"a\":1,\"a\":2,"));
            case 17 -> {
                // A huge string value just under the body limit.
                String filler = "长".repeat(5_000 + d.r.nextInt(15_000));
                d.planted.add(filler);
                yield bytes(text.replaceFirst(":", ":\"" + filler + "\",\"filler\":"));
            }
            case 18 -> bytes("\uFEFF\uFEFF" + text);
            default -> {
                byte[] garbage = new byte[1 + d.r.nextInt(4_000)];
                d.r.nextBytes(garbage);
                yield garbage;
            }
        };
    }

    private static byte[] invalidUtf8(Random r, byte[] json) {
        byte[][] bad = {
            {(byte) 0xFF}, {(byte) 0xFE, (byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC0, (byte) 0x80},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE4, (byte) 0xB8}, {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
            {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xC1, (byte) 0x81}
        };
        byte[] insert = bad[r.nextInt(bad.length)];
        // Prefer a position inside a string value, right after an opening quote of a value.
        String text = new String(json, StandardCharsets.ISO_8859_1);
        int at = text.indexOf(":\"", r.nextInt(Math.max(1, text.length())));
        int pos = at >= 0 ? at + 2 : r.nextInt(json.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(json, 0, pos);
        out.writeBytes(insert);
        out.write(json, pos, json.length - pos);
        return out.toByteArray();
    }

    /** Returns {body, content type or null, chunked}. */
    private Object[] transport(Draft d, byte[] json) {
        int t = d.r.nextInt(10);
        switch (t) {
            case 0, 1 -> {
                int size = (int) w.maxBodyBytes() + 1 + d.r.nextInt(t == 0 ? 64 : 150_000);
                d.labels.add("oversized:" + size);
                return new Object[] {padTo(json, size), "application/json", false};
            }
            case 2 -> {
                int size = (int) w.maxBodyBytes() + 2_048 + d.r.nextInt(150_000);
                d.labels.add("oversized-chunked:" + size);
                return new Object[] {padTo(json, size), "application/json", true};
            }
            case 3 -> {
                d.labels.add("no-content-type");
                return new Object[] {json, null, false};
            }
            case 4 -> {
                d.labels.add("form");
                return new Object[] {bytes("serialNo=X&amount=1e400&name=%27%20OR%201%3D1"), "application/x-www-form-urlencoded", false};
            }
            case 5 -> {
                d.labels.add("xml");
                return new Object[] {bytes("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"),
                    pick(d.r, "application/xml", "text/xml"), false};
            }
            default -> {
                String type = pick(d.r, "text/plain", "text/plain; charset=UTF-8", "application/octet-stream",
                        "multipart/form-data; boundary=x", "application/json-patch+json", "text/html", "application/javascript",
                        "application/x-www-form-urlencoded", "image/png", "application/json; charset=ISO-8859-1",
                        "application/json; charset=UTF-16", "application/JSON", "application/json;;", "*/*", "application/*",
                        "application/problem+json", "json", "application/json, text/plain", "application/json; charset=\"bogus\"");
                d.labels.add("content-type:" + type);
                return new Object[] {json, type, false};
            }
        }
    }

    private static byte[] padTo(byte[] json, int size) {
        byte[] out = new byte[Math.max(size, json.length + 1)];
        System.arraycopy(json, 0, out, 0, json.length);
        java.util.Arrays.fill(out, json.length, out.length, (byte) ' ');
        return out;
    }

    // ------------------------------------------------------------------ callers

    private void auth(Draft d, Caller caller, List<String[]> headers, byte[] body) {
        switch (caller) {
            case ADMIN -> headers.add(basic(w.adminUser(), w.password()));
            case SUPERVISOR -> headers.add(basic(w.supervisorUser(), w.password()));
            case BANK -> sign(headers, w.bank().clientId, w.bank().secret, Instant.now().getEpochSecond(), "POST", d.path, body);
            case SIGNING_SYSTEM -> sign(headers, w.signingSystem().clientId, w.signingSystem().secret,
                    Instant.now().getEpochSecond(), "POST", d.path, body);
        }
    }

    private void brokenAuth(Draft d, List<String[]> headers, byte[] body) {
        long now = Instant.now().getEpochSecond();
        boolean signed = d.caller == Caller.BANK || d.caller == Caller.SIGNING_SYSTEM;
        SignedClient own = d.caller == Caller.SIGNING_SYSTEM ? w.signingSystem() : w.bank();
        if (!signed) {
            int t = d.r.nextInt(12);
            d.labels.add("auth:" + t);
            switch (t) {
                case 0 -> { }
                // Wrong passwords go to the auditor: they lock it out (issue 14), and the admin and the supervisor must
                // stay usable for the requests that test what lies behind authentication.
                case 1 -> headers.add(basic(w.auditorUser(), "wrong-password-" + d.r.nextInt(1000)));
                case 2 -> headers.add(basic("nobody-" + tag, w.password()));
                case 3 -> headers.add(new String[] {"Authorization", pick(d.r, "Basic !!!", "Basic", "Basic ", "Bearer abc.def.ghi",
                        "Digest username=\"admin\"", "basic", "Basic =", "Basic " + "A".repeat(3_000))});
                case 4 -> headers.add(new String[] {"Authorization", "Basic " + b64("admin")});
                case 5 -> headers.add(basic("admin' --", "x"));
                case 6 -> headers.add(basic("adm\u0000in", w.password()));
                case 7 -> headers.add(basic(w.auditorUser(), w.password()));
                case 8 -> headers.add(basic(w.adminUser() + " ", w.password()));
                case 9 -> headers.add(basic(w.adminUser().toUpperCase(), w.password()));
                // A bank's signature where a person must call (or the wrong client kind on contracts).
                case 10 -> sign(headers, w.bank().clientId, w.bank().secret, now, "POST", d.path, body);
                default -> headers.add(basic(w.auditorUser(), w.password() + "x"));
            }
            return;
        }
        int t = d.r.nextInt(16);
        d.labels.add("signature:" + t);
        String target = d.path;
        String good = "v1=" + SignatureVerifier.sign(own.secret.getBytes(StandardCharsets.UTF_8), String.valueOf(now), "POST",
                target, body);
        switch (t) {
            case 0 -> headers.add(d.path.equals(CONTRACTS) ? basic(w.auditorUser(), w.password()) : basic(w.adminUser(), w.password()));
            case 1 -> {
                headers.add(new String[] {"X-Client-Id", own.clientId});
                headers.add(new String[] {"X-Timestamp", String.valueOf(now)});
            }
            case 2 -> {
                headers.add(new String[] {"X-Client-Id", own.clientId});
                headers.add(new String[] {"X-Signature", good});
            }
            case 3 -> {
                headers.add(new String[] {"X-Timestamp", String.valueOf(now)});
                headers.add(new String[] {"X-Signature", good});
            }
            case 4 -> {
                char[] s = good.toCharArray();
                int i = 3 + d.r.nextInt(s.length - 3);
                s[i] = s[i] == '0' ? '1' : '0';
                signedHeaders(headers, own.clientId, now, new String(s));
            }
            case 5 -> signedHeaders(headers, own.clientId, now, good.toUpperCase().replace("V1=", "v1="));
            case 6 -> signedHeaders(headers, own.clientId, now, good.substring(3));
            case 7 -> signedHeaders(headers, own.clientId, now, "v2=" + good.substring(3));
            case 8 -> sign(headers, own.clientId, own.secret, now - 301 - d.r.nextInt(100_000), "POST", target, body);
            case 9 -> sign(headers, own.clientId, own.secret, now + 301 + d.r.nextInt(100_000), "POST", target, body);
            case 10 -> {
                String ts = pick(d.r, "abc", "-1", "1e9", "99999999999999999999", " " + now, now + ".0", "", "0x1",
                        String.valueOf(now * 1000));
                signedHeaders(headers, own.clientId, ts, "v1=" + SignatureVerifier.sign(own.secret.getBytes(StandardCharsets.UTF_8),
                        ts, "POST", target, body));
            }
            case 11 -> sign(headers, pick(d.r, "unknown-bank-" + tag, "BANK", "bank!", "a", "x".repeat(65), "' or 1=1 --",
                    "../admin"), own.secret, now, "POST", target, body);
            case 12 -> sign(headers, own.clientId, w.otherBank().secret, now, "POST", target, body);
            case 13 -> sign(headers, own.clientId, own.secret, now, pick(d.r, "GET", "PUT", "post"), target, body);
            case 14 -> sign(headers, own.clientId, own.secret, now, "POST",
                    pick(d.r, target + "?x=1", target.replace("/api/v1", ""), TRANSACTIONS.equals(target) ? DISBURSEMENTS : TRANSACTIONS),
                    body);
            default -> {
                byte[] other = concat(body, bytes(" "));
                sign(headers, own.clientId, own.secret, now, "POST", target, other);
            }
        }
        if (d.caller == Caller.SIGNING_SYSTEM && d.r.nextInt(3) == 0) {
            // A bank's correct signature on a call only the signing system (or a person) may make.
            headers.removeIf(h -> h[0].startsWith("X-") || h[0].equals("Authorization"));
            sign(headers, w.bank().clientId, w.bank().secret, now, "POST", target, body);
            d.labels.add("wrong-kind");
        }
    }

    private static void sign(List<String[]> headers, String clientId, String secret, long ts, String method, String target,
                             byte[] body) {
        signedHeaders(headers, clientId, ts, "v1=" + SignatureVerifier.sign(secret.getBytes(StandardCharsets.UTF_8),
                String.valueOf(ts), method, target, body));
    }

    private static void signedHeaders(List<String[]> headers, String clientId, Object ts, String signature) {
        headers.add(new String[] {"X-Client-Id", clientId});
        headers.add(new String[] {"X-Timestamp", String.valueOf(ts)});
        headers.add(new String[] {"X-Signature", signature});
    }

    private static String[] basic(String user, String password) {
        return new String[] {"Authorization", "Basic " + b64(user + ":" + password)};
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ value pools

    /** Hostile but well-formed text: injection, markup, template and path tricks, unusual Unicode. */
    static final List<String> HOSTILE_TEXT = List.of(
            "' OR '1'='1", "'; DROP TABLE contract; --", "\"; DELETE FROM supervised_account; --",
            "1 UNION SELECT password_hash FROM app_user", "admin'--", "' OR 1=1 LIMIT 1 OFFSET 0 --",
            "%' AND pg_sleep(5) --", "'||(SELECT version())||'", "$1", ":name", "?", "\\", "\\'", "''", "E'\\x00'",
            "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
            "${jndi:ldap://127.0.0.1/a}", "#{7*7}", "{{7*7}}", "${7*7}", "../../../etc/passwd", "%00", "%s%n%x",
            "Set-Cookie: a=b", "java.lang.NullPointerException at org.hibernate.Session", "SELECT * FROM app_user",
            "🏠💰🧧", "\u202Eevil\u202C", "مشروع الإسكان", "\u200B\u200C\u200D\uFEFF", "e\u0301\u0301\u0301\u0301",
            "ｆｕｌｌｗｉｄｔｈ", "\u3000", "a\u2028b\u2029", "𠀀𠀁", "null", "NULL", "undefined", "true", "0", "-1", "NaN",
            "Infinity", "1e400", "0x1F", "Ω≈ç√∫", "\uFFFD", "\uFFFF", "\uD800", "\uDFFF", "\uDBFF\uDFFF", "x\uD83C",
            "ṩ̴̢̖̱̯͓̈́ͅç̶̝̯̝̋̿", "A".repeat(64), "长".repeat(64));

    /** Text that breaks every text rule: control characters, blank, too long. */
    static final List<String> INVALID_TEXT = List.of(
            "", " ", "   ", "\u0000", "a\u0000b", "\u0001", "\u001f", "\u007f", "\u0085", "\u009f", "line\nbreak", "tab\there",
            "\r", "\u001b[31mred", "\u0007", "x".repeat(201), "长".repeat(201), "y".repeat(501), "\n");

    /** Raw JSON values of every wrong type, and tokens that are not JSON at all. */
    static final List<String> HOSTILE_JSON = List.of(
            "0", "-1", "1.5", "1e400", "-1e400", "1e-400", "99999999999999999999.99", "9223372036854775808",
            "-9223372036854775809", "1E+2", "-0", "0.0", "true", "false", "null", "[]", "[1,2]", "{}", "{\"$gt\":\"\"}",
            "[null]", "[\"a\"]", "{\"a\":{\"b\":{}}}", "\"\"", "+1", "00012", ".5", "5.", "0x10", "NaN", "Infinity",
            "-Infinity", "1_000", "'single'", "undefined", "tru", "nul", "1e", "--1", "\"\\x41\"", "\"\\u12\"", "\"\\ud800\"",
            "\"\\u0000\"", "9".repeat(70), "[" + "1,".repeat(2_000) + "1]", "\"\\uDBFF\\uDFFF\"");

    static final List<String> WRONG_TYPE = List.of(
            "0", "1", "-1", "1.5", "true", "false", "[]", "{}", "[\"x\"]", "{\"x\":1}", "1e400", "99999999999999999999.99");

    private static String generatedJson(Random r) {
        int depth = r.nextInt(4);
        return value(r, depth);
    }

    private static String value(Random r, int depth) {
        int t = depth == 0 ? r.nextInt(4) : r.nextInt(6);
        return switch (t) {
            case 0 -> str(pick(r, HOSTILE_TEXT));
            case 1 -> pick(r, WRONG_TYPE);
            case 2 -> "null";
            case 3 -> String.valueOf(r.nextLong());
            case 4 -> {
                StringBuilder b = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? "," : "").append(value(r, depth - 1));
                }
                yield b.append(']').toString();
            }
            default -> {
                StringBuilder b = new StringBuilder("{");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? "," : "").append(str("k" + i)).append(':').append(value(r, depth - 1));
                }
                yield b.append('}').toString();
            }
        };
    }

    // ------------------------------------------------------------------ helpers

    /** A JSON string literal; controls, non-ASCII line separators and every surrogate are \\u-escaped. */
    static String str(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String decodeKey(String key) {
        String inner = key.substring(1, key.length() - 1);
        return inner.replace("\\u0000", "\u0000");
    }

    private String freshCreditCode(Random r) {
        return CheckCharacters.completeCreditCode("9153" + digits(r, 13));
    }

    private static String digits(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('0' + r.nextInt(10)));
        }
        return b.toString();
    }

    private static String pickName(Draft d, String... names) {
        return names[d.r.nextInt(names.length)];
    }

    @SafeVarargs
    private static <T> T pick(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }

    private static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

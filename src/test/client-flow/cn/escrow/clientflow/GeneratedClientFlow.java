package cn.escrow.clientflow;

import cn.escrow.client.ApiClient;
import cn.escrow.client.ApiException;
import cn.escrow.client.api.BankPushesApi;
import cn.escrow.client.api.MachineClientsApi;
import cn.escrow.client.api.PeopleApi;
import cn.escrow.client.api.RegistryApi;
import cn.escrow.client.model.AccountTransactionPush;
import cn.escrow.client.model.AccountView;
import cn.escrow.client.model.ClientKind;
import cn.escrow.client.model.ClientView;
import cn.escrow.client.model.ContractView;
import cn.escrow.client.model.CreateClient;
import cn.escrow.client.model.CreateEnterprise;
import cn.escrow.client.model.CreateProject;
import cn.escrow.client.model.CreateUser;
import cn.escrow.client.model.Direction;
import cn.escrow.client.model.EnterpriseView;
import cn.escrow.client.model.FileContract;
import cn.escrow.client.model.LoanType;
import cn.escrow.client.model.OpenAccount;
import cn.escrow.client.model.Problem;
import cn.escrow.client.model.ProjectView;
import cn.escrow.client.model.Purpose;
import cn.escrow.client.model.TransactionView;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A bank integrator's flow, written against the Java client that openapi-generator makes from the live
 * OpenAPI document: a supervisor registers an enterprise, a project, its supervised account and a
 * contract; a bank pushes a down payment, signed in a request interceptor; the balance is read back; a
 * bad credit code comes back as a typed Problem. GeneratedClientTest generates the client, compiles this
 * file with it and runs it; this folder is not a Maven source root, because the client exists only then.
 */
public final class GeneratedClientFlow {

    private GeneratedClientFlow() {
    }

    /** Runs the flow; returns what each step answered, for the test to check. */
    public static Map<String, Object> run(String baseUri, String adminPassword, long seq, String creditCode, String residentId)
            throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        ApiClient admin = person(baseUri, "admin", adminPassword);
        String supervisorName = "client-flow-" + seq;
        String supervisorPassword = "Generated-Client-2026!";
        new PeopleApi(admin).createUser(new CreateUser().username(supervisorName).password(supervisorPassword)
                .roles(List.of("SUPERVISOR")));
        RegistryApi registry = new RegistryApi(person(baseUri, supervisorName, supervisorPassword));

        EnterpriseView enterprise = registry.createEnterprise(new CreateEnterprise().name("契约置业有限公司" + seq).creditCode(creditCode));
        ProjectView project = registry.createProject(new CreateProject().enterpriseId(enterprise.getId()).name("契约花园" + seq)
                .presalePermitNo("契预许字第" + seq + "号"));
        String bankCode = "GC" + (seq % 100_000);
        String accountNo = "6217" + String.format("%012d", seq % 1_000_000_000_000L);
        AccountView opened = registry.openSupervisedAccount(project.getId(), new OpenAccount().bankCode(bankCode).accountNo(accountNo)
                .accountName(enterprise.getName() + project.getName() + "预售资金监管专户"));
        ContractView contract = registry.fileContract(new FileContract().projectId(project.getId()).contractNo("GC-" + seq)
                .unitNo("1栋101").buyerName("赵六").buyerIdNo(residentId).totalPrice("1000000.00").downPayment("300000.00")
                .loanAmount("700000.00").loanType(LoanType.COMMERCIAL), null, null);
        out.put("enterpriseId", enterprise.getId());
        out.put("projectId", project.getId());
        out.put("openedBalance", opened.getBalance());
        out.put("contractStatus", contract.getStatus().getValue());
        out.put("maskedBuyerIdNo", contract.getBuyerIdNo());

        ClientView bank = new MachineClientsApi(admin).createClient(new CreateClient().clientId("bank-gc-" + seq)
                .name("契约测试银行").kind(ClientKind.BANK).bankCode(bankCode));
        BankPushesApi pushes = new BankPushesApi(signed(baseUri, bank.getSecret()));
        TransactionView deposit = pushes.pushAccountTransaction(bank.getClientId(), String.valueOf(Instant.now().getEpochSecond()),
                new AccountTransactionPush().serialNo("GC-TX-" + seq).accountNo(accountNo).direction(Direction.CREDIT)
                        .amount("300000.00").purpose(Purpose.DOWN_PAYMENT).bookedAt(OffsetDateTime.parse("2026-11-02T09:30:00+08:00"))
                        .contractNo(contract.getContractNo()).counterpartyName("赵六"));
        out.put("balanceAfter", deposit.getBalanceAfter());
        out.put("balance", registry.getSupervisedAccount(project.getId()).getBalance());

        try {
            // A wrong check character: never the right one, which would make this a duplicate (409) one run in 31.
            String wrongCheck = creditCode.charAt(17) == '0' ? "1" : "0";
            registry.createEnterprise(new CreateEnterprise().name("校验码错误置业有限公司").creditCode(creditCode.substring(0, 17) + wrongCheck));
            out.put("problemType", "none: the bad credit code was accepted");
        } catch (ApiException e) {
            Problem problem = admin.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
            out.put("problemStatus", e.getCode());
            out.put("problemType", problem.getType());
            out.put("violationField", problem.getViolations().get(0).getField());
        }
        return out;
    }

    /** A client for a person: HTTP Basic on every request. */
    private static ApiClient person(String baseUri, String username, String password) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUri);
        String basic = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        client.setRequestInterceptor(request -> request.header("Authorization", "Basic " + basic));
        return client;
    }

    /**
     * A client for a bank: signs every request in an interceptor, over the bytes the client really sends.
     * The generated methods set X-Client-Id and X-Timestamp; the key is the secret string's UTF-8 bytes.
     */
    private static ApiClient signed(String baseUri, String secret) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUri);
        client.setRequestInterceptor(builder -> {
            HttpRequest request = builder.build();
            URI uri = request.uri();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            String timestamp = request.headers().firstValue("X-Timestamp").orElseThrow();
            byte[] body = request.bodyPublisher().map(GeneratedClientFlow::bytes).orElse(new byte[0]);
            builder.setHeader("X-Signature", "v1=" + hmac(secret, timestamp + "\n" + request.method() + "\n" + target + "\n", body));
        });
        return client;
    }

    private static String hmac(String secret, String head, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(head.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes a body publisher will send. */
    private static byte[] bytes(HttpRequest.BodyPublisher publisher) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                out.writeBytes(chunk);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(out.toByteArray());
            }
        });
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the request body to sign it", e);
        }
    }
}

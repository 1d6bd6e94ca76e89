package cn.escrow.clients;

import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.support.Api;
import cn.escrow.support.SignedClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The integrators' example, scripts/signed-push.sh (curl + openssl), must keep working against the real service. */
@QuarkusTest
class SignedPushScriptTest {

    @TestHTTPResource("/")
    URL base;

    String run(String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = "scripts/signed-push.sh";
        System.arraycopy(args, 0, command, 2, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldPushWithTheCurlAndOpensslExample() throws Exception {
        String bankCode = "E" + (Api.next() % 100000);
        Api.Fixture fx = Api.project(bankCode);
        SignedClient bank = SignedClient.bank(bankCode);
        Path body = Files.createTempFile("push", ".json");
        Files.writeString(body, """
                {"serialNo":"EX-%d","accountNo":"%s","direction":"CREDIT","amount":"88.80","purpose":"DEPOSIT",
                 "bookedAt":"2026-11-02T09:30:00+08:00","counterpartyName":"王五"}""".formatted(Api.next(), fx.accountNo()));
        String url = base.toString().replaceAll("/$", "");

        String out = run(url, bank.clientId, bank.secret, "POST", "/api/v1/bank/account-transactions", body.toString());
        assertThat(out).contains("HTTP 201").contains("\"balanceAfter\":\"88.80\"");
        assertThat(run(url, bank.clientId, bank.secret, "POST", "/api/v1/bank/account-transactions", body.toString()))
                .contains("HTTP 200");
        assertThat(run(url, bank.clientId, "0".repeat(64), "POST", "/api/v1/bank/account-transactions", body.toString()))
                .contains("HTTP 401");

        SignedClient signing = SignedClient.signingSystem();
        assertThat(run(url, signing.clientId, signing.secret, "GET", "/api/v1/projects/" + fx.projectId() + "/signing-status"))
                .contains("HTTP 200").contains("\"enabled\":true");
    }
}

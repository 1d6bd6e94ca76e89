package cn.escrow.clients;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import cn.escrow.support.Api;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The signing test vector of docs/api.md is what the service computes, the key is the secret string's
 * UTF-8 bytes (a hex-decoded key is refused), and an operator can read why a signed request got 401.
 */
@QuarkusTest
class SignatureVectorTest {

    @Test
    void shouldComputeTheDocumentedTestVector() throws Exception {
        Map<String, String> v = vector();
        assertThat(v).containsKeys("secret", "timestamp", "method", "target", "body", "signature", "hex-decoded key gives");
        String computed = "v1=" + SignatureVerifier.sign(v.get("secret").getBytes(StandardCharsets.UTF_8), v.get("timestamp"),
                v.get("method"), v.get("target"), v.get("body").getBytes(StandardCharsets.UTF_8));
        assertThat(computed).isEqualTo(v.get("signature"));
        assertThat("v1=" + hmac(v.get("secret").getBytes(StandardCharsets.UTF_8), v)).isEqualTo(v.get("signature"));
        assertThat("v1=" + hmac(HexFormat.of().parseHex(v.get("secret")), v)).isEqualTo(v.get("hex-decoded key gives"))
                .isNotEqualTo(v.get("signature"));
    }

    @Test
    void shouldAcceptTheSecretsBytesRefuseAHexDecodedKeyAndCountWhy() throws Exception {
        String bankCode = "V" + (Api.next() % 100000);
        Api.Fixture fx = Api.project(bankCode);
        SignedClient bank = SignedClient.bank(bankCode);
        String target = "/api/v1/bank/account-transactions";
        String body = """
                {"serialNo":"VEC-%d","accountNo":"%s","direction":"CREDIT","amount":"880000.00","purpose":"DOWN_PAYMENT",\
                "bookedAt":"2026-11-01T10:00:00+08:00"}""".formatted(Api.next(), fx.accountNo());
        double mismatches = rejections("signature-mismatch");
        double stale = rejections("stale-timestamp");

        long now = Instant.now().getEpochSecond();
        Map<String, String> request = Map.of("timestamp", String.valueOf(now), "method", "POST", "target", target, "body", body);
        assertThat(push(bank.clientId, now, "v1=" + hmac(HexFormat.of().parseHex(bank.secret), request), body).statusCode())
                .isEqualTo(401);
        assertThat(push(bank.clientId, now - 301, "v1=" + hmac(bank.secret.getBytes(StandardCharsets.UTF_8),
                Map.of("timestamp", String.valueOf(now - 301), "method", "POST", "target", target, "body", body)), body).statusCode())
                .isEqualTo(401);
        assertThat(push(bank.clientId, now, "v1=" + hmac(bank.secret.getBytes(StandardCharsets.UTF_8), request), body).statusCode())
                .isEqualTo(201);

        assertThat(rejections("signature-mismatch")).isEqualTo(mismatches + 1);
        assertThat(rejections("stale-timestamp")).isEqualTo(stale + 1);
    }

    private static Response push(String clientId, long timestamp, String signature, String body) {
        return given().contentType(ContentType.JSON).header("X-Client-Id", clientId).header("X-Timestamp", String.valueOf(timestamp))
                .header("X-Signature", signature).body(body.getBytes(StandardCharsets.UTF_8)).post("/api/v1/bank/account-transactions");
    }

    /** escrow_signature_rejections_total for one reason, from the Prometheus endpoint (0 before the first). */
    private static double rejections(String reason) {
        String metrics = Api.admin().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^escrow_signature_rejections_total\\{reason=\"" + reason + "\"} ([0-9.E]+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    /** An integrator's own HMAC, independent of the service's code. */
    private static String hmac(byte[] key, Map<String, String> v) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String toSign = v.get("timestamp") + "\n" + v.get("method") + "\n" + v.get("target") + "\n" + v.get("body");
        return HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    }

    /** The "name: value" lines of the test-vector block in docs/api.md. */
    private static Map<String, String> vector() throws Exception {
        String doc = Files.readString(Path.of("docs/api.md"));
        int start = doc.indexOf("```text", doc.indexOf("### Test vector"));
        String block = doc.substring(start + 7, doc.indexOf("```", start + 7));
        Map<String, String> v = new HashMap<>();
        for (String line : block.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                v.put(line.substring(0, colon).trim(), line.substring(colon + 2));
            }
        }
        return v;
    }
}

package cn.escrow.support;

import static io.restassured.RestAssured.given;

import cn.escrow.clients.SignatureVerifier;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/** A machine client registered through the admin API, sending requests signed as the interface says. */
public final class SignedClient {

    public final String clientId;
    public String secret;
    /** Shift of the signing clock, to match a service started with escrow.clock.offset. */
    public long clockShiftSeconds;

    private SignedClient(String clientId, String secret) {
        this.clientId = clientId;
        this.secret = secret;
    }

    public static SignedClient bank(String bankCode) {
        return register("BANK", bankCode);
    }

    public static SignedClient signingSystem() {
        return register("SIGNING_SYSTEM", null);
    }

    /** A housing provident fund centre (公积金中心), which lends provident fund loans under its institution code. */
    public static SignedClient fundCentre(String institutionCode) {
        return register("PROVIDENT_FUND_CENTER", institutionCode);
    }

    private static SignedClient register(String kind, String bankCode) {
        String clientId = kind.toLowerCase().replace('_', '-') + "-" + Api.next();
        Map<String, Object> body = bankCode == null
                ? Map.of("clientId", clientId, "name", "客户端 " + clientId, "kind", kind)
                : Map.of("clientId", clientId, "name", "贷款机构 " + bankCode, "kind", kind, "bankCode", bankCode);
        String secret = Api.admin().body(body).post("/api/v1/clients").then().statusCode(201)
                .extract().jsonPath().getString("secret");
        return new SignedClient(clientId, secret);
    }

    public long now() {
        return Instant.now().getEpochSecond() + clockShiftSeconds;
    }

    public static String signature(String secret, long timestamp, String method, String target, String body) {
        return "v1=" + SignatureVerifier.sign(secret.getBytes(StandardCharsets.UTF_8), String.valueOf(timestamp), method, target,
                body.getBytes(StandardCharsets.UTF_8));
    }

    public Response post(String path, String body) {
        long ts = now();
        return given().contentType(ContentType.JSON)
                .header("X-Client-Id", clientId)
                .header("X-Timestamp", String.valueOf(ts))
                .header("X-Signature", signature(secret, ts, "POST", path, body))
                .body(body.getBytes(StandardCharsets.UTF_8))
                .post(path);
    }

    public Response get(String path) {
        long ts = now();
        return given()
                .header("X-Client-Id", clientId)
                .header("X-Timestamp", String.valueOf(ts))
                .header("X-Signature", signature(secret, ts, "GET", path, ""))
                .urlEncodingEnabled(false)
                .get(path);
    }
}

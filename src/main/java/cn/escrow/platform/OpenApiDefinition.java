package cn.escrow.platform;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;

/** The API description: title and the two ways to authenticate (people: Basic; machine clients: signature). */
@OpenAPIDefinition(info = @Info(title = "Presale escrow fund monitoring service", version = "1",
        description = "Supervised accounts of presale housing projects: bank pushes, balances, the 30-day loan-arrival rule "
                + "and online-signing control. Money is a string with 2 decimals; times are ISO-8601 with offset; errors are "
                + "application/problem+json."))
@SecuritySchemes({
    @SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
            description = "People (bureau and enterprise staff): HTTP Basic over TLS."),
    @SecurityScheme(securitySchemeName = "clientSignature", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
            apiKeyName = "X-Signature",
            description = "Machine clients (banks, the online signing system) send three headers: X-Client-Id (the client id), "
                    + "X-Timestamp (Unix epoch seconds, within 300 s of the service clock) and X-Signature = \"v1=\" + lowercase hex "
                    + "of HMAC-SHA256(secret, timestamp + \"\\n\" + METHOD + \"\\n\" + request-target + \"\\n\" + raw body), where "
                    + "request-target is the path with its query string exactly as sent and the body is empty for GET. "
                    + "Any failure answers 401 unauthenticated with the same body.")
})
public class OpenApiDefinition extends Application {
}

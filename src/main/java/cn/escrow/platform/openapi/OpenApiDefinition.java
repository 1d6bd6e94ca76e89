package cn.escrow.platform.openapi;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.security.SecuritySchemes;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The API description: title, server, the tags with what each covers, and the two ways to authenticate
 * (people: Basic; machine clients: signature). The filters beside it add what every operation shares.
 */
@OpenAPIDefinition(info = @Info(title = "Presale escrow fund monitoring service", version = "1.1",
        description = "Supervised accounts of presale housing projects: bank pushes, balances, the 30-day loan-arrival rule "
                + "and online-signing control. Money is a JSON string with 2 decimals; times are ISO-8601 with an offset "
                + "(+08:00); every error is application/problem+json. docs/api.md in the repository explains signing "
                + "(with a test vector), idempotency and retries."),
        servers = @Server(url = "/", description = "The service that serves this document"),
        tags = {
            @Tag(name = "Early warning", description = "Project risk from the facts the service holds: levels, factors and their "
                    + "evidence, the risk board of a division, level changes over time"),
            @Tag(name = "Registry", description = "Enterprises (developers), projects, their supervised accounts and filed "
                    + "purchase contracts."),
            @Tag(name = "Bank pushes", description = "Signed callbacks from banks: loan disbursements, account transactions, "
                    + "court actions and end-of-day balances. Idempotent by serial number."),
            @Tag(name = "Account activity", description = "Supervised accounts' balances, transactions and loan disbursements "
                    + "as the service has recorded them."),
            @Tag(name = "Online signing control", description = "The 30-day loan-arrival rule: overdue sweeps, the signing "
                    + "status the signing system asks for, and manual signing locks."),
            @Tag(name = "Judicial actions", description = "Court freezes and deductions on supervised accounts, and the "
                    + "bureau's consents to deductions."),
            @Tag(name = "Reconciliation", description = "The banks' end-of-day figures against the service's own ledger."),
            @Tag(name = "Alerts", description = "What needs a supervisor's attention: unexplained debits, court actions, "
                    + "balance mismatches, key-amount shortfalls."),
            @Tag(name = "Key supervised amount", description = "A project's key supervised amount and its money position."),
            @Tag(name = "Releases", description = "Releases of supervised money by construction node: the node table, "
                    + "applications, their attachments and the supervisor's decisions (four eyes)."),
            @Tag(name = "Payees", description = "A project's registered payees, proposed by its developer or the bureau and "
                    + "approved by another supervisor; releases pay only approved ones."),
            @Tag(name = "Refunds", description = "Applications to pay a cancelled contract's refund from key money; the "
                    + "approval lowers the key amount (four eyes)."),
            @Tag(name = "Supervision lifecycle", description = "A project's supervised life: the three-party agreement, the "
                    + "bank's confirmation of the account, account changes, completion filing, first registration and the end of "
                    + "supervision."),
            @Tag(name = "Collection", description = "Money in before filing: payment notices (缴款通知书) and the bank's check of "
                    + "one, collection per contract and project, unattributed credits (不明入账) and their attribution."),
            @Tag(name = "Reports", description = "Weekly, half-monthly and monthly reports, and their published snapshots."),
            @Tag(name = "Oversight", description = "Spot checks, rectification notices and the enterprise blacklist."),
            @Tag(name = "Buyer self-check", description = "Buyers look up their own contract's payments without logging in."),
            @Tag(name = "Audit", description = "The audit trail of every registry write, push, money decision and security event."),
            @Tag(name = "Machine clients", description = "Banks and the online signing system as signed machine clients: "
                    + "registration, secret rotation, enabling."),
            @Tag(name = "People", description = "Staff accounts and their roles."),
        })
@SecuritySchemes({
    @SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic",
            description = "People (bureau and enterprise staff): HTTP Basic over TLS."),
    @SecurityScheme(securitySchemeName = "clientSignature", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
            apiKeyName = "X-Signature",
            description = "Machine clients (banks, the online signing system) send three headers: X-Client-Id (the client id), "
                    + "X-Timestamp (Unix epoch seconds, within 300 s of the service clock) and X-Signature = \"v1=\" + lowercase hex "
                    + "of HMAC-SHA256(key, timestamp + \"\\n\" + METHOD + \"\\n\" + request-target + \"\\n\" + raw body). The key is "
                    + "the secret string's UTF-8 bytes as issued (not hex-decoded); request-target is the path with its query "
                    + "string exactly as sent; the body is empty for GET. Any failure answers 401 unauthenticated with the same "
                    + "body. docs/api.md has a test vector.")
})
public class OpenApiDefinition extends Application {
}

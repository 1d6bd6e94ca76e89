package cn.escrow.platform;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Typed configuration of the service: every {@code escrow.*} property, with its default. */
@ConfigMapping(prefix = "escrow")
public interface EscrowConfig {

    /** Zone of the service: response times, push dates and the sweep cron are read in it. */
    @WithDefault("Asia/Shanghai")
    ZoneId zone();

    /** The clock. */
    Clock clock();

    /** The embedded PostgreSQL started when no datasource URL is configured. */
    EmbeddedDb embeddedDb();

    /** The first administrator. */
    Bootstrap bootstrap();

    /** How machine-client secrets are kept. */
    Secrets secrets();

    /** The request signature of machine clients. */
    Signature signature();

    /** Group commit of bank pushes (see cn.escrow.bank.PushCommitter). */
    BankPush bankPush();

    /** The loan-arrival deadline (the 30-day rule). */
    LoanArrival loanArrival();

    /** The overdue sweep. */
    OverdueSweep overdueSweep();

    /** Online signing control. */
    Signing signing();

    /** The outbound webhook that delivers signing events to the signing system (cn.escrow.signing.webhook). */
    SigningWebhook signingWebhook();

    /** Paged lists. */
    Paging paging();

    /** Periodic reports. */
    Reports reports();

    /** How the key supervised amount is proposed (domain notes section 3; numbers differ by city). */
    KeyAmount keyAmount();

    /** Administrative divisions (GB/T 2260) of projects and people. */
    Divisions divisions();

    /** Early warning: the risk of each project, its weights, thresholds and job. */
    Risk risk();

    /** The demonstration data set (dev profile only). */
    DemoData demoData();

    /** The rectification sweep: overdue notices blacklist their enterprise. */
    RectificationSweep rectificationSweep();

    /** The audit trail's hash chain. */
    Audit audit();

    /** Rate limits of the buyers' self-check (no login), counted in the database so every instance shares them. */
    BuyerLookup buyerLookup();

    /** People's logins: lockout after failed attempts, and how often they are written down. */
    Login login();

    /** Password hashing. */
    Security security();

    /** HTTP rules: cross-site writes, security headers, Location headers, trusted reverse proxies. */
    Http http();

    /** Release controls (issue 17): payment deadline, blacklist effect, payees' spending categories, attachments. */
    Releases releases();

    /** Bank guarantees (保函) that replace part of the key amount. */
    Guarantees guarantees();

    /** End-of-day reconciliation (issue 17). */
    Reconciliation reconciliation();

    /** Contract filing rules (issue 18). */
    Filing filing();

    /** Collection of buyers' money: payment notices and their alert (issue 18). */
    Collection collection();

    interface Filing {
        /** Whether a new contract waits as PENDING_FUNDS until its down payment has reached the account (Kunming 2020); off keeps v1 filing. */
        @WithDefault("false")
        boolean requireDownPayment();
    }

    interface Collection {
        /** Days after issue by which a DOWN_PAYMENT notice must be paid, else one DOWN_PAYMENT_NOT_COLLECTED alert. */
        @WithDefault("15")
        int downPaymentDays();

        /** Cron of the sweep that raises DOWN_PAYMENT_NOT_COLLECTED, in {@link EscrowConfig#zone()}; {@code off} turns it off. */
        @WithDefault("0 30 * * * ?")
        String cron();
    }

    interface Reconciliation {
        /**
         * When the day's statements are due: at this cron time (service zone) every supervised account without a
         * statement for the previous day gets a STATEMENT_MISSING alert. Default 10:00 the next day.
         */
        @WithDefault("0 0 10 * * ?")
        String statementMissingCron();
    }

    interface Releases {
        /** How long the bank has to pay an approved release before a RELEASE_NOT_PAID alert (Lhasa, Tongguan: 2-3 working days). */
        @WithDefault("P3D")
        Duration payDeadline();

        /** Cron of the sweep that raises RELEASE_NOT_PAID for approved releases past their deadline, in {@link EscrowConfig#zone()}. */
        @WithDefault("0 */15 * * * ?")
        String notPaidCron();

        /** Whether a release of a blacklisted developer's project needs a second supervisor's approval (instead of being refused). */
        @WithDefault("true")
        boolean blacklistSecondApprover();

        /** Whether a release must pay an APPROVED registered payee of its project (Tongguan release form). */
        @WithDefault("true")
        boolean requireRegisteredPayee();

        /** The spending categories a release may name (key money pays for construction only). */
        @WithDefault("CONSTRUCTION_PROGRESS,MATERIALS,EQUIPMENT,DESIGN_SUPERVISION,TAXES_AND_FEES")
        java.util.List<String> spendingCategories();

        /** Categories refused with 422 whatever else is configured (Henan: never loan interest, land, fines, marketing, wages). */
        @WithDefault("LOAN_INTEREST,LAND,FINES,MARKETING,WAGES")
        java.util.List<String> bannedCategories();

        /** Largest attachment (PDF, JPEG, PNG) of a release application; its upload has this body limit instead of max-body-size. */
        @WithDefault("5M")
        @WithConverter(MemorySizeConverter.class)
        MemorySize attachmentMaxSize();
    }

    interface Guarantees {
        /** The largest share of the key amount, in percent, that guarantees may replace in all (November 2022 circular: 30). */
        @WithDefault("30")
        java.math.BigDecimal maxSharePercent();

        /** A guarantee ending within this raises one GUARANTEE_EXPIRING alert (raised by the guarantee sweep). */
        @WithDefault("P30D")
        Duration warnBefore();

        /** Cron of the sweep that expires guarantees past their end date and warns before, in {@link EscrowConfig#zone()}; {@code off} turns it off. */
        @WithDefault("0 10 0 * * ?")
        String cron();
    }

    interface Clock {
        /** Shift of "now" for drills and tests (ISO-8601 duration, e.g. P31D). */
        @WithDefault("PT0S")
        Duration offset();
    }

    interface EmbeddedDb {
        /** Data directory of the embedded PostgreSQL; it survives restarts. */
        @WithDefault("./data/postgres")
        String dir();

        /** Port of the embedded PostgreSQL; 0 picks a free one. */
        @WithDefault("0")
        int port();

        /**
         * Where the embedded PostgreSQL's binaries are unpacked, a directory only the service's user may enter
         * (mode 700); default {@code postgres-binaries} next to {@link #dir()}.
         */
        Optional<String> binariesDir();
    }

    interface Bootstrap {
        /** Password of the {@code admin} user created at first start; random (and logged once) if unset. */
        Optional<String> adminPassword();
    }

    interface Secrets {
        /**
         * AES-256 key (base64 of 32 bytes) that encrypts stored client secrets, so that a database
         * leak alone does not reveal them. Set it in production (env ESCROW_SECRETS_ENCRYPTION_KEY).
         */
        Optional<String> encryptionKey();

        /** Where a generated key is kept when {@code encryption-key} is not set (created on first start, mode 600). */
        @WithDefault("./data/client-secrets.key")
        String keyFile();
    }

    interface Signature {
        /** Largest allowed distance between X-Timestamp and the service clock. */
        @WithDefault("PT300S")
        Duration maxSkew();

        /** How long a rotated-out secret keeps verifying. */
        @WithDefault("PT24H")
        Duration previousSecretValidity();

        /**
         * How long a client's credentials, once read, are kept in memory for the signature check. A change
         * made through this instance applies at once; one made through another instance, within this time.
         */
        @WithDefault("PT5S")
        Duration clientCacheTtl();
    }

    interface BankPush {
        /** Writer threads, each running one batch (one transaction) at a time. */
        @WithDefault("2")
        int writers();

        /** Most pushes committed together in one transaction. */
        @WithDefault("64")
        int maxBatch();

        /** Most pushes waiting for a writer; beyond it a push is answered 503 with Retry-After at once. */
        @WithDefault("2000")
        int maxQueued();

        /** How long a caller waits for its commit before it is answered 503 (a retry is then answered as a replay). */
        @WithDefault("PT20S")
        Duration maxWait();
    }

    interface LoanArrival {
        /** Days after the push date by whose end the loan money must be in the supervised account. */
        @WithDefault("30")
        int deadlineDays();

        /**
         * How long after a notice's due time the sweep waits before marking it overdue, so that a bank's
         * report of money booked in time (T+1 batches) can still arrive; lateness itself goes by booking time.
         */
        @WithDefault("PT0S")
        Duration reportingGrace();

        /** A notice still awaiting funds this close to its due time raises one LOAN_DUE_SOON alert. */
        @WithDefault("P5D")
        Duration warnBefore();

        /** A notice pushed more than this after its disbursement raises one LATE_LOAN_NOTICE alert (the 30-day clock starts late). */
        @WithDefault("P3D")
        Duration noticeLagAlert();
    }

    interface OverdueSweep {
        /** Cron of the scheduled sweep, in {@link EscrowConfig#zone()}. */
        @WithDefault("0 */10 * * * ?")
        String cron();

        /** Disbursements marked per statement; a sweep repeats while a batch comes back full. */
        @WithDefault("10000")
        int batchSize();
    }

    interface Signing {
        /** Re-enable signing in the same transaction as the credit that settles, or the withdrawal that ends, the last overdue notice. */
        @WithDefault("true")
        boolean autoReenable();
    }

    interface SigningWebhook {
        /** Where each signing event is POSTed, one at a time and in order (absolute http or https URL); unset: no webhook. */
        Optional<String> url();

        /** The SIGNING_SYSTEM client whose current secret signs each delivery (sent as X-Client-Id); required with url. */
        Optional<String> clientId();

        /** How often each instance looks for undelivered events and refreshes the delivery-lag metrics (at least PT1S). */
        @WithDefault("PT1S")
        Duration pollInterval();

        /** Longest wait to connect to the receiver, and again for its answer (at most PT30S). */
        @WithDefault("PT10S")
        Duration timeout();

        /** Wait before the first retry of a failed delivery; doubled after each further failure. */
        @WithDefault("PT1S")
        Duration initialBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("PT5M")
        Duration maxBackoff();
    }

    interface Paging {
        /** Page size when none is asked for. */
        @WithDefault("20")
        int defaultSize();

        /** Largest page size a caller may ask for. */
        @WithDefault("200")
        int maxSize();
    }

    interface DemoData {
        /** Create one enterprise, project, supervised account and three contracts at start when the registry is empty. */
        @WithDefault("false")
        boolean enabled();
    }

    interface Reports {
        /** Cron of the publication of closed periods' reports, in {@link EscrowConfig#zone()}. */
        @WithDefault("0 30 0 * * ?")
        String cron();
    }

    interface KeyAmount {
        /** PER_AREA (rate per m² by fit-out, or a share of the price above a threshold) or PRESALE_INCOME_SHARE. */
        @WithDefault("PER_AREA")
        Formula formula();

        /** CNY per m² of floor area for shell (unfinished) flats (Xi'an: 3800). */
        @WithDefault("3800")
        java.math.BigDecimal shellRate();

        /** CNY per m² for fitted flats (Xi'an: 5500). */
        @WithDefault("5500")
        java.math.BigDecimal fittedRate();

        /** Average price per m² from which the share of the price applies instead of the rate (Xi'an: 20000). */
        @WithDefault("20000")
        java.math.BigDecimal priceThreshold();

        /** Percent of average price × area for shell flats above the threshold (Xi'an: 20). */
        @WithDefault("20")
        java.math.BigDecimal highPriceShellPercent();

        /** Percent of average price × area for fitted flats above the threshold (Xi'an: 30). */
        @WithDefault("30")
        java.math.BigDecimal highPriceFittedPercent();

        /** Percent of total presale income (filed contracts' prices) for PRESALE_INCOME_SHARE (Tongguan: 10). */
        @WithDefault("10")
        java.math.BigDecimal presaleIncomePercent();

        /** Key percentage for developers graded A, well graded (Kunming 2020: 25); proposals scale by it over grade B's. */
        @WithDefault("25")
        java.math.BigDecimal gradeAPercent();

        /** Key percentage for grade B, the standard (Kunming 2020: 30): the formulas above are for it. */
        @WithDefault("30")
        java.math.BigDecimal gradeBPercent();

        /** Key percentage for grade C, after a bad record (blacklisting, failed spot check; Kunming 2020: back to 30). */
        @WithDefault("30")
        java.math.BigDecimal gradeCPercent();

        enum Formula { PER_AREA, PRESALE_INCOME_SHARE }
    }

    interface RectificationSweep {
        /** Cron of the scheduled rectification sweep, in {@link EscrowConfig#zone()}. */
        @WithDefault("0 */10 * * * ?")
        String cron();
    }

    interface Audit {
        /** How often newly written audit events are appended to the hash chain ({@code off} stops it; a verification still seals). */
        @WithDefault("1s")
        String sealInterval();
    }

    interface BuyerLookup {
        /** Wrong guesses (wrong ID characters or unknown contract) per contract number that cost no waiting. */
        @WithDefault("3")
        int freeFailuresPerContract();

        /** Wait after the first wrong guess beyond the free ones; it doubles with each further one. */
        @WithDefault("PT2S")
        Duration firstDelay();

        /** Longest wait between guesses on one contract number. */
        @WithDefault("PT15M")
        Duration maxDelay();

        /** A contract number's wrong guesses are forgotten after this long without a new one. */
        @WithDefault("P1D")
        Duration failureMemory();

        /** Requests allowed per client address in one window, whatever their outcome. */
        @WithDefault("30")
        int maxRequestsPerAddress();

        /** Length of the per-address window. */
        @WithDefault("PT1M")
        Duration addressWindow();
    }

    interface Login {
        /** Failed logins in a row after which a username is refused (even with the right password). */
        @WithDefault("5")
        int maxFailures();

        /** How long a username stays refused after {@code max-failures} failed logins in a row. */
        @WithDefault("PT15M")
        Duration lockout();

        /**
         * How old {@code lastLoginAt} may get before a successful login writes it again: a Basic request is a login, and
         * a write per request would cost more than the request.
         */
        @WithDefault("PT5M")
        Duration lastLoginPrecision();

        /** Log lines about failed logins and refused cross-site requests per minute at most; the rest are counted. */
        @WithDefault("60")
        int logLinesPerMinute();
    }

    interface Security {
        /** bcrypt cost (log2 of the rounds) of new password hashes; stored hashes verify whatever cost made them. */
        @WithDefault("10")
        int bcryptCost();
    }

    interface Http {
        /**
         * Origins (scheme://host[:port]) from which a browser may send Basic-authenticated POST, PUT and DELETE
         * requests; any other Origin is refused. Empty by default.
         */
        Optional<List<String>> allowedOrigins();

        /**
         * Largest request body: a larger one is refused with 413 payload-too-large before it is read, whether it
         * announces its length or comes chunked.
         */
        @WithDefault("64K")
        @WithConverter(MemorySizeConverter.class) // named here so that a config built outside Quarkus reads it too
        MemorySize maxBodySize();

        /** Send Strict-Transport-Security on every answer: set it when the service is reached over TLS only. */
        @WithDefault("false")
        boolean hsts();

        /** The max-age of Strict-Transport-Security. */
        @WithDefault("P365D")
        Duration hstsMaxAge();

        /** Scheme and host of Location headers (e.g. https://escrow.example.gov.cn); unset: Location is a path. */
        Optional<String> publicBaseUrl();

        /**
         * Addresses (IP or CIDR) of reverse proxies whose X-Forwarded-For / Forwarded headers name the client;
         * from any other peer these headers are ignored. Empty: none trusted.
         */
        Optional<List<String>> trustedProxies();
    }

    interface Divisions {
        /** The division of a new project that names none, when its creator is not limited to exactly one county. */
        @WithDefault("361002")
        String defaultCode();
    }

    interface Risk {
        /** When the job recomputes every project's risk (Quarkus cron, in escrow.zone; "off" turns it off). */
        @WithDefault("0 */15 * * * ?")
        String cron();

        /** Score from which a project is YELLOW. */
        @WithDefault("20")
        int yellow();

        /** Score from which a project is ORANGE. */
        @WithDefault("40")
        int orange();

        /** Score from which a project is RED. */
        @WithDefault("60")
        int red();

        /** A counted factor (notices, freezes, alerts) scores its weight times at most this many. */
        @WithDefault("3")
        int cap();

        /** LOAN_DUE_SOON: notices awaiting their money due within this time. */
        @WithDefault("P5D")
        java.time.Duration dueSoon();

        /** DEDUCTION: court deductions within this time. */
        @WithDefault("P90D")
        java.time.Duration deductionWindow();

        /** NO_NODE_RELEASE: no release approved (or, without any, the project registered) for this long. */
        @WithDefault("P180D")
        java.time.Duration noReleaseAfter();

        /** SALES_COLLAPSE: only for projects that filed at least this many contracts a month over the six months before. */
        @WithDefault("2")
        java.math.BigDecimal salesMinMonthly();

        /** SALES_COLLAPSE: the last 30 days' filings below this share of the earlier monthly average. */
        @WithDefault("0.3")
        java.math.BigDecimal salesCollapseRatio();

        /** Points of each factor (0 turns a factor off). */
        Weights weights();

        interface Weights {
            /** Per overdue loan notice (signing is disabled). */
            @WithDefault("30")
            int loanOverdue();

            /** Per loan notice due soon whose money has not arrived. */
            @WithDefault("5")
            int loanDueSoon();

            /** The balance is below the remaining key obligation. */
            @WithDefault("30")
            int keyShortfall();

            /** Per open alert of an unexplained or unmatched debit or an unconsented deduction. */
            @WithDefault("20")
            int unexplainedDebits();

            /** Per active court freeze. */
            @WithDefault("25")
            int freeze();

            /** Per court deduction within the deduction window. */
            @WithDefault("10")
            int deduction();

            /** Per open (issued or responded) rectification notice. */
            @WithDefault("10")
            int rectificationOpen();

            /** Per overdue rectification notice. */
            @WithDefault("20")
            int rectificationOverdue();

            /** Filings collapsed against the project's own history. */
            @WithDefault("15")
            int salesCollapse();

            /** No node release for escrow.risk.no-release-after. */
            @WithDefault("10")
            int noNodeRelease();

            /** Per open STATEMENT_MISSING alert. */
            @WithDefault("10")
            int missingStatements();
        }
    }
}

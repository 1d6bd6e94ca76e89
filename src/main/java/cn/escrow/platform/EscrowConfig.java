package cn.escrow.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
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

    /** The loan-arrival deadline (the 30-day rule). */
    LoanArrival loanArrival();

    /** The overdue sweep. */
    OverdueSweep overdueSweep();

    /** Online signing control. */
    Signing signing();

    /** Paged lists. */
    Paging paging();

    /** The demonstration data set (dev profile only). */
    DemoData demoData();

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
    }

    interface LoanArrival {
        /** Days after the push date by whose end the loan money must be in the supervised account. */
        @WithDefault("30")
        int deadlineDays();
    }

    interface OverdueSweep {
        /** Cron of the scheduled sweep, in {@link EscrowConfig#zone()}. */
        @WithDefault("0 */10 * * * ?")
        String cron();
    }

    interface Signing {
        /** Re-enable signing in the same transaction as the credit that settles the last overdue disbursement. */
        @WithDefault("true")
        boolean autoReenable();
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
}

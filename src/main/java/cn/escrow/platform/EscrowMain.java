package cn.escrow.platform;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Entry point: starts an embedded PostgreSQL (data kept in {@code escrow.embedded-db.dir}) when no
 * datasource URL is configured, points Quarkus at it, and stops it when the service stops.
 */
@QuarkusMain
public class EscrowMain {

    private static final Logger LOG = Logger.getLogger(EscrowMain.class);

    public static void main(String... args) throws Exception {
        EmbeddedPostgres embedded = startEmbeddedIfNoUrl();
        try {
            Quarkus.run(Service.class, args);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    static EmbeddedPostgres startEmbeddedIfNoUrl() throws Exception {
        var config = ConfigProvider.getConfig();
        Optional<String> url = config.getOptionalValue("quarkus.datasource.jdbc.url", String.class);
        if (url.isPresent() && !url.get().isBlank()) {
            return null;
        }
        Path dir = Path.of(config.getOptionalValue("escrow.embedded-db.dir", String.class).orElse("./data/postgres"))
                .toAbsolutePath().normalize();
        int port = config.getOptionalValue("escrow.embedded-db.port", Integer.class).orElse(0);
        Files.createDirectories(dir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .setServerConfig("max_connections", "200");
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        String jdbcUrl = pg.getJdbcUrl("postgres", "postgres");
        System.setProperty("quarkus.datasource.jdbc.url", jdbcUrl);
        System.setProperty("quarkus.datasource.username", "postgres");
        System.setProperty("quarkus.datasource.password", "postgres");
        LOG.infof("No datasource URL configured: started embedded PostgreSQL on port %d with data in %s",
                pg.getPort(), dir);
        return pg;
    }

    /** Waits until the service is asked to stop. */
    public static class Service implements QuarkusApplication {
        @Override
        public int run(String... args) {
            Quarkus.waitForExit();
            return 0;
        }
    }
}

package cn.escrow.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts a fresh embedded PostgreSQL for the test run, unless QUARKUS_DATASOURCE_JDBC_URL points
 * the tests at an external server.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedPostgres postgres;

    @Override
    public synchronized Map<String, String> start() {
        String external = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (external != null && !external.isBlank()) {
            return Map.of();
        }
        if (postgres == null) {
            try {
                Path dir = Files.createTempDirectory("escrow-test-pg");
                postgres = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(true)
                        .setServerConfig("max_connections", "200")
                        .setServerConfig("fsync", "off")
                        .start();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start embedded PostgreSQL", e);
            }
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.getJdbcUrl("postgres", "postgres"),
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        // Kept for the whole JVM: every test class shares one database; closed at JVM exit.
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (postgres != null) {
                try {
                    postgres.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }
        }));
    }
}

package cn.escrow.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import cn.escrow.platform.db.ClusterCredentials;
import cn.escrow.platform.db.PrivatePostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts a fresh embedded PostgreSQL for the test run, unless QUARKUS_DATASOURCE_JDBC_URL points
 * the tests at an external server. It is set up as the service sets up its own ({@link PrivatePostgres}):
 * passwords for every connection, the service connecting as the runtime role and Flyway migrating as
 * the owner role. The outage test stops and restarts it on the same port and data.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static PrivatePostgres.Started postgres;
    private static Path dir;
    private static int port;

    /** The data directory of the test run's embedded PostgreSQL (null with an external server). */
    public static synchronized Path dataDirectory() {
        return dir;
    }

    /** Where the tests keep the embedded PostgreSQL's binaries (private to this user, reused by later runs). */
    public static Path binariesDirectory() {
        return Path.of("target", "embedded-pg-binaries").toAbsolutePath();
    }

    public static boolean isExternal() {
        String external = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        return external != null && !external.isBlank();
    }

    @Override
    public synchronized Map<String, String> start() {
        if (isExternal()) {
            return Map.of();
        }
        if (postgres == null) {
            try {
                dir = Files.createTempDirectory("escrow-test-pg");
                postgres = startServer();
                port = postgres.server().getPort();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresResource::shutdown));
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", ClusterCredentials.APP,
                "quarkus.datasource.password", postgres.credentials().appPassword(),
                "quarkus.flyway.username", ClusterCredentials.OWNER,
                "quarkus.flyway.password", postgres.credentials().ownerPassword());
    }

    /** Binaries are kept under target/ (private to this user, reused by later runs); data in a fresh temp directory. */
    private static PrivatePostgres.Started startServer() throws IOException {
        return PrivatePostgres.start(dir, binariesDirectory(), port,
                Map.of("max_connections", "200", "fsync", "off"));
    }

    /** Stops the database server (data kept): the service must answer 503 until it is back. */
    public static synchronized void stopDatabase() throws IOException {
        postgres.server().close();
        postgres = null;
    }

    /** Starts the server again on the same port and data. */
    public static synchronized void startDatabase() throws IOException {
        postgres = startServer();
    }

    /**
     * Called when the application under test stops: at the end of the run, and when a test class with
     * another {@code @TestProfile} restarts it (in a new class loader, so with a database of its own).
     * Stopping here, not only at JVM exit, keeps one PostgreSQL at a time and leaves nothing behind.
     */
    @Override
    public void stop() {
        shutdown();
    }

    private static synchronized void shutdown() {
        try {
            if (postgres != null) {
                postgres.server().close();
            }
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException ignored) {
            // best effort: the run is over for this database
        } finally {
            postgres = null;
            dir = null;
            port = 0;
        }
    }
}

package cn.escrow.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * The one embedded PostgreSQL of this application instance: started on first demand by
 * {@link EmbeddedDatabaseConfigSourceFactory}, stopped by {@link EmbeddedDatabaseShutdown} when the
 * service stops (also on a dev-mode reload) or, as a backstop, by the JVM shutdown hook.
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

    private static EmbeddedPostgres running;
    private static String jdbcUrl;

    private EmbeddedDatabase() {
    }

    /** Starts the server on {@code dir} (created if missing, kept across restarts) unless it runs already. */
    static synchronized String start(Path dir, int port) {
        if (running == null) {
            try {
                Files.createDirectories(dir);
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(false)
                        .setServerConfig("max_connections", "200");
                if (port > 0) {
                    builder.setPort(port);
                }
                running = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
            }
            jdbcUrl = running.getJdbcUrl("postgres", "postgres");
            LOG.infof("No datasource URL configured: started embedded PostgreSQL on port %d with data in %s",
                    running.getPort(), dir);
        }
        return jdbcUrl;
    }

    /** Stops the server if this application instance started one. */
    static synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
            LOG.info("Stopped the embedded PostgreSQL");
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL cleanly", e);
        } finally {
            running = null;
            jdbcUrl = null;
        }
    }
}

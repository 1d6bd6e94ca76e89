package cn.escrow.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The one embedded PostgreSQL of this application instance: started on first demand by
 * {@link EmbeddedDatabaseConfigSourceFactory}, stopped by {@link EmbeddedDatabaseLifecycle} after
 * the service has stopped (also on a dev-mode live reload), or by a JVM shutdown hook when the JVM
 * exits without a Quarkus shutdown (a failed start).
 */
public final class EmbeddedDatabase {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);

    /** How long the JVM shutdown hook lets a started service finish its own shutdown first. */
    private static final long SERVICE_STOP_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private static EmbeddedPostgres running;
    private static String jdbcUrl;
    private static Thread jvmExitHook;
    private static boolean serviceStarted;

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
                        // Our own hook instead: the library's would stop the server while Quarkus
                        // still finishes requests (JVM shutdown hooks run concurrently).
                        .setRegisterShutdownHook(false)
                        .setServerConfig("max_connections", "200")
                        // The library starts PostgreSQL for tests: with -F (fsync off) and
                        // synchronous_commit off. A push is acknowledged only once durably committed,
                        // so both go back on; without them a crash lost acknowledged pushes
                        // (bench/crash-test.sh, docs/reliability.md).
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on");
                if (port > 0) {
                    builder.setPort(port);
                }
                running = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
            }
            jdbcUrl = running.getJdbcUrl("postgres", "postgres");
            serviceStarted = false;
            jvmExitHook = new Thread(EmbeddedDatabase::stopAtJvmExit, "embedded-postgres-stop");
            Runtime.getRuntime().addShutdownHook(jvmExitHook);
            LOG.infof("No datasource URL configured: started embedded PostgreSQL on port %d with data in %s",
                    running.getPort(), dir);
        }
        return jdbcUrl;
    }

    /** The service is up: from now on its own shutdown stops the server. */
    static synchronized void serviceStarted() {
        serviceStarted = true;
    }

    /** Stops the server if this application instance started one (the service has stopped). */
    static synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(jvmExitHook);
        } catch (IllegalStateException jvmIsExiting) {
            // the hook is running or about to, and will find the server stopped
        }
        try {
            running.close();
            LOG.info("Stopped the embedded PostgreSQL");
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL cleanly", e);
        } finally {
            running = null;
            jdbcUrl = null;
            jvmExitHook = null;
            EmbeddedDatabase.class.notifyAll();
        }
    }

    /** JVM exit: waits for a started service to stop (and with it the server), else stops the server itself. */
    private static synchronized void stopAtJvmExit() {
        long deadline = System.currentTimeMillis() + SERVICE_STOP_WAIT_MILLIS;
        long left;
        while (running != null && serviceStarted && (left = deadline - System.currentTimeMillis()) > 0) {
            try {
                EmbeddedDatabase.class.wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stop();
    }
}

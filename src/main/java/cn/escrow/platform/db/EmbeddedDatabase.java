package cn.escrow.platform.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
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

    private static PrivatePostgres.Started running;
    private static Thread jvmExitHook;
    private static boolean serviceStarted;

    private EmbeddedDatabase() {
    }

    /**
     * Starts the server on {@code dir} (created if missing, kept across restarts) with its binaries in
     * {@code binariesDir}, unless it runs already.
     */
    static synchronized PrivatePostgres.Started start(Path dir, Path binariesDir, int port) {
        if (running == null) {
            try {
                running = PrivatePostgres.start(dir, binariesDir, port, Map.of(
                        "max_connections", "200",
                        // The library starts PostgreSQL for tests: with -F (fsync off) and
                        // synchronous_commit off. A push is acknowledged only once durably committed,
                        // so both go back on; without them a crash lost acknowledged pushes
                        // (bench/crash-test.sh, docs/reliability.md).
                        "fsync", "on",
                        "synchronous_commit", "on"));
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
            }
            serviceStarted = false;
            jvmExitHook = new Thread(EmbeddedDatabase::stopAtJvmExit, "embedded-postgres-stop");
            Runtime.getRuntime().addShutdownHook(jvmExitHook);
            LOG.infof("No datasource URL configured: started embedded PostgreSQL on port %d with data in %s, binaries in %s;"
                    + " the service connects as %s, migrations run as %s", running.server().getPort(), dir, binariesDir,
                    ClusterCredentials.APP, ClusterCredentials.OWNER);
        }
        return running;
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
            running.server().close();
            LOG.info("Stopped the embedded PostgreSQL");
        } catch (IOException e) {
            LOG.warn("Could not stop the embedded PostgreSQL cleanly", e);
        } finally {
            running = null;
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

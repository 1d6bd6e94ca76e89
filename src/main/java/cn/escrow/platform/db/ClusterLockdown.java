package cn.escrow.platform.db;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runs on the stopped cluster before every start: writes a {@code pg_hba.conf} that asks every
 * connection for a password, and, when the data directory holds no credentials file yet (a new
 * cluster, or one made by an older version that trusted every local process), sets new passwords and
 * the two service roles up in single-user mode, then saves the file. An older cluster's schema objects
 * pass to the owner role on that occasion, and a schema that has the runtime role's grants function
 * (migration V12_3) gets its grants again (a restored dump may have lost them).
 */
final class ClusterLockdown implements Consumer<File> {

    private static final Logger LOG = Logger.getLogger(ClusterLockdown.class);

    static final String HBA = """
            # Written by the escrow service at every start of its embedded PostgreSQL; edits are overwritten.
            # Every connection needs a password (SCRAM-SHA-256); no role is trusted, no address outside this host.
            # TYPE  DATABASE  USER  ADDRESS        METHOD
            local   all       all                  scram-sha-256
            host    all       all   127.0.0.1/32   scram-sha-256
            host    all       all   ::1/128        scram-sha-256
            """;

    private final PrivateBinaries binaries;
    private final ClusterCredentials credentials;
    private final boolean newCredentials;

    ClusterLockdown(PrivateBinaries binaries, ClusterCredentials credentials, boolean newCredentials) {
        this.binaries = binaries;
        this.credentials = credentials;
        this.newCredentials = newCredentials;
    }

    @Override
    public void accept(File dataDirectory) {
        Path dir = dataDirectory.toPath();
        binaries.tighten();
        try {
            Files.writeString(dir.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write pg_hba.conf in " + dir, e);
        }
        if (newCredentials) {
            runSingleUser(dir, setUpSql(credentials));
            credentials.save(dir);
            LOG.infof("Embedded PostgreSQL: set new passwords for roles %s, %s and %s; kept in %s (mode 600)",
                    ClusterCredentials.SUPERUSER, ClusterCredentials.OWNER, ClusterCredentials.APP,
                    dir.resolve(ClusterCredentials.FILE));
        }
    }

    /** One statement per line (single-user mode ends a statement at a newline). Idempotent. */
    static List<String> setUpSql(ClusterCredentials c) {
        String owner = ClusterCredentials.OWNER;
        String app = ClusterCredentials.APP;
        return List.of(
                "ALTER ROLE " + ClusterCredentials.SUPERUSER + " PASSWORD '" + ScramVerifier.of(c.superuserPassword()) + "'",
                createRole(owner), createRole(app),
                "ALTER ROLE " + owner + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                        + ScramVerifier.of(c.ownerPassword()) + "'",
                "ALTER ROLE " + app + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '"
                        + ScramVerifier.of(c.appPassword()) + "'",
                "REVOKE ALL ON DATABASE postgres FROM PUBLIC",
                "GRANT CONNECT ON DATABASE postgres TO " + app,
                "GRANT CONNECT, CREATE ON DATABASE postgres TO " + owner, // the owner may add schemas, the runtime role not
                "ALTER SCHEMA public OWNER TO " + owner,
                "REVOKE ALL ON SCHEMA public FROM PUBLIC",
                "GRANT USAGE ON SCHEMA public TO " + app,
                // A cluster made by an older version: its tables, sequences, views and functions pass to the owner.
                "DO $$DECLARE r record; BEGIN "
                        + "FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c "
                        + "WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> '" + owner + "'::regrole "
                        + "AND (c.relkind IN ('r', 'p', 'v', 'm', 'f') OR (c.relkind = 'S' AND NOT EXISTS "
                        + "(SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))) "
                        + "LOOP EXECUTE format(CASE r.relkind WHEN 'S' THEN 'ALTER SEQUENCE %s OWNER TO " + owner + "' "
                        + "WHEN 'v' THEN 'ALTER VIEW %s OWNER TO " + owner + "' WHEN 'm' THEN 'ALTER MATERIALIZED VIEW %s OWNER TO " + owner + "' "
                        + "WHEN 'f' THEN 'ALTER FOREIGN TABLE %s OWNER TO " + owner + "' ELSE 'ALTER TABLE %s OWNER TO " + owner + "' END, r.name); "
                        + "END LOOP; "
                        + "FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p "
                        + "WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> '" + owner + "'::regrole "
                        + "LOOP EXECUTE format('ALTER ROUTINE %s OWNER TO " + owner + "', r.name); END LOOP; END$$",
                // A schema from V12_3 on (e.g. restored with pg_restore --no-privileges): the runtime role's rights again.
                "DO $$BEGIN IF to_regprocedure('public.escrow_grant_runtime_role(text, text)') IS NOT NULL THEN "
                        + "PERFORM public.escrow_grant_runtime_role('" + app + "', '" + owner + "'); END IF; END$$");
    }

    private static String createRole(String name) {
        return "DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + name + "') THEN CREATE ROLE " + name
                + " LOGIN; END IF; END$$";
    }

    /**
     * Feeds the statements to {@code postgres --single}. Statements that fail are not logged with their
     * text ({@code log_min_error_statement=panic}); they carry password verifiers, never passwords.
     */
    private void runSingleUser(Path dataDir, List<String> statements) {
        List<String> command = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            command.addAll(List.of("unshare", "-U")); // as the library does: PostgreSQL refuses to run as root
        }
        command.addAll(List.of(binaries.serverDirectory().resolve("bin/postgres").toString(), "--single", "-D", dataDir.toString(),
                "-c", "log_min_error_statement=panic", "-c", "exit_on_error=on", "postgres"));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                for (String sql : statements) {
                    in.write((sql + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Setting up the embedded PostgreSQL's roles did not finish in 60 s");
            }
            if (p.exitValue() != 0 || output.contains("ERROR:") || output.contains("FATAL:")) {
                throw new IllegalStateException("Could not set up the embedded PostgreSQL's roles (exit " + p.exitValue() + "):\n"
                        + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not run PostgreSQL in single-user mode", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up the embedded PostgreSQL's roles", e);
        }
    }
}

package cn.escrow.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded PostgreSQL as the service starts it: no connection without a password, two roles, private binaries. */
class PrivatePostgresTest {

    private static final Path BINARIES = Path.of("target", "embedded-pg-binaries").toAbsolutePath();
    private Path dataDir;

    @BeforeEach
    void freshDataDirectory() throws IOException {
        dataDir = Files.createTempDirectory("escrow-private-pg").resolve("data");
    }

    @AfterEach
    void removeDataDirectory() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.getParent())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void shouldAskEveryConnectionForAPasswordAndConnectTheServiceAsAPlainRole() throws Exception {
        PrivatePostgres.Started pg = PrivatePostgres.start(dataDir, BINARIES, 0, Map.of());
        try {
            String hba = Files.readString(dataDir.resolve("pg_hba.conf"));
            assertThat(hba.lines().filter(l -> !l.startsWith("#") && !l.isBlank()))
                    .isNotEmpty().allSatisfy(l -> assertThat(l).endsWith("scram-sha-256").doesNotContain("trust"));
            Path file = dataDir.resolve(ClusterCredentials.FILE);
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            assertThatThrownBy(() -> connect(pg, "postgres", null)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(pg, "postgres", "postgres")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThatThrownBy(() -> connect(pg, ClusterCredentials.APP, "guess")).isInstanceOf(SQLException.class);

            try (Connection app = connect(pg, ClusterCredentials.APP, pg.credentials().appPassword());
                 Statement s = app.createStatement();
                 ResultSet r = s.executeQuery("SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
                r.next();
                assertThat(r.getBoolean("rolsuper")).isFalse();
                assertThat(r.getBoolean("rolcreaterole")).isFalse();
                assertThat(r.getBoolean("rolcreatedb")).isFalse();
                assertThatThrownBy(() -> s.execute("CREATE TABLE intruder (x int)")).hasMessageContaining("permission denied");
            }
            try (Connection owner = connect(pg, ClusterCredentials.OWNER, pg.credentials().ownerPassword());
                 Statement s = owner.createStatement()) {
                s.execute("CREATE TABLE owned_by_owner (x int)"); // the owner may create the schema's tables
            }
            assertPrivate(BINARIES);
        } finally {
            pg.server().close();
        }
    }

    @Test
    void shouldSecureAClusterMadeByAnOlderVersionAndKeepItsData() throws Exception {
        PrivateBinaries.prepare(BINARIES); // the older version's library, pointed at the same private binaries
        try (EmbeddedPostgres legacy = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start();
             Connection c = legacy.getPostgresDatabase().getConnection(); // trust: no password asked
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE legacy_table (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v TEXT)");
            s.execute("INSERT INTO legacy_table (v) VALUES ('kept')");
            s.execute("CREATE FUNCTION legacy_fn() RETURNS int LANGUAGE sql AS 'SELECT 1'");
        }
        assertThat(Files.exists(dataDir.resolve(ClusterCredentials.FILE))).isFalse();

        PrivatePostgres.Started pg = PrivatePostgres.start(dataDir, BINARIES, 0, Map.of());
        try {
            assertThatThrownBy(() -> connect(pg, "postgres", null)).isInstanceOf(SQLException.class);
            try (Connection owner = connect(pg, ClusterCredentials.OWNER, pg.credentials().ownerPassword());
                 Statement s = owner.createStatement()) {
                ResultSet r = s.executeQuery("SELECT v, pg_get_userbyid(c.relowner) AS owner FROM legacy_table, pg_class c "
                        + "WHERE c.relname = 'legacy_table'");
                r.next();
                assertThat(r.getString("v")).isEqualTo("kept");
                assertThat(r.getString("owner")).isEqualTo(ClusterCredentials.OWNER);
                r = s.executeQuery("SELECT pg_get_userbyid(proowner) AS owner FROM pg_proc WHERE proname = 'legacy_fn'");
                r.next();
                assertThat(r.getString("owner")).isEqualTo(ClusterCredentials.OWNER);
                s.execute("INSERT INTO legacy_table (v) VALUES ('owner writes')"); // the identity sequence came along
            }
        } finally {
            pg.server().close();
        }

        // A restart reads the same passwords back and changes nothing.
        ClusterCredentials first = ClusterCredentials.load(dataDir);
        PrivatePostgres.Started again = PrivatePostgres.start(dataDir, BINARIES, 0, Map.of());
        try {
            assertThat(again.credentials()).isEqualTo(first);
            connect(again, ClusterCredentials.APP, first.appPassword()).close();
        } finally {
            again.server().close();
        }
    }

    private static Connection connect(PrivatePostgres.Started pg, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(pg.jdbcUrl(), p);
    }

    /** The root is mode 700 and nothing under it is writable by group or others. */
    private static void assertPrivate(Path root) throws IOException {
        assertThat(Files.getPosixFilePermissions(root)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> all = Files.walk(root)) {
            all.filter(p -> !Files.isSymbolicLink(p)).forEach(p -> {
                try {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                    assertThat(perms).as(p.toString()).doesNotContain(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}

package cn.escrow.platform.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cn.escrow.support.Api;
import cn.escrow.support.EmbeddedPostgresResource;
import cn.escrow.support.SignedClient;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * scripts/backup-embedded.sh against this running service's embedded PostgreSQL: the backup restores
 * into a fresh data directory with the same books, and a backup whose books do not match is refused
 * with a non-zero exit. The restored directory, started as the service starts its database, gets new
 * passwords and gives the runtime role its rights back. Needs the PostgreSQL client tools (pg_dump,
 * pg_restore, psql) on the PATH.
 */
@QuarkusTest
class BackupScriptTest {

    @Test
    void shouldRestoreARunningServicesDataWithTheSameBooksAndRefuseBooksThatDiffer() throws Exception {
        assumeTrue(onPath("pg_dump") && onPath("pg_restore") && onPath("psql"),
                "the PostgreSQL client tools are not installed (Debian: postgresql-client)");
        assumeTrue(!EmbeddedPostgresResource.isExternal(), "the tests run against an external PostgreSQL");
        String bankCode = "BK" + (Api.next() % 100000);
        Api.Fixture fx = Api.project(bankCode);
        SignedClient.bank(bankCode).post("/api/v1/bank/account-transactions", """
                {"serialNo":"BK-%d","accountNo":"%s","direction":"CREDIT","amount":"1234.56","purpose":"DEPOSIT",\
                "bookedAt":"2026-11-02T09:30:00+08:00"}""".formatted(Api.next(), fx.accountNo())).then().statusCode(201);
        Path out = Files.createTempDirectory("escrow-backup-test");

        Result backup = run("backup", EmbeddedPostgresResource.dataDirectory().toString(), out.toString());
        assertThat(backup.exit).as(backup.output).isZero();
        assertThat(backup.output).contains("verified:");
        Path books;
        try (Stream<Path> files = Files.list(out)) {
            books = files.filter(f -> f.toString().endsWith(".books")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(books)).contains("account " + fx.accountNo() + " balance=1234.56 entries=1 ledger=1234.56 rows=1");

        Path tampered = out.resolve("tampered.books");
        Files.writeString(tampered, Files.readString(books).replace("balance=1234.56 entries=1", "balance=1234.57 entries=1"));
        Result verify = run("verify", books.toString().replace(".books", ".dump"), tampered.toString(),
                out.resolve("second-restore").toString());
        assertThat(verify.exit).as(verify.output).isEqualTo(1);
        assertThat(verify.output).contains("the restored books differ");

        // The restored directory as the service would start on it: its own passwords, the runtime role's rights back.
        Path restored;
        try (Stream<Path> files = Files.list(out)) {
            restored = files.filter(f -> f.toString().endsWith(".restored")).findFirst().orElseThrow();
        }
        PrivatePostgres.Started pg = PrivatePostgres.start(restored, EmbeddedPostgresResource.binariesDirectory(), 0, Map.of());
        try (Connection app = DriverManager.getConnection(pg.jdbcUrl(), ClusterCredentials.APP, pg.credentials().appPassword());
             Statement s = app.createStatement()) {
            ResultSet balance = s.executeQuery("SELECT balance FROM supervised_account WHERE account_no = '" + fx.accountNo() + "'");
            balance.next();
            assertThat(balance.getBigDecimal("balance")).isEqualByComparingTo("1234.56");
            assertThatThrownBy(() -> s.executeUpdate("UPDATE audit_event SET actor = 'intruder'")).hasMessageContaining("permission denied");
        } finally {
            pg.server().close();
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... args) throws Exception {
        String[] command = new String[args.length + 2];
        command[0] = "bash";
        command[1] = "scripts/backup-embedded.sh";
        System.arraycopy(args, 0, command, 2, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGUSER", "postgres"); // its password: from the data directory's credentials file
        pb.environment().put("ESCROW_EMBEDDED_DB_BINARIES_DIR", EmbeddedPostgresResource.binariesDirectory().toString());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), output);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}

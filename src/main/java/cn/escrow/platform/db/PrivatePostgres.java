package cn.escrow.platform.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts an embedded PostgreSQL that only the holders of its passwords can enter: binaries in a
 * private directory ({@link PrivateBinaries}), password authentication for every connection and the
 * roles set up by {@link ClusterLockdown}, no Unix socket. The service and the tests start it the same way.
 */
public final class PrivatePostgres {

    /** A started server with the URL (no user in it) and the passwords of its roles. */
    public record Started(EmbeddedPostgres server, String jdbcUrl, ClusterCredentials credentials) {
    }

    private PrivatePostgres() {
    }

    /**
     * Starts the server on {@code dataDir} (created if missing, kept across restarts), with its binaries
     * under {@code binariesDir}, on {@code port} (0: a free one), with extra server settings.
     */
    public static Started start(Path dataDir, Path binariesDir, int port, Map<String, String> serverConfig) throws IOException {
        PrivateBinaries binaries = PrivateBinaries.prepare(binariesDir);
        Files.createDirectories(dataDir);
        ClusterCredentials stored = ClusterCredentials.load(dataDir);
        ClusterCredentials credentials = stored != null ? stored : ClusterCredentials.generate();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(binaries.workingDirectory().toFile())
                .setPgBinaryResolver(PrivateBinaries.DigestingResolver.INSTANCE)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(false) // the caller stops it (the library's hook could stop it under running requests)
                .setDataDirectoryCustomizer(new ClusterLockdown(binaries, credentials, stored == null))
                // The library checks readiness as the superuser over TCP.
                .setConnectConfig("password", credentials.superuserPassword())
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "")
                .setServerConfig("password_encryption", "scram-sha-256");
        serverConfig.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres server = builder.start();
        binaries.tighten();
        return new Started(server, "jdbc:postgresql://localhost:" + server.getPort() + "/postgres", credentials);
    }
}

package cn.escrow.platform.db;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies the datasource URL and credentials, and Flyway's own credentials, from an embedded
 * PostgreSQL when no other source sets the URL. The source has the lowest ordinal, so it is asked only
 * for what is configured nowhere else (env, system property, application.properties, test resource),
 * and it starts the server only then and only while the application starts or runs, never during the
 * build. The service connects as the runtime role; Flyway migrates as the owner role. One mechanism for
 * {@code java -jar}, {@code quarkus:dev} (including live reload) and anything else.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.jdbc.url";

    /** What this source answers, from the started server. */
    private static final Map<String, Function<PrivatePostgres.Started, String>> ANSWERS = Map.of(
            URL, PrivatePostgres.Started::jdbcUrl,
            "quarkus.datasource.username", s -> ClusterCredentials.APP,
            "quarkus.datasource.password", s -> s.credentials().appPassword(),
            "quarkus.flyway.username", s -> ClusterCredentials.OWNER,
            "quarkus.flyway.password", s -> s.credentials().ownerPassword());

    private static final Set<String> CREDENTIALS = Set.of("quarkus.datasource.username", "quarkus.datasource.password",
            "quarkus.flyway.username", "quarkus.flyway.password");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Path dir = Path.of(value(context, "escrow.embedded-db.dir", "./data/postgres")).toAbsolutePath().normalize();
        Path binaries = Path.of(value(context, "escrow.embedded-db.binaries-dir", dir.resolveSibling("postgres-binaries").toString()))
                .toAbsolutePath().normalize();
        int port = Integer.parseInt(value(context, "escrow.embedded-db.port", "0"));
        boolean urlElsewhere = value(context, URL, null) != null;
        return List.of(new Source(dir, binaries, port, urlElsewhere));
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? fallback : v.getValue();
    }

    /** Answers only the datasource URL and the credentials, starting the server on the first runtime question. */
    static final class Source implements ConfigSource {
        private final Path dir;
        private final Path binaries;
        private final int port;
        private final boolean urlElsewhere;

        Source(Path dir, Path binaries, int port, boolean urlElsewhere) {
            this.dir = dir;
            this.binaries = binaries;
            this.port = port;
            this.urlElsewhere = urlElsewhere;
        }

        @Override
        public String getValue(String name) {
            Function<PrivatePostgres.Started, String> answer = ANSWERS.get(name);
            // A URL set elsewhere means an external server: its credentials are the operator's, not ours.
            if (answer == null || (urlElsewhere && !URL.equals(name))) {
                return null;
            }
            ExecutionMode mode = ExecutionMode.current();
            if (mode != ExecutionMode.RUNTIME_INIT && mode != ExecutionMode.RUNNING) {
                return null;
            }
            return answer.apply(EmbeddedDatabase.start(dir, binaries, port));
        }

        @Override
        public Set<String> getPropertyNames() {
            // The credentials are listed: the datasource's password is looked up only when some source lists it.
            // Not the URL: listing it would make it look configured before anybody needs it.
            return urlElsewhere ? Set.of() : CREDENTIALS;
        }

        @Override
        public Map<String, String> getProperties() {
            return Map.of();
        }

        @Override
        public int getOrdinal() {
            return Integer.MIN_VALUE + 1;
        }

        @Override
        public String getName() {
            return "EmbeddedPostgreSQL";
        }
    }
}

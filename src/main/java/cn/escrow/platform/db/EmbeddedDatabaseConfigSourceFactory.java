package cn.escrow.platform.db;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies {@code quarkus.datasource.jdbc.url} from an embedded PostgreSQL when no other source
 * sets it. The source has the lowest ordinal, so it is asked only when the URL is configured
 * nowhere else (env, system property, application.properties, test resource), and it starts the
 * server only then and only while the application starts or runs, never during the build. One
 * mechanism for {@code java -jar}, {@code quarkus:dev} (including live reload) and anything else.
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    static final String URL = "quarkus.datasource.jdbc.url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Path dir = Path.of(value(context, "escrow.embedded-db.dir", "./data/postgres")).toAbsolutePath().normalize();
        int port = Integer.parseInt(value(context, "escrow.embedded-db.port", "0"));
        return List.of(new Source(dir, port));
    }

    private static String value(ConfigSourceContext context, String name, String fallback) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? fallback : v.getValue();
    }

    /** Answers only the datasource URL, starting the server on the first runtime question. */
    static final class Source implements ConfigSource {
        private final Path dir;
        private final int port;

        Source(Path dir, int port) {
            this.dir = dir;
            this.port = port;
        }

        @Override
        public String getValue(String name) {
            if (!URL.equals(name)) {
                return null;
            }
            ExecutionMode mode = ExecutionMode.current();
            if (mode != ExecutionMode.RUNTIME_INIT && mode != ExecutionMode.RUNNING) {
                return null;
            }
            return EmbeddedDatabase.start(dir, port);
        }

        @Override
        public Set<String> getPropertyNames() {
            // Not listed: listing would make the URL look configured before anybody needs it.
            return Set.of();
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

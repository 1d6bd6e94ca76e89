package cn.escrow.platform.db;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one way to run SQL that is not a plain entity load or save: set-based statements, reports, and the bank
 * push path. Parameters are named ({@code :projectId}), given as name/value pairs; rows are read by column name
 * through {@link Row}.
 *
 * <pre>{@code
 * List<Due> due = sql.list("SELECT id, due_at FROM loan_disbursement WHERE project_id = :project AND due_at <= :now",
 *         row -> new Due(row.getLong("id"), row.getInstant("due_at")),
 *         "project", projectId, "now", clock.now());
 * }</pre>
 *
 * <p>Statements run on the current transaction's connection (inside a JTA transaction the datasource hands out the
 * connection enlisted in it, the same one Hibernate uses), so they commit or roll back with the entity changes
 * around them. Unlike an ORM query they do not flush pending entity changes first: a service that changed a managed
 * entity and then reads the same rows here calls its repository's {@code flush()} before.
 *
 * <p>Values: {@code null}; strings, numbers, booleans, {@code BigDecimal}; an {@link Instant} is sent as a UTC
 * {@code timestamptz}, a {@code LocalDate} as a {@code date}, an enum as its name, a {@code Collection<Long>} or
 * {@code Long[]} as a {@code bigint[]} (for {@code = ANY(:ids)}), a {@code Collection<String>} as a {@code text[]},
 * a {@code String[]} as a {@code text[]} that may hold nulls (the columns of a set-based insert through {@code unnest};
 * cast it in the SQL, {@code CAST(:amounts AS numeric[])}, for other types).
 * A null is sent untyped: where PostgreSQL cannot tell its type from the context ({@code :x IS NULL} alone),
 * write {@code CAST(:x AS bigint)}. SQL errors surface as {@link SqlFailure}, mapped by their SQLState to
 * 409/422/503 problems like the ORM's.
 */
@ApplicationScoped
public class Sql {

    private final AgroalDataSource dataSource;
    /** Parsed texts, by the SQL string (a constant, so its hash is computed once). */
    private final Map<String, NamedSql> parsed = new ConcurrentHashMap<>();

    public Sql(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Maps the current row of a result. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(Row row) throws SQLException;
    }

    /** The first row of a query, mapped; null when there is none. */
    public <T> T one(String sql, RowMapper<T> mapper, Object... namesAndValues) {
        return query(sql, namesAndValues, rows -> rows.next() ? mapper.map(new Row(rows)) : null);
    }

    /** Every row of a query, mapped, in the order the query returns them. */
    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... namesAndValues) {
        return query(sql, namesAndValues, rows -> {
            List<T> result = new ArrayList<>();
            Row row = new Row(rows);
            while (rows.next()) {
                result.add(mapper.map(row));
            }
            return result;
        });
    }

    /**
     * The first row of a statement that takes its values from a shared parameter set (those of a {@link SqlFile}'s
     * statements, say): it takes the names it uses and leaves the others; a name it uses without a value is a bug.
     */
    public <T> T one(String sql, RowMapper<T> mapper, Map<String, ?> parameters) {
        return one(sql, mapper, pairs(parsed(sql), parameters));
    }

    /** The values of {@code parameters} that {@code sql} uses, as name/value pairs. */
    private static Object[] pairs(NamedSql sql, Map<String, ?> parameters) {
        List<String> names = sql.distinctNames();
        Object[] pairs = new Object[names.size() * 2];
        for (int i = 0; i < names.size(); i++) {
            if (!parameters.containsKey(names.get(i))) {
                throw new IllegalArgumentException("No value for parameter :" + names.get(i) + " of: " + sql.jdbcSql());
            }
            pairs[2 * i] = names.get(i);
            pairs[2 * i + 1] = parameters.get(names.get(i));
        }
        return pairs;
    }

    /** A single number a query returns (a count, say); 0 when it returns no row or NULL. */
    public long number(String sql, Object... namesAndValues) {
        return query(sql, namesAndValues, rows -> rows.next() ? rows.getLong(1) : 0L);
    }

    /** Runs an INSERT, UPDATE or DELETE without a result; the number of rows it changed. */
    public int update(String sql, Object... namesAndValues) {
        NamedSql statement = parsed(sql);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement prepared = prepare(connection, statement, namesAndValues)) {
            return prepared.executeUpdate();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    /**
     * The text of {@code src/main/resources/sql/<path>}: statements too long for a Java string live there, where
     * the benchmarks read the same text. Read once, at class initialisation, into a constant.
     */
    public static String file(String path) {
        try (InputStream in = Sql.class.getResourceAsStream("/sql/" + path)) {
            if (in == null) {
                throw new IllegalStateException("No SQL file sql/" + path + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <R> R query(String sql, Object[] namesAndValues, ResultReader<R> reader) {
        NamedSql statement = parsed(sql);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement prepared = prepare(connection, statement, namesAndValues);
             ResultSet rows = prepared.executeQuery()) {
            return reader.read(rows);
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @FunctionalInterface
    private interface ResultReader<R> {
        R read(ResultSet rows) throws SQLException;
    }

    private NamedSql parsed(String sql) {
        NamedSql statement = parsed.get(sql);
        return statement != null ? statement : parsed.computeIfAbsent(sql, NamedSql::parse);
    }

    private static PreparedStatement prepare(Connection connection, NamedSql sql, Object[] namesAndValues) throws SQLException {
        Map<String, Object> values = values(sql, namesAndValues);
        PreparedStatement statement = connection.prepareStatement(sql.jdbcSql());
        try {
            List<String> names = sql.names();
            for (int i = 0; i < names.size(); i++) {
                bind(connection, statement, i + 1, values.get(names.get(i)));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** The pairs as a map; a name the SQL does not use, or a parameter of the SQL without a value, is a bug. */
    static Map<String, Object> values(NamedSql sql, Object[] namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Parameters come in name/value pairs: " + sql.jdbcSql());
        }
        Map<String, Object> values = new HashMap<>(namesAndValues.length);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name) || !sql.names().contains(name)) {
                throw new IllegalArgumentException("Parameter " + namesAndValues[i] + " is not used by: " + sql.jdbcSql());
            }
            values.put(name, namesAndValues[i + 1]);
        }
        for (String name : sql.names()) {
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("No value for parameter :" + name + " of: " + sql.jdbcSql());
            }
        }
        return values;
    }

    private static void bind(Connection connection, PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.NULL);
        } else if (value instanceof Instant instant) {
            statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else if (value instanceof Enum<?> e) {
            statement.setString(index, e.name());
        } else if (value instanceof Long[] longs) {
            statement.setArray(index, connection.createArrayOf("bigint", longs));
        } else if (value instanceof String[] texts) {
            statement.setArray(index, connection.createArrayOf("text", texts));
        } else if (value instanceof Collection<?> collection) {
            boolean texts = !collection.isEmpty() && collection.iterator().next() instanceof String;
            statement.setArray(index, texts
                    ? connection.createArrayOf("text", collection.toArray(String[]::new))
                    : connection.createArrayOf("bigint", collection.stream().map(v -> ((Number) v).longValue()).toArray(Long[]::new)));
        } else {
            statement.setObject(index, value);
        }
    }

    /** An SQL error from a statement run here; its cause carries the SQLState the error mappers read. */
    public static class SqlFailure extends RuntimeException {
        public SqlFailure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}

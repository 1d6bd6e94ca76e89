package cn.escrow.platform;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Being removed: new code uses {@link cn.escrow.platform.db.Sql} (named parameters, rows read by name).
 * Plain JDBC on the current transaction's connection, for the bank push path, where the ORM's
 * per-query work cost more CPU than the database did (see docs/performance.md).
 *
 * <p>Inside a JTA transaction the datasource hands out the connection enlisted in it, the same one
 * Hibernate uses, so these statements and the ORM's see each other's writes and commit together.
 * Parameters are positional; an {@link Instant} is
 * sent as a UTC {@code timestamptz}, a {@code Long[]} as a {@code bigint[]} (for {@code = ANY(?)}), a
 * {@code String[]} as a {@code text[]}. SQL errors propagate as {@link java.sql.SQLException} causes and
 * are mapped by their SQLState like the ORM's.
 *
 * <p>Unlike the ORM's native queries, these statements do not flush pending entity changes first. The
 * push path writes only with SQL (and with {@code AuditLog}, whose identity-keyed insert runs at once), so
 * there is nothing pending; code that modifies managed entities and then reads here must flush itself.
 */
@ApplicationScoped
public class Jdbc {

    private final AgroalDataSource dataSource;

    public Jdbc(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** The first row of a query, mapped; null when there is none. */
    public <T> T first(String sql, RowMapper<T> mapper, Object... params) {
        return query(sql, rows -> rows.next() ? mapper.map(rows) : null, params);
    }

    /** Every row of a query, mapped, in the order the query returns them. */
    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        return query(sql, rows -> {
            List<T> result = new ArrayList<>();
            while (rows.next()) {
                result.add(mapper.map(rows));
            }
            return result;
        }, params);
    }

    /** Runs an INSERT, UPDATE or DELETE without a result; the number of rows it changed. */
    public int update(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new JdbcException(e);
        }
    }

    /** A {@code timestamptz} column as an Instant (null stays null). */
    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Runs a query and hands its whole result set to {@code reader}, which moves through it itself. */
    private <R> R query(String sql, RowMapper<R> reader, Object[] params) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = prepare(connection, sql, params);
             ResultSet rows = statement.executeQuery()) {
            return reader.map(rows);
        } catch (SQLException e) {
            throw new JdbcException(e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object[] params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < params.length; i++) {
                Object value = params[i];
                if (value == null) {
                    statement.setNull(i + 1, Types.NULL);
                } else if (value instanceof Long[] longs) {
                    statement.setArray(i + 1, connection.createArrayOf("bigint", longs));
                } else if (value instanceof String[] texts) {
                    statement.setArray(i + 1, connection.createArrayOf("text", texts));
                } else if (value instanceof Instant instant) {
                    statement.setObject(i + 1, instant.atOffset(ZoneOffset.UTC));
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** An SQL error from a statement run here; its cause carries the SQLState the error mappers read. */
    public static class JdbcException extends RuntimeException {
        public JdbcException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}

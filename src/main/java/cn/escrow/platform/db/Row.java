package cn.escrow.platform.db;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * The current row of a result, read by column name (or alias) only: a column added to a query can never shift
 * what another read gets, as a positional {@code r[3]} would.
 */
public final class Row {

    private final ResultSet rs;

    Row(ResultSet rs) {
        this.rs = rs;
    }

    public String getString(String column) throws SQLException {
        return rs.getString(column);
    }

    /** A non-null integer column (a NULL here is a bug in the query, not a zero). */
    public long getLong(String column) throws SQLException {
        long value = rs.getLong(column);
        if (rs.wasNull()) {
            throw new SQLException("Column " + column + " is NULL where a number was expected");
        }
        return value;
    }

    public Long getLongOrNull(String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public int getInt(String column) throws SQLException {
        return Math.toIntExact(getLong(column));
    }

    public boolean getBoolean(String column) throws SQLException {
        return rs.getBoolean(column);
    }

    /** A {@code numeric} column as it is stored (null stays null). */
    public BigDecimal getBigDecimal(String column) throws SQLException {
        return rs.getBigDecimal(column);
    }

    /** A money column with exactly 2 decimals (null stays null); sums of NUMERIC(14,2) keep their scale, this makes sure. */
    public BigDecimal getMoney(String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.setScale(2);
    }

    /** A {@code timestamptz} column (null stays null). */
    public Instant getInstant(String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** A {@code date} column (null stays null). */
    public LocalDate getLocalDate(String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    /** A {@code bigint[]} column (or {@code array_agg} of ids); NULL reads as an empty list. */
    public List<Long> getLongList(String column) throws SQLException {
        Array array = rs.getArray(column);
        if (array == null) {
            return List.of();
        }
        Object values = array.getArray();
        if (values instanceof Long[] longs) {
            return Arrays.asList(longs);
        }
        if (values instanceof Object[] objects) {
            return Arrays.stream(objects).map(v -> ((Number) v).longValue()).toList();
        }
        throw new SQLException("Column " + column + " is not an array of numbers");
    }

    /** A {@code text[]} / {@code varchar[]} column; NULL reads as an empty list. */
    public List<String> getStringList(String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    /** A {@code bytea} column (null stays null). */
    public byte[] getBytes(String column) throws SQLException {
        return rs.getBytes(column);
    }
}

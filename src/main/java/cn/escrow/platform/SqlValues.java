package cn.escrow.platform;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

/** Native-query helpers: the first row of a query, and time columns that come back as Timestamp, OffsetDateTime or Instant. */
public final class SqlValues {

    private SqlValues() {
    }

    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return (Instant) value;
    }

    /** The first row of a native query with named parameters given as name, value pairs; null when there is none. */
    public static Object[] firstRow(EntityManager em, String sql, Object... params) {
        Query query = em.createNativeQuery(sql);
        for (int i = 0; i < params.length; i += 2) {
            query.setParameter((String) params[i], params[i + 1]);
        }
        List<?> rows = query.getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        Object row = rows.get(0);
        return row instanceof Object[] array ? array : new Object[] {row};
    }
}

package cn.escrow.signing;

import cn.escrow.platform.EscrowClock;
import cn.escrow.platform.db.Row;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Why a project's online signing is disabled: an overdue loan disbursement
 * ({@code OVERDUE_LOAN_FUNDS}) or a supervisor's lock ({@code MANUAL}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningReason(String kind, String serialNo, String contractNo, BigDecimal amount, OffsetDateTime dueAt,
                            Long lockId, String reason, String lockedBy, OffsetDateTime lockedAt) {

    /**
     * A FROM item that turns a JSON array of reasons, as the database function {@code signing_reasons}
     * builds it (see V10), into rows {@code r}, one per reason, numbered by {@code r.ordinality}; read each
     * with {@link #read}. The column names are the JSON keys.
     */
    public static String rows(String jsonArray) {
        return "ROWS FROM (jsonb_to_recordset(" + jsonArray + ") AS (kind text, \"serialNo\" text, \"contractNo\" text, "
                + "amount numeric, \"dueAt\" timestamptz, \"lockId\" bigint, reason text, \"lockedBy\" text, "
                + "\"lockedAt\" timestamptz)) WITH ORDINALITY AS r";
    }

    public static SigningReason overdue(String serialNo, String contractNo, BigDecimal amount, OffsetDateTime dueAt) {
        return new SigningReason("OVERDUE_LOAN_FUNDS", serialNo, contractNo, amount, dueAt, null, null, null, null);
    }

    public static SigningReason manual(long lockId, String reason, String lockedBy, OffsetDateTime lockedAt) {
        return new SigningReason("MANUAL", null, null, null, null, lockId, reason, lockedBy, lockedAt);
    }

    /** The reason in the current row of a query over {@link #rows}, times in the service zone. */
    public static SigningReason read(Row row, EscrowClock clock) throws SQLException {
        String kind = row.getString("kind");
        if ("MANUAL".equals(kind)) {
            return manual(row.getLong("lockId"), row.getString("reason"), row.getString("lockedBy"),
                    clock.inZone(row.getInstant("lockedAt")));
        }
        return overdue(row.getString("serialNo"), row.getString("contractNo"), row.getBigDecimal("amount"),
                clock.inZone(row.getInstant("dueAt")));
    }
}

package cn.escrow.loans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import cn.escrow.platform.EscrowConfig;
import cn.escrow.platform.db.Sql;
import cn.escrow.signing.OverdueSweepService;
import cn.escrow.support.Api;
import cn.escrow.support.Db;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lateness goes by the credits' booking time, not by when the bank reported them; the sweep waits out the reporting grace. */
@QuarkusTest
class BookingTimeTest {

    @Inject
    Sql sql;

    @Inject
    EscrowConfig config;

    @Test
    void shouldTreatMoneyBookedInTimeAsInTimeEvenWhenReportedAfterTheSweepMarkedItOverdue() {
        LoanFixture f = new LoanFixture();
        String serial = f.lenderNoticeDaysAgo(f.contract("700000.00", "COMMERCIAL"), 32);
        OffsetDateTime dueAt = f.dueAt(f.lender, serial);
        LoanFixture.sweep();
        f.lender.get(LoanFixture.NOTICES + "/" + serial).then().body("status", equalTo("OVERDUE")).body("lateArrival", equalTo(true));
        assertThat(f.status().getBoolean("enabled")).isFalse();

        // T+1: the bank reports two credits booked on the last day, after the sweep has run.
        String ref = f.naming(serial);
        f.credit("300000.00", LoanFixture.zoned(dueAt.minusHours(3)), ref).then().statusCode(201);
        f.credit("400000.00", LoanFixture.zoned(dueAt.minusHours(5)), ref).then().statusCode(201)
                .body("matchedDisbursement.status", equalTo("FUNDS_ARRIVED"));
        JsonPath notice = f.lender.get(LoanFixture.NOTICES + "/" + serial).then().statusCode(200).extract().jsonPath();
        assertThat(notice.getBoolean("lateArrival")).isFalse();
        assertThat(notice.getString("status")).isEqualTo("FUNDS_ARRIVED");
        assertThat(notice.getString("overdueAt")).isNotNull(); // the sweep did mark it: history is kept
        assertThat(OffsetDateTime.parse(notice.getString("fundsArrivedAt")).toInstant()).isEqualTo(dueAt.minusHours(3).toInstant());
        assertThat(f.status().getBoolean("enabled")).isTrue();
    }

    @Test
    void shouldTreatMoneyBookedOnOrAfterTheDueTimeAsLate() {
        LoanFixture f = new LoanFixture();
        String serial = f.lenderNoticeDaysAgo(f.contract("700000.00", "COMMERCIAL"), 32);
        OffsetDateTime dueAt = f.dueAt(f.lender, serial);
        String ref = f.naming(serial);
        // Reported in reverse order: the late part is reported first, the in-time part completes the amount.
        f.credit("100000.00", LoanFixture.zoned(dueAt), ref).then().statusCode(201);
        f.credit("600000.00", LoanFixture.zoned(dueAt.minusDays(1)), ref).then().statusCode(201)
                .body("matchedDisbursement.status", equalTo("FUNDS_ARRIVED"));
        JsonPath notice = f.lender.get(LoanFixture.NOTICES + "/" + serial).then().statusCode(200).extract().jsonPath();
        assertThat(notice.getBoolean("lateArrival")).isTrue();
        assertThat(notice.getString("overdueAt")).isNull(); // never swept: late all the same
        assertThat(OffsetDateTime.parse(notice.getString("fundsArrivedAt")).toInstant()).isEqualTo(dueAt.toInstant());
    }

    /** The marking statement waits out the reporting grace: a notice due 3 hours ago is not overdue with a grace of 1 day. */
    @Test
    void shouldMarkOverdueOnlyOnceTheReportingGraceHasPassed() {
        LoanFixture f = new LoanFixture();
        String contractNo = f.contract("700000.00", "COMMERCIAL");
        String serial = "LN-" + Api.next();
        f.push(f.lender, serial, contractNo, "700000.00", "COMMERCIAL").then().statusCode(201);
        Db.update("UPDATE loan_disbursement SET due_at = now() - interval '3 hours' WHERE bank_code = ? AND serial_no = ?",
                f.lenderCode, serial);
        assertThat(markedWithGrace(f, Duration.ofDays(1))).isEqualTo("AWAITING_FUNDS");
        assertThat(markedWithGrace(f, Duration.ofHours(2))).isEqualTo("OVERDUE");
    }

    /** Runs the sweep's marking statement with this grace, in a transaction that is rolled back; the notice's status then. */
    private String markedWithGrace(LoanFixture f, Duration grace) {
        QuarkusTransaction.begin();
        try {
            Instant now = Instant.now();
            Map<String, Object> params = new HashMap<>(OverdueSweepService.parameters(now, "test", config));
            params.put("cutoff", now.minus(grace));
            sql.one(OverdueSweepService.STATEMENTS.get("mark-overdue"), r -> r.getInt("marked"), params);
            return sql.one("SELECT status FROM loan_disbursement WHERE project_id = :project", r -> r.getString("status"),
                    "project", f.fx.projectId());
        } finally {
            QuarkusTransaction.rollback();
        }
    }
}

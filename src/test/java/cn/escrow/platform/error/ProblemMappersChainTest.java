package cn.escrow.platform.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.transaction.RollbackException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

/** A commit cut off by a database restart is a 503 with Retry-After, not a 500 (bench/db-restart-test.sh). */
class ProblemMappersChainTest {

    @Test
    void failedCommitWithTheDriverErrorSuppressedIs503() {
        // As Narayana reports it: RollbackException, the XAException suppressed, the driver's error its cause.
        XAException xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        RollbackException rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        Response response = ProblemMappers.fromChain(new RuntimeException("Error invoking subclass method", rollback));
        assertEquals(503, response.getStatus());
        assertEquals("5", response.getHeaderString("Retry-After"));
    }
}

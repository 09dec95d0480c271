package dev.rotor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.resource.spi.LocalTransactionException;
import jakarta.transaction.TransactionalException;
import org.junit.jupiter.api.Test;

/** A commit that fails because the database went away is a 503 with Retry-After, not a 500. */
class TransactionFailureMapperTest {

    @Test
    void aCommitLostWithTheDatabaseIsServiceUnavailable() {
        var lost = new TransactionalException("during commit",
                new RuntimeException(new LocalTransactionException("FATAL: terminating connection due to administrator command")));
        var response = new TransactionFailureMapper().toResponse(lost);
        assertEquals(503, response.getStatus());
        assertEquals("5", String.valueOf(response.getHeaderString("Retry-After")));
    }

    @Test
    void aCommitTheDatabaseCouldNotCompleteIsServiceUnavailable() {
        // As Payara reports it: the resource adapter's failure named only in the XAException's message.
        var systemException = new jakarta.transaction.SystemException();
        systemException.initCause(new javax.transaction.xa.XAException(
                "jakarta.resource.spi.LocalTransactionException: FATAL: terminating connection due to administrator command"));
        var response = new TransactionFailureMapper().toResponse(new TransactionalException("during commit", systemException));
        assertEquals(503, response.getStatus());
    }

    @Test
    void anyOtherTransactionFailureIsTheUsualProblem() {
        var response = new TransactionFailureMapper().toResponse(new TransactionalException("rolled back", new IllegalStateException()));
        assertEquals(500, response.getStatus());
    }
}

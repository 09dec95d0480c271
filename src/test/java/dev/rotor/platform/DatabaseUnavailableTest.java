package dev.rotor.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.PersistenceException;
import jakarta.resource.spi.ResourceAllocationException;
import jakarta.transaction.RollbackException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseUnavailableTest {

    @Test
    void aPoolThatCannotConnectIsUnavailable() {
        var pool = new SQLException("Error in allocating a connection", new ResourceAllocationException("refused"));
        assertTrue(DatabaseUnavailable.causes(new PersistenceException("query failed", new RuntimeException(pool))));
    }

    @Test
    void aConnectionStateFromTheDriverIsUnavailable() {
        assertTrue(DatabaseUnavailable.causes(new PersistenceException(new SQLException("I/O error", "08006"))));
        assertTrue(DatabaseUnavailable.causes(new SQLException("terminating connection due to administrator command", "57P01")));
        assertTrue(DatabaseUnavailable.causes(new SQLTransientConnectionException("gone")));
    }

    @Test
    void aRefusedSocketDeepInTheChainIsUnavailable() {
        var commit = new RollbackException("commit failed");
        commit.initCause(new IllegalStateException(new ConnectException("Connection refused")));
        assertTrue(DatabaseUnavailable.causes(commit));
    }

    @Test
    void aConstraintViolationOrABugIsNot() {
        assertFalse(DatabaseUnavailable.causes(new PersistenceException(new SQLException("duplicate key", "23505"))));
        assertFalse(DatabaseUnavailable.causes(new IllegalStateException("bug")));
        assertFalse(DatabaseUnavailable.causes(null));
    }

    @Test
    void aCyclicCauseChainEnds() {
        var a = new RuntimeException("a");
        var b = new RuntimeException("b", a);
        a.initCause(b);
        assertFalse(DatabaseUnavailable.causes(a));
    }
}

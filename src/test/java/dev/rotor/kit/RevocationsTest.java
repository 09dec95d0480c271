package dev.rotor.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RevocationsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(960);

    private final Revocations cut = new Revocations();

    @Test
    void tokenOfAnEndedSessionIsRefused() {
        cut.sessionEnded("s1", LATER);
        assertFalse(cut.accepts("a1", "s1", 5));
        assertTrue(cut.accepts("a1", "s2", 5));
    }

    /**
     * A client-credentials token: its subject is the client (no account, no tv, so version 0) and its
     * sid the client's tokenSid, which Rotor's log ends (a SESSION entry) when the client is disabled.
     */
    @Test
    void aClientsOwnTokenIsGoodUntilItsTokenSidEnds() {
        assertTrue(cut.accepts("batch", "token-sid-1", 0));
        cut.sessionEnded("token-sid-1", LATER);
        assertFalse(cut.accepts("batch", "token-sid-1", 0));
    }

    @Test
    void accountCutoffRefusesOlderTokenVersionsOnly() {
        cut.accountCutOff("a1", 3, LATER);
        assertFalse(cut.accepts("a1", "s1", 2));
        assertTrue(cut.accepts("a1", "s1", 3));
        assertTrue(cut.accepts("a2", "s1", 0));
    }

    @Test
    void aLowerCutoffArrivingLateNeverLowersTheBar() {
        cut.accountCutOff("a1", 4, LATER);
        cut.accountCutOff("a1", 2, LATER);
        assertFalse(cut.accepts("a1", "s1", 3));
    }

    @Test
    void entriesPastTheHorizonAreForgotten() {
        cut.sessionEnded("s1", NOW.plusSeconds(10));
        cut.accountCutOff("a1", 3, NOW.plusSeconds(10));
        cut.sessionEnded("s2", LATER);
        cut.forgetBefore(NOW.plusSeconds(11));
        assertEquals(1, cut.size());
        assertTrue(cut.accepts("a1", "s1", 0));
        assertFalse(cut.accepts("a1", "s2", 9));
    }
}

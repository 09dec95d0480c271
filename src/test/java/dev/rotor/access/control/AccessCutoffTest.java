package dev.rotor.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.access.control.AccessCutoff.SessionFacts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessCutoffTest {

    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    AccessCutoff cut = new AccessCutoff();
    AtomicInteger loads = new AtomicInteger();

    @BeforeEach
    void fakeDatabase() {
        cut.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        cut.sessionLoader = id -> {
            loads.incrementAndGet();
            return switch (id) {
                case "ended-before" -> SessionFacts.ENDED;
                case "expired" -> new SessionFacts(true, NOW.minusSeconds(1));
                case "batch-token-sid" -> SessionFacts.ofClient("batch");
                default -> new SessionFacts(true, NOW.plusSeconds(3600));
            };
        };
        cut.accountLoader = id -> {
            loads.incrementAndGet();
            return 3L;
        };
    }

    @Test
    void steadyStateAsksTheDatabaseOncePerSessionAndAccount() {
        for (int i = 0; i < 1_000; i++) {
            assertTrue(cut.accepts("acc", "s1", 3));
        }
        assertEquals(2, loads.get());
    }

    @Test
    void aClientsTokenIsGoodWhileItsTokenSidIsTheEnabledClientsAndNeedsNoAccount() {
        assertTrue(cut.accepts("batch", "batch-token-sid", 0));
        assertEquals(1, loads.get(), "no account to look up");
        assertFalse(cut.accepts("acc", "batch-token-sid", 3), "the sid of a client's tokens holds for that client only");
        cut.apply(Revocations.sessionEnded(1, "batch", "batch-token-sid"));
        assertFalse(cut.accepts("batch", "batch-token-sid", 0), "the client was disabled: RevocationLog.clientTokensEnded");
    }

    @Test
    void endedSessionIsRefusedAtOnce() {
        assertTrue(cut.accepts("acc", "s1", 3));
        cut.apply(Revocations.sessionEnded(1, "acc", "s1"));
        assertFalse(cut.accepts("acc", "s1", 3));
        assertFalse(cut.accepts("acc", "ended-before", 3));
    }

    @Test
    void claimsReadFromATokenAreJudgedByTheirAccountSessionAndVersion() {
        assertTrue(cut.accepts(new AccessClaims(null, "acc", "alice", Set.of("user"), "s1", 3)));
        assertFalse(cut.accepts(new AccessClaims(null, "acc", "alice", Set.of("user"), "s1", 2)), "token version below the account's");
        assertFalse(cut.accepts(new AccessClaims(null, "acc", "alice", Set.of("user"), "ended-before", 3)));
        assertFalse(cut.accepts(new AccessClaims(null, "acc", "alice", Set.of("user"), null, 3)), "no sid");
    }

    @Test
    void sessionPastItsAbsoluteExpiryCutsOffItsTokensWithoutAnyEvent() {
        assertFalse(cut.accepts("acc", "expired", 3));
    }

    @Test
    void tokensBelowTheAccountsVersionAreRefusedWhateverTheSecondTheyWereIssued() {
        assertTrue(cut.accepts("acc", "s2", 3));
        cut.apply(Revocations.cutOff(1, "acc", 4));
        assertFalse(cut.accepts("acc", "s2", 3), "issued in the same second as the cut-off, still cut off");
        assertTrue(cut.accepts("acc", "s2", 4), "a token carrying the new version (a new sign-in) is fine");
    }

    @Test
    void aLateEntryNeverMovesACutOffBackwards() {
        cut.apply(Revocations.cutOff(2, "acc", 6));
        cut.apply(Revocations.cutOff(1, "acc", 5));
        assertFalse(cut.accepts("acc", "s3", 5));
        assertTrue(cut.accepts("acc", "s3", 6));
    }

    @Test
    void aStaleDatabaseReadCannotUndoAnEntryAppliedBeforeIt() {
        cut.apply(Revocations.cutOff(1, "acc", 9));
        assertFalse(cut.accepts("acc", "s4", 3), "the loader's older version 3 must not replace 9");
        assertEquals(1, loads.get(), "only the session was loaded");
    }

    @Test
    void tokensWithoutSessionOrSubjectAreRefused() {
        assertFalse(cut.accepts(null, "s1", 1));
        assertFalse(cut.accepts("acc", null, 1));
    }
}

package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessCutoffTest {

    AccessCutoff cut = new AccessCutoff();
    AtomicInteger loads = new AtomicInteger();

    @BeforeEach
    void fakeDatabase() {
        cut.sessionLoader = id -> {
            loads.incrementAndGet();
            return !id.equals("ended-before");
        };
        cut.accountLoader = id -> {
            loads.incrementAndGet();
            return Optional.empty();
        };
    }

    @Test
    void steadyStateAsksTheDatabaseOncePerSessionAndAccount() {
        for (int i = 0; i < 1_000; i++) {
            assertTrue(cut.accepts("acc", "s1", 100));
        }
        assertEquals(2, loads.get());
    }

    @Test
    void endedSessionIsRefusedAtOnce() {
        assertTrue(cut.accepts("acc", "s1", 100));
        cut.apply(new SessionsEnded("acc", Set.of("s1"), null));
        assertFalse(cut.accepts("acc", "s1", 100));
        assertFalse(cut.accepts("acc", "ended-before", 100));
    }

    @Test
    void tokensIssuedBeforeTheCutoffSecondAreRefused() {
        assertTrue(cut.accepts("acc", "s2", 100));
        cut.apply(new SessionsEnded("acc", Set.of(), Instant.ofEpochSecond(200)));
        assertFalse(cut.accepts("acc", "s2", 199));
        assertTrue(cut.accepts("acc", "s2", 200), "a token from the cutoff second on (a new sign-in) is fine");
    }

    @Test
    void tokensWithoutSessionOrSubjectAreRefused() {
        assertFalse(cut.accepts(null, "s1", 1));
        assertFalse(cut.accepts("acc", null, 1));
    }
}

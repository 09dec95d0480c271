package dev.rotor.throttle.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Counting failures on one key: back-off, the lockout reported once, the window, its end. */
class ThrottleEntryTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    ThrottlePolicy policy = new ThrottlePolicy(10, 3, Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofMinutes(15), Duration.ofMinutes(15));
    ThrottleEntry cut = new ThrottleEntry(ThrottleKind.ACCOUNT, "key", T0);

    /** Fails once per minute (always past any back-off); returns how many calls reported a lockout. */
    private int failTimes(int times, Instant start) {
        int lockouts = 0;
        for (int i = 0; i < times; i++) {
            lockouts += cut.fail(start.plusSeconds(60L * i), policy) ? 1 : 0;
        }
        return lockouts;
    }

    @Test
    void aFewFailuresDoNotMakeTheKeyWait() {
        failTimes(3, T0);
        assertEquals(3, cut.failures());
        assertEquals(Optional.empty(), cut.retryAfter(T0.plusSeconds(121)));
    }

    @Test
    void theFourthFailureMakesTheKeyWaitTheBase() {
        failTimes(4, T0);
        Instant fourth = T0.plusSeconds(180);
        assertEquals(Optional.of(Duration.ofSeconds(1)), cut.retryAfter(fourth));
        assertEquals(Optional.empty(), cut.retryAfter(fourth.plusSeconds(1)));
    }

    @Test
    void theTenthFailureLocksTheKeyAndSaysSoOnce() {
        assertEquals(1, failTimes(10, T0));
        Instant tenth = T0.plusSeconds(540);
        assertEquals(Optional.of(Duration.ofMinutes(15)), cut.retryAfter(tenth));
        assertTrue(cut.retryAfter(tenth.plus(Duration.ofMinutes(15)).minusMillis(1)).isPresent());
        assertFalse(cut.retryAfter(tenth.plus(Duration.ofMinutes(15))).isPresent());
    }

    @Test
    void failuresAWindowApartStartANewCount() {
        failTimes(5, T0);
        cut.fail(T0.plus(Duration.ofMinutes(15)), policy);
        assertEquals(1, cut.failures());
        assertEquals(T0.plus(Duration.ofMinutes(15)), cut.firstFailureAt());
    }

    @Test
    void afterALockoutEndsCountingStartsAgain() {
        failTimes(10, T0);
        Instant after = T0.plusSeconds(540).plus(Duration.ofMinutes(15));
        assertFalse(cut.fail(after, policy));
        assertEquals(1, cut.failures());
        assertEquals(Optional.empty(), cut.retryAfter(after));
    }

    @Test
    void aRefundTakesBackOneFailureAndTheWaitSetSinceItWasCounted() {
        var limit = ThrottlePolicy.limit(3, Duration.ofMinutes(15), Duration.ofMinutes(15));
        var address = new ThrottleEntry(ThrottleKind.ADDRESS, "192.0.2.1", T0);
        address.fail(T0, limit);
        address.fail(T0, limit);
        assertTrue(address.fail(T0, limit), "the third attempt reaches the limit");
        assertTrue(address.retryAfter(T0).isPresent());
        address.refund();
        assertEquals(2, address.failures());
        assertEquals(Optional.empty(), address.retryAfter(T0), "the attempt that locked it was right after all");

        var empty = new ThrottleEntry(ThrottleKind.ADDRESS, "192.0.2.2", T0);
        empty.refund();
        assertEquals(0, empty.failures(), "never below zero");
    }
}

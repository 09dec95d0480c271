package dev.rotor.throttle.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The back-off arithmetic: free failures, doubling, the cap, the lockout at the limit. */
class ThrottlePolicyTest {

    ThrottlePolicy cut = new ThrottlePolicy(10, 3, Duration.ofSeconds(1), Duration.ofMinutes(1),
            Duration.ofMinutes(15), Duration.ofMinutes(15));

    @Test
    void theFirstFewFailuresCostNothing() {
        for (int failures = 0; failures <= 3; failures++) {
            assertEquals(Duration.ZERO, cut.delayAfter(failures), "after " + failures);
        }
    }

    @Test
    void eachFurtherFailureDoublesTheWait() {
        assertEquals(Duration.ofSeconds(1), cut.delayAfter(4));
        assertEquals(Duration.ofSeconds(2), cut.delayAfter(5));
        assertEquals(Duration.ofSeconds(4), cut.delayAfter(6));
        assertEquals(Duration.ofSeconds(8), cut.delayAfter(7));
        assertEquals(Duration.ofSeconds(16), cut.delayAfter(8));
        assertEquals(Duration.ofSeconds(32), cut.delayAfter(9));
    }

    @Test
    void theWaitNeverPassesItsCap() {
        var steep = new ThrottlePolicy(1000, 0, Duration.ofSeconds(1), Duration.ofSeconds(45), Duration.ofMinutes(15), Duration.ofMinutes(15));
        assertEquals(Duration.ofSeconds(32), steep.delayAfter(6));
        assertEquals(Duration.ofSeconds(45), steep.delayAfter(7));
        assertEquals(Duration.ofSeconds(45), steep.delayAfter(64), "no overflow far past the cap");
        assertEquals(Duration.ofSeconds(45), steep.delayAfter(999));
    }

    @Test
    void theLimitLocksTheKeyForTheLockout() {
        assertEquals(Duration.ofMinutes(15), cut.delayAfter(10));
        assertEquals(Duration.ofMinutes(15), cut.delayAfter(11));
    }

    @Test
    void aHardLimitHasNoBackOffBeforeIt() {
        var limit = ThrottlePolicy.limit(100, Duration.ofMinutes(15), Duration.ofMinutes(15));
        assertEquals(Duration.ZERO, limit.delayAfter(99));
        assertEquals(Duration.ofMinutes(15), limit.delayAfter(100));
    }

    @Test
    void aZeroBaseSwitchesBackOffOff() {
        var noBackoff = new ThrottlePolicy(10, 0, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(15), Duration.ofMinutes(15));
        assertEquals(Duration.ZERO, noBackoff.delayAfter(9));
        assertEquals(Duration.ofMinutes(15), noBackoff.delayAfter(10));
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ThrottlePolicy.limit(0, Duration.ofMinutes(15), Duration.ofMinutes(15)));
    }
}

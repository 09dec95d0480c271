package dev.rotor.throttle.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retry-After in whole seconds, and the username key's normalization. */
class SignInThrottleTest {

    @Test
    void retryAfterRoundsUpToWholeSecondsAndIsAtLeastOne() {
        assertEquals(1, SignInThrottle.seconds(Duration.ofMillis(1)));
        assertEquals(1, SignInThrottle.seconds(Duration.ZERO));
        assertEquals(2, SignInThrottle.seconds(Duration.ofMillis(1001)));
        assertEquals(900, SignInThrottle.seconds(Duration.ofMinutes(15)));
    }

    @Test
    void usernamesAreKeyedInTheirNormalizedForm() {
        assertEquals(ThrottleKeys.normalize("alice"), ThrottleKeys.normalize("  ALICE "));
        assertEquals(ThrottleKeys.normalize("e\u0301ve"), ThrottleKeys.normalize("\u00e9ve"));
        assertNotEquals(ThrottleKeys.normalize("alice"), ThrottleKeys.normalize("alice2"));
    }
}

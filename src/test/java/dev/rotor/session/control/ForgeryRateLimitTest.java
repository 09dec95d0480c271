package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ForgeryRateLimitTest {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    ForgeryRateLimit cut = new ForgeryRateLimit();

    @Test
    void theFirstForgeryOfASessionIsRecordedAndTheRestOfTheMinuteOnlyCounted() {
        assertEquals(0, cut.admit("s1", T0));
        for (int i = 1; i <= 500; i++) {
            assertEquals(-1, cut.admit("s1", T0.plusMillis(i * 100L)));
        }
        assertEquals(500, cut.admit("s1", T0.plus(ForgeryRateLimit.WINDOW)), "the next row says how many were left out");
        assertEquals(-1, cut.admit("s1", T0.plus(ForgeryRateLimit.WINDOW).plusSeconds(1)));
    }

    @Test
    void eachSessionHasItsOwnWindow() {
        assertEquals(0, cut.admit("s1", T0));
        assertEquals(0, cut.admit("s2", T0));
    }
}

package dev.rotor.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RotorSettingsTest {

    static final Duration ACCESS = Duration.ofMinutes(15);
    static final Duration ABSOLUTE = Duration.ofDays(30);
    static final Duration IDLE = Duration.ofDays(7);
    static final Duration GRACE = Duration.ofSeconds(10);
    static final Duration SKEW = Duration.ofSeconds(60);

    @Test
    void defaultsWorkTogether() {
        var cut = RotorSettings.defaults();
        assertTrue(cut.problems().isEmpty());
        cut.verify();
    }

    @Test
    void refreshLifetimeNotLongerThanAccessLifetimeStopsTheStart() {
        var cut = RotorSettings.of(ACCESS, ACCESS, IDLE, GRACE, 600_000, SKEW);
        assertEquals(1, cut.problems().size());
        assertTrue(cut.problems().get(0).contains("rotor.refresh.absolute-ttl"));
    }

    @Test
    void idleLifetimeNotLongerThanAccessLifetimeStopsTheStart() {
        var cut = RotorSettings.of(ACCESS, ABSOLUTE, Duration.ofMinutes(10), GRACE, 600_000, SKEW);
        assertEquals(1, cut.problems().size());
        assertTrue(cut.problems().get(0).contains("rotor.refresh.idle-ttl"));
    }

    @Test
    void graceWindowNotShorterThanAccessLifetimeStopsTheStart() {
        var cut = RotorSettings.of(Duration.ofSeconds(10), ABSOLUTE, IDLE, GRACE, 600_000, SKEW);
        assertEquals(1, cut.problems().size());
        assertTrue(cut.problems().get(0).contains("rotor.refresh.grace"));
    }

    @Test
    void aNegativeGraceWindowStopsTheStart() {
        var cut = RotorSettings.of(ACCESS, ABSOLUTE, IDLE, Duration.ofSeconds(-1), 600_000, SKEW);
        assertEquals(1, cut.problems().size());
        assertTrue(cut.problems().get(0).contains("rotor.refresh.grace must not be negative"));
    }

    @Test
    void aZeroAccessLifetimeStopsTheStart() {
        var cut = RotorSettings.of(Duration.ZERO, ABSOLUTE, IDLE, Duration.ZERO, 600_000, SKEW);
        assertTrue(cut.problems().contains("rotor.access.ttl must be positive"));
    }

    @Test
    void fewerThan1024IterationsStopTheStartNamingTheKey() {
        assertTrue(RotorSettings.of(ACCESS, ABSOLUTE, IDLE, GRACE, 1024, SKEW).problems().isEmpty(), "the minimum itself is fine");
        var cut = RotorSettings.of(ACCESS, ABSOLUTE, IDLE, GRACE, 1023, SKEW);
        var failure = assertThrows(IllegalStateException.class, cut::verify);
        assertEquals("Rotor configuration cannot work: rotor.password.iterations must be at least 1024"
                + " (Jakarta Security's minimum), not 1023", failure.getMessage());
    }

    @Test
    void everyProblemIsNamedOnTheOneLine() {
        var cut = RotorSettings.of(ACCESS, ACCESS, ACCESS, ACCESS, 10, SKEW);
        var failure = assertThrows(IllegalStateException.class, cut::verify);
        assertEquals(4, cut.problems().size());
        for (String key : new String[] {"rotor.refresh.absolute-ttl", "rotor.refresh.idle-ttl", "rotor.refresh.grace",
                "rotor.password.iterations"}) {
            assertTrue(failure.getMessage().contains(key), key);
        }
        assertTrue(failure.getMessage().lines().count() == 1, "one line");
    }

    @Test
    void anAccessTokenCanBeAcceptedUntilItsLifetimePlusTheClockSkew() {
        assertEquals(Duration.ofMinutes(16), RotorSettings.defaults().accessTokenHorizon());
        assertEquals(Duration.ofSeconds(70), RotorSettings.of(Duration.ofSeconds(40), ABSOLUTE, IDLE, GRACE, 1024,
                Duration.ofSeconds(30)).accessTokenHorizon());
    }
}

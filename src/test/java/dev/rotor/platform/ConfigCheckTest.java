package dev.rotor.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigCheckTest {

    @Test
    void defaultsWorkTogether() {
        assertTrue(ConfigCheck.problems(Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofDays(7), Duration.ofSeconds(10)).isEmpty());
    }

    @Test
    void refreshLifetimeNotLongerThanAccessLifetimeStopsTheStart() {
        var problems = ConfigCheck.problems(Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofDays(7), Duration.ofSeconds(10));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("rotor.refresh.absolute-ttl"));
    }

    @Test
    void graceWindowNotShorterThanAccessLifetimeStopsTheStart() {
        var problems = ConfigCheck.problems(Duration.ofSeconds(10), Duration.ofDays(30), Duration.ofDays(7), Duration.ofSeconds(10));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("rotor.refresh.grace"));
    }
}

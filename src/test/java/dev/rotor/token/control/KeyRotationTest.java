package dev.rotor.token.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeyRotationTest {

    @Test
    void theDefaultScheduleIsAccepted() {
        assertTrue(KeyRotation.scheduleProblems(Duration.ofDays(30), Duration.ofHours(1)).isEmpty());
    }

    @Test
    void aRotationPeriodNotLongerThanThePublishAheadTimeStopsTheStart() {
        assertEquals(1, KeyRotation.scheduleProblems(Duration.ofHours(1), Duration.ofHours(1)).size());
        assertEquals(1, KeyRotation.scheduleProblems(Duration.ofDays(1), Duration.ofHours(-1)).size());
    }
}

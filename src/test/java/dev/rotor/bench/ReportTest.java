package dev.rotor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run order the report prints: every step once, in the order it ran. */
class ReportTest {

    private static final Sample ANY = new Sample(1, Map.of(), Duration.ofSeconds(1), new long[] {1_000_000}, Duration.ZERO, 1, List.of(),
            Stalls.of(new long[0]));

    @Test
    void theRunOrderListsWarmUpsRoundsAndTheHalfRatePhaseInTheOrderTheyRan() {
        var report = new Report();
        for (String target : List.of("Rotor", "Keycloak")) {
            report.sample(target, "warm-up 1", Phase.ROTATION, ANY);
            report.sample(target, "warm-up 2", Phase.ROTATION, ANY);
        }
        for (int round = 1; round <= 2; round++) {
            for (String target : List.of("Rotor", "Keycloak")) {
                for (Phase phase : Phase.values()) {
                    report.sample(target, "round " + round, phase, ANY);
                }
            }
        }
        report.sample("Rotor", "at 300/s", Phase.ROTATION, ANY);
        report.sample("Keycloak", "at 280/s", Phase.ROTATION, ANY);
        report.ran("bare rotation floor");

        assertEquals(List.of("Rotor warm-up", "Keycloak warm-up", "Rotor round 1", "Keycloak round 1", "Rotor round 2", "Keycloak round 2",
                "Rotor at 300/s", "Keycloak at 280/s", "bare rotation floor"), report.runOrder().stream().map(Report.Step::what).toList());
    }
}

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

    @Test
    void eachPeriodicJobsRealPeriodIsTheTimeOverItsRunsBesideTheStatedOne() {
        String before = "{\"status\":\"UP\",\"checks\":[{\"name\":\"signing-key\",\"status\":\"UP\",\"data\":{\"rotations\":7,\"watches\":10}},"
                + "{\"name\":\"revocation-log\",\"status\":\"UP\",\"data\":{\"lastRead\":\"2026-12-07T07:00:00Z\",\"reads\":15,\"polls\":12,"
                + "\"feedTicks\":40,\"backchannelTicks\":9}}]}";
        Map<String, Long> counts = RotorTarget.timerCounts(before);
        assertEquals(Map.of("watches", 10L, "polls", 12L, "feedTicks", 40L, "backchannelTicks", 9L), counts, "rotations and reads are no timers");

        String line = Report.timerLine("Rotor", RotorTarget.TIMERS, counts,
                Map.of("polls", 32L, "watches", 30L, "feedTicks", 140L, "backchannelTicks", 9L), Duration.ofSeconds(10));

        assertEquals("Rotor periodic jobs over the rounds (10 s, under load): revocation-log poll every 500 ms "
                + "(stated 500 ms; 20 runs); key watch every 500 ms (stated 500 ms; 20 runs); revocation feed ticker every 100 ms "
                + "(stated 100 ms; 100 runs); back-channel logout sender: no run counted (stated every 500 ms)", line);
    }
}

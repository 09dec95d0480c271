package dev.rotor.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The measured part: R rounds, and in each round every target in turn (Rotor, Keycloak, Rotor,
 * ...) runs every phase for the same time, so slow drifts of the machine hit both servers alike.
 */
final class Rounds {

    private Rounds() {
    }

    /** Per target name, one map of phase to sample per round. */
    static Map<String, List<Map<Phase, Sample>>> run(List<Workload> workloads, Driver driver, Options options, Report report) throws Exception {
        Map<String, List<Map<Phase, Sample>>> results = new LinkedHashMap<>();
        for (int round = 1; round <= options.rounds(); round++) {
            for (Workload workload : workloads) {
                Map<Phase, Sample> samples = new EnumMap<>(Phase.class);
                for (Phase phase : Phase.values()) {
                    if (phase == Phase.PROTECTED) {
                        workload.renewCallTokensIfOld();
                    }
                    Sample sample = driver.run(workload.operation(phase), options.phase(), workload.target().process());
                    samples.put(phase, sample);
                    report.sample(workload.target().name(), "round " + round, phase, sample);
                }
                results.computeIfAbsent(workload.target().name(), name -> new ArrayList<>()).add(samples);
            }
        }
        return results;
    }
}

package dev.rotor.bench;

import java.util.ArrayList;
import java.util.Comparator;
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

    /**
     * Per target, one rotation phase in an open loop at half of the target's median rotation rate
     * in the rounds: the latency a user sees when the server is busy but not saturated.
     */
    static Map<String, Sample> rotationsAtHalfRate(List<Workload> workloads, Map<String, List<Map<Phase, Sample>>> results,
                                                   Driver driver, Options options, Report report) throws Exception {
        Map<String, Sample> samples = new LinkedHashMap<>();
        for (Workload workload : workloads) {
            String name = workload.target().name();
            double rate = halfRate(results.get(name));
            Sample sample = driver.runAtRate(workload.operation(Phase.ROTATION), rate, options.halfRatePhase(), workload.target().process());
            report.sample(name, String.format("at %.0f/s", rate), Phase.ROTATION, sample);
            samples.put(name, sample);
        }
        return samples;
    }

    /** Half of the median rotation rate of a target's rounds: the rate of its open-loop phase. */
    static double halfRate(List<Map<Phase, Sample>> rounds) {
        return median(rounds.stream().map(round -> round.get(Phase.ROTATION)).toList()).perSecond() / 2;
    }

    /** The sample with the median rate (of an even count, the upper one). */
    static Sample median(List<Sample> samples) {
        List<Sample> sorted = samples.stream().sorted(Comparator.comparingDouble(Sample::perSecond)).toList();
        return sorted.get(sorted.size() / 2);
    }
}

package dev.rotor.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a freshly started server in windows (rotations, protected calls, unprotected calls, one
 * window each) until it is steady: the last k windows of every kind lie within the tolerance of
 * each other (default 3 windows of 10 s within 5 %), or the cap is reached. Sign-ins are left
 * out: their cost is the password hash, which the JIT does not change.
 */
final class Warmup {

    static final List<Phase> PHASES = List.of(Phase.ROTATION, Phase.PROTECTED, Phase.UNPROTECTED);

    /** Whether the server became steady, and when, counted from its launch. */
    record Result(boolean steady, Duration launchToSteady, Duration underLoad, int windows) {
    }

    private Warmup() {
    }

    static Result untilSteady(Workload workload, Driver driver, Options options, Report report) throws Exception {
        ServerProcess server = workload.target().process();
        Map<Phase, List<Double>> rates = new EnumMap<>(Phase.class);
        Instant begin = Instant.now();
        int windows = 0;
        while (true) {
            windows++;
            for (Phase phase : PHASES) {
                if (phase == Phase.PROTECTED) {
                    workload.renewCallTokensIfOld();
                }
                Sample sample = driver.run(workload.operation(phase), options.window(), server);
                rates.computeIfAbsent(phase, p -> new ArrayList<>()).add(sample.perSecond());
                report.sample(workload.target().name(), "warm-up " + windows, phase, sample);
            }
            boolean steady = PHASES.stream().allMatch(phase -> steady(rates.get(phase), options));
            Duration underLoad = Duration.between(begin, Instant.now());
            if (steady || underLoad.compareTo(options.warmupCap()) >= 0) {
                return new Result(steady, Duration.between(server.launched(), Instant.now()), underLoad, windows);
            }
        }
    }

    private static boolean steady(List<Double> rates, Options options) {
        int k = options.steadyWindows();
        if (rates.size() < k) {
            return false;
        }
        List<Double> last = rates.subList(rates.size() - k, rates.size());
        double min = last.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = last.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        return min > 0 && max / min <= 1 + options.steadyTolerance();
    }
}

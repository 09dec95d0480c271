package dev.rotor.bench;

import dev.rotor.access.control.AccessCutoffProbe;

/**
 * The cost of the access-token cut-off check on a warm cache (what every protected request pays
 * after MP JWT verification). Prints nanoseconds per check; asserts nothing.
 *
 * <p>Run: {@code mvn -q test-compile exec:java -Pbench -Dbench.main=dev.rotor.bench.CutoffCheckBenchmark}
 */
public final class CutoffCheckBenchmark {

    private CutoffCheckBenchmark() {
    }

    public static void main(String[] args) {
        int sessions = 10_000;
        long checks = 20_000_000;
        var probe = new AccessCutoffProbe(sessions);
        probe.run(checks / 10); // warm-up
        long start = System.nanoTime();
        long accepted = probe.run(checks);
        long took = System.nanoTime() - start;
        System.out.printf("cut-off check, warm cache of %d sessions: %.1f ns per check (%d checks, %d accepted, %d database reads)%n",
                sessions, took / (double) checks, checks, accepted, probe.databaseReads());
    }
}

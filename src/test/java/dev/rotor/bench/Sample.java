package dev.rotor.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one stretch of load measured: successful operations, failures by status (-1 = no answer),
 * the wall time, each success's latency (sorted, nanoseconds), the server JVM's CPU time and
 * resident memory over the same stretch, the slowest 1 % of requests with the time each was due, and
 * how long the driver's own threads were held up meanwhile ({@link Stalls}).
 */
record Sample(long ok, Map<Integer, Long> failures, Duration wall, long[] sortedLatencies, Duration serverCpu, long rssMiB,
              List<Slow> slowest, Stalls stalls) {

    /** One request at or above the 99th percentile: when it was due (an open loop) or sent, and its latency in nanoseconds. */
    record Slow(Instant due, long latency) {
    }

    double perSecond() {
        return ok / (wall.toNanos() / 1e9);
    }

    double p50Millis() {
        return percentileMillis(50);
    }

    double p99Millis() {
        return percentileMillis(99);
    }

    double p999Millis() {
        return percentileMillis(99.9);
    }

    double maxMillis() {
        return percentileMillis(100);
    }

    /** Server CPU milliseconds per successful operation. */
    double cpuMillisPerOp() {
        return ok == 0 ? Double.NaN : serverCpu.toNanos() / 1e6 / ok;
    }

    long failed() {
        return failures.values().stream().mapToLong(Long::longValue).sum();
    }

    private double percentileMillis(double p) {
        return sortedLatencies.length == 0 ? Double.NaN : percentile(sortedLatencies, p) / 1e6;
    }

    /** The nearest-rank {@code p}th percentile of a sorted, non-empty array (p in 0..100). */
    static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }
}

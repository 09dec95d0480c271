package dev.rotor.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How late a thread of the driver woke from a 1 ms sleep, over a phase: what the machine (other
 * processes, the driver's collector, the hypervisor) held up any thread of the driver meanwhile.
 * Every request in flight during such a stall is late by as much, whatever the server does, so a
 * half-rate p99 near the stalls' says more about the machine than about the server.
 *
 * @param wakeups how often the thread slept
 * @param p99Millis the 99th percentile of the lateness
 * @param maxMillis the largest lateness
 * @param over10ms how many wake-ups came 10 ms or more late
 */
record Stalls(long wakeups, double p99Millis, double maxMillis, long over10ms) {

    private static final long SLEEP = TimeUnit.MILLISECONDS.toNanos(1);

    /** Sleeps 1 ms at a time until {@code deadline} (System.nanoTime()) and records how late each wake-up came. */
    static Stalls measureUntil(long deadline) {
        long[] late = new long[1 << 16];
        int n = 0;
        for (long now = System.nanoTime(); now < deadline && !Thread.currentThread().isInterrupted(); ) {
            LockSupport.parkNanos(SLEEP);
            long after = System.nanoTime();
            if (n == late.length) {
                late = Arrays.copyOf(late, n * 2);
            }
            late[n++] = Math.max(0, after - now - SLEEP);
            now = after;
        }
        return of(Arrays.copyOf(late, n));
    }

    static Stalls of(long[] lateNanos) {
        if (lateNanos.length == 0) {
            return new Stalls(0, Double.NaN, Double.NaN, 0);
        }
        long[] sorted = lateNanos.clone();
        Arrays.sort(sorted);
        long over = Arrays.stream(sorted).filter(l -> l >= TimeUnit.MILLISECONDS.toNanos(10)).count();
        return new Stalls(sorted.length, Sample.percentile(sorted, 99) / 1e6, sorted[sorted.length - 1] / 1e6, over);
    }
}

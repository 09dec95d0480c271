package dev.rotor.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntUnaryOperator;

/**
 * Runs one operation on T threads (a fixed pool) for a fixed time, and measures it with the
 * server's CPU time and memory read just before and just after. Two ways to load:
 * <ul>
 * <li>{@link #run} is a closed loop: each thread sends its next request when the previous one
 * answered, so the rate is the most the server gives;</li>
 * <li>{@link #runAtRate} is an open loop at a fixed rate: request k is due at start + k/rate
 * (thread k mod T sends it), and its latency counts from when it was due, not from when it was
 * sent, so a server that falls behind shows it in the percentiles instead of slowing the driver
 * down (no coordinated omission).</li>
 * </ul>
 */
final class Driver implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;
    private final ExecutorService stallMeter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-stall-meter");
        thread.setDaemon(true);
        return thread;
    });

    Driver(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "bench-driver");
            thread.setDaemon(true);
            return thread;
        });
    }

    Sample run(IntUnaryOperator operation, Duration duration, Measured server) throws Exception {
        return measure(operation, duration, server, 0);
    }

    Sample runAtRate(IntUnaryOperator operation, double perSecond, Duration duration, Measured server) throws Exception {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        return measure(operation, duration, server, perSecond);
    }

    /** perSecond 0: closed loop. */
    private Sample measure(IntUnaryOperator operation, Duration duration, Measured server, double perSecond) throws Exception {
        Duration cpuBefore = server.cpu();
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        Future<Stalls> stalls = stallMeter.submit(() -> Stalls.measureUntil(deadline));
        List<Future<ThreadResult>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Schedule schedule = perSecond == 0 ? Schedule.closedLoop() : Schedule.openLoop(start, perSecond, thread, threads);
            futures.add(pool.submit(() -> loop(operation, thread, deadline, schedule)));
        }
        long ok = 0;
        Map<Integer, Long> failures = new HashMap<>();
        List<ThreadResult> results = new ArrayList<>();
        for (Future<ThreadResult> future : futures) {
            ThreadResult result = future.get();
            ok += result.count;
            results.add(result);
            result.failures.forEach((status, n) -> failures.merge(status, n, Long::sum));
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        Duration cpu = server.cpu().minus(cpuBefore);
        long[] sorted = results.stream().flatMapToLong(r -> Arrays.stream(r.latencies, 0, r.count)).sorted().toArray();
        return new Sample(ok, failures, wall, sorted, cpu, server.rssMiB(), slowest(results, sorted, startedAt, start),
                stalls.get());
    }

    /** The requests at or above the 99th percentile, by when they were due (wall clock), to tell pauses from spread. */
    private static List<Sample.Slow> slowest(List<ThreadResult> results, long[] sorted, Instant startedAt, long start) {
        if (sorted.length == 0) {
            return List.of();
        }
        long threshold = Sample.percentile(sorted, 99);
        List<Sample.Slow> slow = new ArrayList<>();
        for (ThreadResult result : results) {
            for (int i = 0; i < result.count; i++) {
                if (result.latencies[i] >= threshold) {
                    slow.add(new Sample.Slow(startedAt.plusNanos(result.begins[i] - start), result.latencies[i]));
                }
            }
        }
        slow.sort(Comparator.comparing(Sample.Slow::due));
        return List.copyOf(slow);
    }

    private static ThreadResult loop(IntUnaryOperator operation, int thread, long deadline, Schedule schedule) {
        var result = new ThreadResult();
        while (true) {
            long begin = schedule.next(deadline);
            if (begin >= deadline) {
                return result;
            }
            int status;
            try {
                status = operation.applyAsInt(thread);
            } catch (RuntimeException e) {
                status = -1;
            }
            long took = System.nanoTime() - begin;
            if (status == 200) {
                result.add(begin, took);
            } else {
                result.failures.merge(status, 1L, Long::sum);
            }
        }
    }

    /**
     * When a thread's next request is due (System.nanoTime()): at once in a closed loop; in an open
     * loop, this thread's next slot of the common timetable, waited for if it lies ahead and
     * before the deadline.
     */
    private static final class Schedule {
        private final long interval;
        private long due;

        private Schedule(long first, long interval) {
            this.due = first;
            this.interval = interval;
        }

        static Schedule closedLoop() {
            return new Schedule(0, 0);
        }

        static Schedule openLoop(long start, double perSecond, int thread, int threads) {
            double gap = 1e9 / perSecond;
            return new Schedule(start + Math.round(thread * gap), Math.round(threads * gap));
        }

        long next(long deadline) {
            if (interval == 0) {
                return System.nanoTime();
            }
            long slot = due;
            due += interval;
            if (slot >= deadline) {
                return slot;
            }
            for (long wait = slot - System.nanoTime(); wait > 0; wait = slot - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            return slot;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        stallMeter.shutdownNow();
    }

    /** What is read around each stretch of load: the server's CPU time so far and its resident memory. */
    interface Measured {
        /** For load with no server process to read (the bare floor, tests). */
        Measured NOTHING = new Measured() {
            @Override
            public Duration cpu() {
                return Duration.ZERO;
            }

            @Override
            public long rssMiB() {
                return 0;
            }
        };

        Duration cpu();

        long rssMiB();
    }

    /** One thread's successes (when each began, in System.nanoTime(), and its latency) and its failures by status. */
    private static final class ThreadResult {
        long[] begins = new long[4096];
        long[] latencies = new long[4096];
        int count;
        final Map<Integer, Long> failures = new HashMap<>();

        void add(long begin, long nanos) {
            if (count == latencies.length) {
                begins = Arrays.copyOf(begins, count * 2);
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            begins[count] = begin;
            latencies[count++] = nanos;
        }
    }
}

package dev.rotor.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntUnaryOperator;

/**
 * Runs one operation on T threads (a fixed pool, closed loop: each thread sends its next request
 * when the previous one answered) for a fixed time, and measures it with the server's CPU time
 * and memory read just before and just after.
 */
final class Driver implements AutoCloseable {

    private final int threads;
    private final ExecutorService pool;

    Driver(int threads) {
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "bench-driver");
            thread.setDaemon(true);
            return thread;
        });
    }

    Sample run(IntUnaryOperator operation, Duration duration, ServerProcess server) throws Exception {
        Duration cpuBefore = server.cpu();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Future<ThreadResult>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> loop(operation, thread, deadline)));
        }
        long ok = 0;
        Map<Integer, Long> failures = new HashMap<>();
        List<long[]> latencies = new ArrayList<>();
        for (Future<ThreadResult> future : futures) {
            ThreadResult result = future.get();
            ok += result.count;
            latencies.add(Arrays.copyOf(result.latencies, result.count));
            result.failures.forEach((status, n) -> failures.merge(status, n, Long::sum));
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        Duration cpu = server.cpu().minus(cpuBefore);
        long[] sorted = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Sample(ok, failures, wall, sorted, cpu, server.rssMiB());
    }

    private static ThreadResult loop(IntUnaryOperator operation, int thread, long deadline) {
        var result = new ThreadResult();
        while (System.nanoTime() < deadline) {
            long begin = System.nanoTime();
            int status;
            try {
                status = operation.applyAsInt(thread);
            } catch (RuntimeException e) {
                status = -1;
            }
            long took = System.nanoTime() - begin;
            if (status == 200) {
                result.add(took);
            } else {
                result.failures.merge(status, 1L, Long::sum);
            }
        }
        return result;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    /** One thread's successes' latencies and its failures by status. */
    private static final class ThreadResult {
        long[] latencies = new long[4096];
        int count;
        final Map<Integer, Long> failures = new HashMap<>();

        void add(long nanos) {
            if (count == latencies.length) {
                latencies = Arrays.copyOf(latencies, count * 2);
            }
            latencies[count++] = nanos;
        }
    }
}

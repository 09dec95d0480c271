package dev.rotor.bench;

import dev.rotor.it.Api;
import dev.rotor.it.Reply;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Refresh rotations per second and their latency against a running Rotor, plus /api/me (MP JWT
 * verification and the session cut-off check) for comparison. Prints numbers; asserts nothing.
 *
 * <p>Run: {@code mvn -q test-compile exec:java -Pbench -Dbench.url=http://localhost:8080}
 * with {@code -Dbench.threads=8 -Dbench.seconds=20} to change the load. Each thread rotates its
 * own session, so the numbers measure rotation, not lock waits on one family.
 */
public final class RefreshBenchmark {

    private RefreshBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getProperty("bench.url", "http://localhost:8080");
        int threads = Integer.getInteger("bench.threads", 8);
        Duration duration = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
        Api api = new Api(URI.create(url).toURL());
        String user = api.newUser("bench");

        System.out.printf("Rotor benchmark against %s: %d threads, %d s per phase%n", url, threads, duration.toSeconds());
        run("warm-up (discarded)", threads, Duration.ofSeconds(5), api, user, false);
        run("refresh_token rotation", threads, duration, api, user, false);
        run("GET /api/me (MP JWT + cut-off check)", threads, duration, api, user, true);
    }

    private static void run(String name, int threads, Duration duration, Api api, String user, boolean me) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + duration.toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> loop(api, user, deadline, me)));
        }
        List<Long> latencies = new ArrayList<>();
        long errors = 0;
        for (Future<long[]> result : results) {
            long[] samples = result.get();
            errors += samples[0];
            for (int i = 1; i < samples.length; i++) {
                latencies.add(samples[i]);
            }
        }
        pool.shutdown();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double perSecond = sorted.length / (double) duration.toSeconds();
        System.out.printf("%-40s %8.0f req/s  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d requests, %d errors)%n",
                name, perSecond, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]), sorted.length, errors);
    }

    private static long[] loop(Api api, String user, long deadline, boolean me) {
        Api.Tokens tokens = api.login(user);
        String refresh = tokens.refresh();
        long[] samples = new long[1024];
        int count = 1;
        while (System.nanoTime() < deadline) {
            long start = System.nanoTime();
            Reply reply = me ? api.me(tokens.access()) : api.refresh(refresh);
            long took = System.nanoTime() - start;
            if (reply.status() != 200) {
                samples[0]++;
                continue;
            }
            if (!me) {
                refresh = reply.string("refresh_token");
            }
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = took;
        }
        return Arrays.copyOf(samples, count);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}

package dev.rotor.bench;

import dev.rotor.it.support.Api;
import dev.rotor.it.support.PgDatabase;
import dev.rotor.it.support.Reply;
import dev.rotor.it.support.RotorProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Several instances on one PostgreSQL: refresh rotations per second with one and with two instances,
 * how long a revocation made on one instance takes to be refused on the other (p50/p99), and the
 * table and index bytes per stored session. Starts its own two instances on a database of its own
 * (dropped at the end). Prints numbers; asserts nothing.
 *
 * <p>Run after {@code mvn package}: {@code mvn -q test-compile exec:java -Pbench
 * -Dbench.main=dev.rotor.bench.ClusterBenchmark} with {@code -Dbench.threads=8 -Dbench.seconds=20
 * -Dbench.revocations=200 -Dbench.warmup=60 -Dbench.rows=100000}; {@code -Dbench.skipRotations=true}
 * measures only propagation and sizes.
 */
public final class ClusterBenchmark {

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("bench.threads", 8);
        Duration phase = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));
        Duration warmup = Duration.ofSeconds(Integer.getInteger("bench.warmup", 60));
        int revocations = Integer.getInteger("bench.revocations", 200);
        int rows = Integer.getInteger("bench.rows", 100_000);
        PgDatabase db = PgDatabase.create(System.getProperty("bench.pgHost", "127.0.0.1"), Integer.getInteger("bench.pgPort", 5432),
                "rotor_bench_" + UUID.randomUUID().toString().substring(0, 8));
        // The propagation phase registers one account per revocation, all from this address.
        String registrations = "-Drotor.throttle.registration.max-per-address=" + (revocations + 100);
        RotorProcess a = RotorProcess.onPostgres("bench-a", db, "http://rotor.test").jvmOption(registrations);
        RotorProcess b = RotorProcess.onPostgres("bench-b", db, "http://rotor.test").jvmOption(registrations);
        try {
            RotorProcess.startTogether(a, b);
            System.out.printf("ClusterBenchmark: %d threads, %d s per phase, %d s warm-up, %d revocations%n",
                    threads, phase.toSeconds(), warmup.toSeconds(), revocations);
            if (!Boolean.getBoolean("bench.skipRotations")) {
                rotations("warm-up (discarded)", threads, warmup, db, a, b);
                rotations("rotations, 1 instance", threads, phase, db, a);
                rotations("rotations, 2 instances", threads, phase, db, a, b);
            }
            propagation(revocations, a, b);
            sizes(db, rows);
        } finally {
            a.stop();
            b.stop();
            db.close();
        }
    }

    private static void rotations(String name, int threads, Duration duration, PgDatabase db, RotorProcess... instances) throws Exception {
        List<Api> apis = Arrays.stream(instances).map(RotorProcess::api).toList();
        String user = apis.get(0).newUser("bench");
        Map<String, Object> before = db.query("SELECT n_tup_ins + n_tup_upd + n_tup_del AS w FROM pg_stat_user_tables WHERE relname = 'session_family'").get(0);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + duration.toNanos();
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            results.add(pool.submit(() -> loop(apis, offset, user, deadline)));
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
        System.out.printf("%-28s %7.0f rotations/s  p50 %6.1f ms  p99 %6.1f ms  (%d rotations, %d errors)%n",
                name, sorted.length / (double) duration.toSeconds(), ms(percentile(sorted, 50)), ms(percentile(sorted, 99)),
                sorted.length, errors);
        Thread.sleep(1_000); // statistics are reported with a delay
        Map<String, Object> after = db.query("SELECT n_tup_ins + n_tup_upd + n_tup_del AS w FROM pg_stat_user_tables WHERE relname = 'session_family'").get(0);
        long written = ((Number) after.get("w")).longValue() - ((Number) before.get("w")).longValue();
        System.out.printf("%-28s %.2f session_family row writes per rotation%n", "", written / (double) Math.max(1, sorted.length));
    }

    private static long[] loop(List<Api> apis, int offset, String user, long deadline) {
        String refresh = apis.get(offset % apis.size()).login(user).refresh();
        long[] samples = new long[1024];
        int count = 1;
        int next = offset;
        while (System.nanoTime() < deadline) {
            Api api = apis.get(next++ % apis.size());
            long start = System.nanoTime();
            Reply reply = api.refresh(refresh);
            long took = System.nanoTime() - start;
            if (reply.status() != 200) {
                samples[0]++;
                continue;
            }
            refresh = reply.string("refresh_token");
            if (count == samples.length) {
                samples = Arrays.copyOf(samples, count * 2);
            }
            samples[count++] = took;
        }
        return Arrays.copyOf(samples, count);
    }

    /** Alternately ends one session (/oauth2/revoke) and logs an account out everywhere, on B; polls A every 5 ms. */
    private static void propagation(int count, RotorProcess a, RotorProcess b) throws Exception {
        Api onA = a.api();
        Api onB = b.api();
        long[] latencies = new long[count];
        int late = 0;
        for (int i = 0; i < count; i++) {
            Api.Tokens tokens = onB.login(onB.newUser("revoke"));
            if (onA.me(tokens.access()).status() != 200) {
                throw new IllegalStateException("A refuses a fresh token");
            }
            long start = System.nanoTime();
            Reply revoked = i % 2 == 0
                    ? onB.postForm("/oauth2/revoke", Map.of("token", tokens.refresh(), "client_id", Api.CLIENT))
                    : onB.post("/auth/logout-all", tokens.access());
            if (revoked.status() >= 300) {
                throw new IllegalStateException("revocation failed: " + revoked);
            }
            while (onA.me(tokens.access()).status() == 200) {
                if (System.nanoTime() - start > Duration.ofSeconds(30).toNanos()) {
                    break;
                }
                Thread.sleep(5);
            }
            latencies[i] = System.nanoTime() - start;
            if (latencies[i] > Duration.ofSeconds(2).toNanos()) {
                late++;
            }
        }
        Arrays.sort(latencies);
        System.out.printf("%-28s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d revocations on B, refused on A; %d later than 2 s)%n",
                "revocation propagation", ms(percentile(latencies, 50)), ms(percentile(latencies, 99)),
                ms(latencies[latencies.length - 1]), count, late);
    }

    /** Fills session_family with synthetic rows shaped like real ones and reports bytes per row. */
    private static void sizes(PgDatabase db, int rows) {
        String account = db.query("SELECT id FROM account WHERE username = 'admin'").get(0).get("id").toString();
        db.query("WITH ins AS (" + LargeTable.INSERT_SYNTHETIC_SESSIONS + " RETURNING 1) SELECT COUNT(*) FROM ins", account, rows);
        for (String table : List.of("session_family", "audit_event", "account")) {
            Map<String, Object> size = db.query("SELECT (SELECT COUNT(*) FROM " + table + ") AS n, pg_relation_size('" + table + "') AS heap,"
                    + " pg_indexes_size('" + table + "') AS idx").get(0);
            long n = ((Number) size.get("n")).longValue();
            long heap = ((Number) size.get("heap")).longValue();
            long idx = ((Number) size.get("idx")).longValue();
            System.out.printf("%-16s %9d rows  heap %8.1f MB (%5.0f B/row)  indexes %8.1f MB (%5.0f B/row)%n", table, n,
                    heap / 1e6, heap / (double) Math.max(1, n), idx / 1e6, idx / (double) Math.max(1, n));
        }
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? 0 : Sample.percentile(sorted, p);
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}

package dev.rotor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** The load driver's two ways to load, against operations of known cost instead of a server. */
class DriverTest {

    private static final Driver.Measured NO_SERVER = Driver.Measured.NOTHING;

    @Test
    void anOpenLoopSendsExactlyTheRequestsDueInItsTime() throws Exception {
        var sent = new AtomicInteger();
        try (var driver = new Driver(2)) {
            Sample sample = driver.runAtRate(thread -> {
                sent.incrementAndGet();
                return 200;
            }, 200, Duration.ofSeconds(1), NO_SERVER);

            assertEquals(200, sent.get(), "one request per 5 ms slot of the second, however fast the answers");
            assertEquals(200, sample.ok());
        }
    }

    @Test
    void anOpenLoopCountsLatencyFromWhenARequestWasDueSoABacklogShows() throws Exception {
        try (var driver = new Driver(1)) {
            // Due every 10 ms, each takes 20 ms: the 100 requests due in the second take 2 s, and
            // request k waits about 10 k ms before it is even sent.
            Sample sample = driver.runAtRate(sleeping(Duration.ofMillis(20)), 100, Duration.ofSeconds(1), NO_SERVER);

            assertEquals(100, sample.ok());
            assertTrue(sample.p50Millis() >= 500, "p50 " + sample.p50Millis() + " ms includes the wait for the thread");
            assertTrue(sample.p99Millis() >= 980, "p99 " + sample.p99Millis() + " ms");
        }
    }

    @Test
    void aClosedLoopSendsTheNextRequestWhenTheLastAnsweredAndTimesOnlyTheRequest() throws Exception {
        try (var driver = new Driver(1)) {
            Sample sample = driver.run(sleeping(Duration.ofMillis(20)), Duration.ofMillis(500), NO_SERVER);

            assertTrue(sample.ok() >= 2 && sample.ok() <= 26, "about 25 requests of 20 ms in 0.5 s: " + sample.ok());
            assertTrue(sample.p99Millis() >= 20 && sample.p99Millis() < 400, "p99 " + sample.p99Millis() + " ms is the request alone");
        }
    }

    @Test
    void failuresAreCountedByStatusAndLeftOutOfTheLatencies() throws Exception {
        var calls = new AtomicInteger();
        try (var driver = new Driver(1)) {
            Sample sample = driver.runAtRate(thread -> calls.incrementAndGet() % 2 == 0 ? 200 : 503, 100, Duration.ofMillis(200), NO_SERVER);

            assertEquals(10, sample.ok());
            assertEquals(10, sample.failures().get(503));
            assertEquals(10, sample.sortedLatencies().length);
        }
    }

    @Test
    void theSlowestRequestsAreKeptWithWhenTheyWereDueAndOnePauseIsOneBurst() throws Exception {
        var sent = new AtomicInteger();
        try (var driver = new Driver(2)) {
            // 200 due in the second, the slowest 1 % is the 3 slowest. Request 100 takes 300 ms,
            // which makes the next ones of its thread (due every 10 ms) 290, 280, ... ms late: one
            // pause, whose slow requests were all due within 300 ms of each other. A hiccup of the
            // machine (tens of ms here; once 83 ms while other builds ran) cannot outdo them.
            Sample sample = driver.runAtRate(thread -> {
                if (sent.getAndIncrement() == 100) {
                    sleeping(Duration.ofMillis(300)).applyAsInt(thread);
                }
                return 200;
            }, 200, Duration.ofSeconds(1), NO_SERVER);

            List<Sample.Slow> slowest = sample.slowest();
            Sample.Slow longest = slowest.stream().max(Comparator.comparingLong(Sample.Slow::latency)).orElseThrow();
            assertTrue(longest.latency() >= 300_000_000L, slowest.toString());
            List<Sample.Slow> burst = Report.bursts(slowest).stream().filter(b -> b.contains(longest)).findFirst().orElseThrow();
            assertTrue(burst.size() >= 3, "the pause and the requests it delayed are one burst: " + slowest);
            assertEquals(slowest.stream().sorted(Comparator.comparing(Sample.Slow::due)).toList(), slowest, "kept in the order they were due");
        }
    }

    @Test
    void theStallMeterCountsHowLateASleepingThreadWoke() {
        long ms = 1_000_000L;
        Stalls stalls = Stalls.of(new long[] {0, ms / 10, 12 * ms, 3 * ms, 40 * ms});
        assertEquals(5, stalls.wakeups());
        assertEquals(40.0, stalls.maxMillis());
        assertEquals(2, stalls.over10ms());
    }

    @Test
    void eachPhaseMeasuresTheDriversStallsOverItsLength() throws Exception {
        try (var driver = new Driver(1)) {
            Sample sample = driver.run(thread -> 200, Duration.ofMillis(300), NO_SERVER);
            assertTrue(sample.stalls().wakeups() > 50 && sample.stalls().wakeups() <= 300,
                    "about one wake-up per ms (and never more) for 0.3 s: " + sample.stalls());
        }
    }

    @Test
    void slowRequestsFarApartAreSeparateBursts() {
        var start = java.time.Instant.parse("2026-12-01T10:00:00Z");
        var slowest = java.util.List.of(new Sample.Slow(start, 1), new Sample.Slow(start.plusMillis(50), 1),
                new Sample.Slow(start.plusMillis(400), 1));

        assertEquals(java.util.List.of(2, 1), Report.bursts(slowest).stream().map(java.util.List::size).toList());
    }

    private static IntUnaryOperator sleeping(Duration duration) {
        return thread -> {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        };
    }
}

package dev.rotor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** The load driver's two ways to load, against operations of known cost instead of a server. */
class DriverTest {

    private static final Driver.Measured NO_SERVER = new Driver.Measured() {
        @Override
        public Duration cpu() {
            return Duration.ZERO;
        }

        @Override
        public long rssMiB() {
            return 0;
        }
    };

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

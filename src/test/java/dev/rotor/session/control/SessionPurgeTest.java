package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionPurgeTest {

    @Test
    void purgesBatchByBatchUntilABatchComesBackShort() {
        List<Integer> batches = new ArrayList<>(List.of(SessionPurge.BATCH, SessionPurge.BATCH, 7, 0));
        List<Instant> cutoffs = new ArrayList<>();
        var cut = new SessionPurge() {
            @Override
            public int purgeBatch(Instant cutoff) {
                cutoffs.add(cutoff);
                return batches.remove(0);
            }
        };
        cut.self = cut;
        cut.clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
        cut.retention = Duration.ofDays(30);

        assertEquals(2 * SessionPurge.BATCH + 7, cut.purgeAll());
        assertEquals(3, cutoffs.size(), "stops after the short batch");
        assertEquals(Instant.parse("2026-01-30T00:00:00Z"), cutoffs.get(0), "retention counted back from now");
    }
}

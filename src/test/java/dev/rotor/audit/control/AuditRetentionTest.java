package dev.rotor.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditRetentionTest {

    @Test
    void purgesEventsPastRetentionBatchByBatch() {
        List<Integer> batches = new ArrayList<>(List.of(AuditRetention.BATCH, 3, 0));
        List<Instant> cutoffs = new ArrayList<>();
        var cut = new AuditRetention() {
            @Override
            public int purgeBatch(Instant cutoff) {
                cutoffs.add(cutoff);
                return batches.remove(0);
            }
        };
        cut.self = cut;
        cut.clock = Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC);
        cut.retention = Duration.ofDays(90);

        assertEquals(AuditRetention.BATCH + 3, cut.purgeAll());
        assertEquals(2, cutoffs.size(), "stops after the short batch");
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), cutoffs.get(0));
    }
}

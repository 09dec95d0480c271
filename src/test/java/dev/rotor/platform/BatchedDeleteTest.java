package dev.rotor.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchedDeleteTest {

    static final Instant CUTOFF = Instant.parse("2026-01-30T00:00:00Z");

    @Test
    void deletesBatchByBatchUntilABatchComesBackShort() {
        List<Integer> batches = new ArrayList<>(List.of(500, 500, 7, 0));
        var calls = new AtomicInteger();
        int deleted = BatchedDelete.untilShort(500, () -> {
            calls.incrementAndGet();
            return batches.remove(0);
        });
        assertEquals(1007, deleted);
        assertEquals(3, calls.get(), "stops after the short batch");
    }

    @Test
    void anEmptyFirstBatchEndsAtOnce() {
        var calls = new AtomicInteger();
        assertEquals(0, BatchedDelete.untilShort(500, calls::getAndIncrement));
        assertEquals(1, calls.get());
    }

    @Test
    void aFullLastBatchIsFollowedByOneThatFindsNothing() {
        List<Integer> batches = new ArrayList<>(List.of(500, 0));
        assertEquals(500, BatchedDelete.untilShort(500, () -> batches.remove(0)));
        assertEquals(List.of(), batches);
    }

    @Test
    void everyBatchGoesThroughTheTransactionalProxyWithTheSameCutoff() {
        List<Instant> cutoffs = new ArrayList<>();
        var cut = new BatchedDelete() {
            @Override
            public int deleteBatch(Rows rows, Instant cutoff) {
                cutoffs.add(cutoff);
                return cutoffs.size() < 3 ? rows.batchSize() : 1;
            }
        };
        cut.self = cut;
        assertEquals(2 + 2 + 1, cut.deleteAll(new BatchedDelete.Rows("Ids.query", "Delete.query", 2), CUTOFF));
        assertEquals(List.of(CUTOFF, CUTOFF, CUTOFF), cutoffs);
    }
}

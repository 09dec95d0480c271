package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rotor.platform.RecordingBatchedDelete;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionPurgeTest {

    @Test
    void deletesSessionsEndedLongerThanTheRetentionAgo() {
        var cut = new SessionPurge();
        var batches = new RecordingBatchedDelete(7);
        cut.batches = batches;
        cut.retention = Duration.ofDays(30);

        assertEquals(7, cut.run(Instant.parse("2026-03-01T00:00:00Z")));
        assertEquals(Instant.parse("2026-01-30T00:00:00Z"), batches.cutoff, "retention counted back from now");
        assertEquals("Session.idsToPurge", batches.rows.idsQuery());
        assertEquals(500, batches.rows.batchSize());
    }
}

package dev.rotor.audit.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rotor.platform.BatchedDelete;
import dev.rotor.platform.RecordingBatchedDelete;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AuditRetentionTest {

    @Test
    void deletesEventsOlderThanTheRetentionAThousandAtATime() {
        var batches = new RecordingBatchedDelete(1003);
        var cut = new AuditRetention();
        cut.retention = Duration.ofDays(90);
        cut.batches = batches;

        assertEquals(1003, cut.run(Instant.parse("2026-04-01T00:00:00Z")));
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), batches.cutoff);
        assertEquals(new BatchedDelete.Rows("AuditEvent.idsBefore", "AuditEvent.deleteByIds", 1000), batches.rows);
    }
}

package dev.rotor.platform;

import java.time.Instant;

/** Test double: remembers what a retention asked to delete, deletes nothing, answers {@code deleted}. */
public class RecordingBatchedDelete extends BatchedDelete {

    public Rows rows;
    public Instant cutoff;
    private final int deleted;

    public RecordingBatchedDelete(int deleted) {
        this.deleted = deleted;
    }

    @Override
    public int deleteAll(Rows rows, Instant cutoff) {
        this.rows = rows;
        this.cutoff = cutoff;
        return deleted;
    }
}

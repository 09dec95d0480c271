package dev.rotor.oauth.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of the revocation feed: the revocations after the consumer's cursor, the cursor to
 * pass next time, and the record's head (its highest sequence number, {@link #UNKNOWN_HEAD} when
 * not read), by which a consumer whose cursor lies above it learns that the record was reset.
 *
 * <p>Sequence numbers are handed out at insert but become visible at commit, so on PostgreSQL
 * row 8 can be visible while row 7 is still committing. A page therefore stops before the first
 * missing number until this instance has seen that number missing for {@link #GAP_PATIENCE}
 * ({@link GapSightings}): then it belongs to a rolled-back row and will never appear. From
 * {@code after=0} the numbers below the first retained row are such a gap too (a row may still be
 * committing there), passed as well when that first row was recorded more than
 * {@link #PRUNED_REGION_AGE} ago: every number below it was then handed out before that, and
 * what is missing there was pruned (a starting consumer does not wait for each pruning).
 */
public record FeedPage(long cursor, List<FeedEntry> revocations, boolean more, long head) {

    static final Duration GAP_PATIENCE = Duration.ofSeconds(30);
    static final Duration PRUNED_REGION_AGE = GAP_PATIENCE.multipliedBy(2);
    public static final long UNKNOWN_HEAD = -1;

    /** An empty answer at {@code after}. */
    static FeedPage empty(long after, long head) {
        return new FeedPage(after, List.of(), false, head);
    }

    /** {@code rows}: seq ascending, all after {@code after}; {@code full}: the read hit its limit. */
    static FeedPage of(long after, List<FeedEntry> rows, boolean full, long head, GapSightings gaps, Instant now) {
        List<FeedEntry> visible = new ArrayList<>();
        long expected = after + 1;
        for (FeedEntry row : rows) {
            if (row.seq() != expected && !passable(after, visible.isEmpty(), row, gaps, now)) {
                break;
            }
            visible.add(row);
            expected = row.seq() + 1;
        }
        long cursor = visible.isEmpty() ? after : visible.get(visible.size() - 1).seq();
        return new FeedPage(cursor, List.copyOf(visible), full && visible.size() == rows.size(), head);
    }

    private static boolean passable(long after, boolean first, FeedEntry row, GapSightings gaps, Instant now) {
        boolean seenLongEnough = gaps.passable(row.seq() - 1, now, GAP_PATIENCE);
        boolean belowTheFirstRetainedRow = after == 0 && first;
        return seenLongEnough || belowTheFirstRetainedRow && row.recordedAt().isBefore(now.minus(PRUNED_REGION_AGE));
    }

    public boolean isEmpty() {
        return revocations.isEmpty();
    }
}

package dev.rotor.oauth.control;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One answer of the revocation feed: the revocations after the consumer's cursor and the cursor
 * to pass next time.
 *
 * <p>Sequence numbers are handed out at insert but become visible at commit, so on PostgreSQL
 * row 8 can be visible while row 7 is still committing. A page therefore stops before the first
 * missing number, unless the row after the gap was recorded more than {@link #GAP_PATIENCE} ago:
 * then the missing number belongs to a rolled-back or pruned row and will never appear.
 */
public record FeedPage(long cursor, List<FeedEntry> revocations, boolean more) {

    static final Duration GAP_PATIENCE = Duration.ofSeconds(30);

    /** {@code rows}: seq ascending, all after {@code after}; {@code full}: the read hit its limit. */
    static FeedPage of(long after, List<FeedEntry> rows, boolean full, Instant now) {
        List<FeedEntry> visible = new ArrayList<>();
        long expected = after + 1;
        for (FeedEntry row : rows) {
            boolean gap = after > 0 || !visible.isEmpty() ? row.seq() != expected : false;
            if (gap && row.recordedAt().isAfter(now.minus(GAP_PATIENCE))) {
                break;
            }
            visible.add(row);
            expected = row.seq() + 1;
        }
        long cursor = visible.isEmpty() ? after : visible.get(visible.size() - 1).seq();
        return new FeedPage(cursor, List.copyOf(visible), full && visible.size() == rows.size());
    }

    public boolean isEmpty() {
        return revocations.isEmpty();
    }
}

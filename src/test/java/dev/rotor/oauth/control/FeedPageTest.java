package dev.rotor.oauth.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.session.entity.Revocation;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedPageTest {

    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    /** What this instance has seen missing so far, shared by every read as in {@link RevocationFeed}. */
    private final GapSightings gaps = new GapSightings();

    private static FeedEntry row(long seq, long secondsAgo) {
        return new FeedEntry(seq, Revocation.Kind.SESSION, "account-1", "session-" + seq, null, null, NOW.minusSeconds(secondsAgo));
    }

    private static List<Long> seqs(FeedPage page) {
        return page.revocations().stream().map(FeedEntry::seq).toList();
    }

    private FeedPage read(long after, List<FeedEntry> rows, Instant at) {
        return FeedPage.of(after, rows, false, 99, gaps, at);
    }

    @Test
    void consecutiveRowsAreAllReturnedAndTheCursorMovesToTheLast() {
        FeedPage cut = read(4, List.of(row(5, 1), row(6, 1), row(7, 0)), NOW);
        assertEquals(List.of(5L, 6L, 7L), seqs(cut));
        assertEquals(7, cut.cursor());
        assertEquals(99, cut.head());
    }

    @Test
    void aYoungGapHoldsBackEverythingAfterIt() {
        FeedPage cut = read(4, List.of(row(5, 1), row(7, 1), row(8, 0)), NOW);
        assertEquals(List.of(5L), seqs(cut));
        assertEquals(5, cut.cursor(), "row 6 may still be committing; the consumer asks again from 5");
    }

    @Test
    void aGapRightAfterTheCursorHoldsBackToo() {
        FeedPage cut = read(4, List.of(row(6, 1)), NOW);
        assertTrue(cut.isEmpty());
        assertEquals(4, cut.cursor());
    }

    @Test
    void aGapIsPassedThirtySecondsAfterThisInstanceFirstSawIt() {
        var rows = List.of(row(5, 90), row(9, 31), row(10, 0));
        assertEquals(List.of(5L), seqs(read(4, rows, NOW)), "first seen now");
        assertEquals(List.of(5L), seqs(read(4, rows, NOW.plusSeconds(29))));
        FeedPage later = read(4, rows, NOW.plus(FeedPage.GAP_PATIENCE));
        assertEquals(List.of(5L, 9L, 10L), seqs(later));
        assertEquals(10, later.cursor());
    }

    @Test
    void aRowCommittedLongAfterItWasRecordedDoesNotMakeTheGapBeforeItOld() {
        // row 8 was recorded 60 s ago but its commit stalled: row 7 (recorded before it) may be stalled too
        FeedPage cut = read(6, List.of(row(8, 60)), NOW);
        assertTrue(cut.isEmpty(), "the gap at 7 is new here, whatever the age of row 8");
        assertEquals(6, cut.cursor());
    }

    @Test
    void fromCursorZeroARowStillCommittingBelowTheFirstRetainedRowHoldsTheAnswer() {
        // rows up to 499 were pruned or are still committing; 500 and 501 were just recorded
        FeedPage start = read(0, List.of(row(500, 1), row(501, 0)), NOW);
        assertTrue(start.isEmpty(), "499 may still be committing");
        assertEquals(0, start.cursor());
        var late = List.of(row(499, 2), row(500, 1), row(501, 0));
        assertTrue(read(0, late, NOW.plusSeconds(1)).isEmpty(), "498 may be committing as well");
        assertEquals(List.of(499L, 500L, 501L), seqs(read(0, late, NOW.plusSeconds(1).plus(FeedPage.GAP_PATIENCE))));
    }

    @Test
    void fromCursorZeroTheFirstRetainedRowNeedNotBeOneWhenItIsOld() {
        FeedPage cut = read(0, List.of(row(500, 61), row(501, 0)), NOW);
        assertEquals(List.of(500L, 501L), seqs(cut), "every number below 500 was given out over a minute ago: pruned");
    }

    @Test
    void moreOnlyWhenTheReadWasFullAndNothingWasHeldBack() {
        assertTrue(FeedPage.of(0, List.of(row(1, 0), row(2, 0)), true, 2, gaps, NOW).more());
        assertFalse(FeedPage.of(0, List.of(row(1, 0), row(3, 0)), true, 3, gaps, NOW).more());
        assertFalse(FeedPage.of(0, List.of(row(1, 0)), false, 1, gaps, NOW).more());
    }
}

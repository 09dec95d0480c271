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

    private static FeedEntry row(long seq, long secondsAgo) {
        return new FeedEntry(seq, Revocation.Kind.SESSION, "account-1", "session-" + seq, null, NOW.minusSeconds(secondsAgo));
    }

    private static List<Long> seqs(FeedPage page) {
        return page.revocations().stream().map(FeedEntry::seq).toList();
    }

    @Test
    void consecutiveRowsAreAllReturnedAndTheCursorMovesToTheLast() {
        FeedPage cut = FeedPage.of(4, List.of(row(5, 1), row(6, 1), row(7, 0)), false, NOW);
        assertEquals(List.of(5L, 6L, 7L), seqs(cut));
        assertEquals(7, cut.cursor());
    }

    @Test
    void aYoungGapHoldsBackEverythingAfterIt() {
        FeedPage cut = FeedPage.of(4, List.of(row(5, 1), row(7, 1), row(8, 0)), false, NOW);
        assertEquals(List.of(5L), seqs(cut));
        assertEquals(5, cut.cursor(), "row 6 may still be committing; the consumer asks again from 5");
    }

    @Test
    void aGapRightAfterTheCursorHoldsBackToo() {
        FeedPage cut = FeedPage.of(4, List.of(row(6, 1)), false, NOW);
        assertTrue(cut.isEmpty());
        assertEquals(4, cut.cursor());
    }

    @Test
    void aGapOlderThanThirtySecondsIsSkipped() {
        FeedPage cut = FeedPage.of(4, List.of(row(5, 90), row(9, 31), row(10, 0)), false, NOW);
        assertEquals(List.of(5L, 9L, 10L), seqs(cut));
        assertEquals(10, cut.cursor());
    }

    @Test
    void fromCursorZeroTheFirstRetainedRowNeedNotBeOne() {
        FeedPage cut = FeedPage.of(0, List.of(row(500, 1), row(501, 0)), false, NOW);
        assertEquals(List.of(500L, 501L), seqs(cut));
    }

    @Test
    void moreOnlyWhenTheReadWasFullAndNothingWasHeldBack() {
        assertTrue(FeedPage.of(0, List.of(row(1, 0), row(2, 0)), true, NOW).more());
        assertFalse(FeedPage.of(0, List.of(row(1, 0), row(3, 0)), true, NOW).more());
        assertFalse(FeedPage.of(0, List.of(row(1, 0)), false, NOW).more());
    }
}

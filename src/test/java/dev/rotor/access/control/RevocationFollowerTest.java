package dev.rotor.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.access.control.AccessCutoff.SessionFacts;
import dev.rotor.session.control.RevocationLog;
import dev.rotor.session.entity.Revocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RevocationFollowerTest {

    /** The log as committed so far, in any order of commit. */
    final List<Revocation> committed = new ArrayList<>();
    boolean databaseDown;
    Instant now = Instant.parse("2026-06-01T12:00:00Z");

    RevocationFollower cut = new RevocationFollower();
    AccessCutoff cutoff = new AccessCutoff();

    @BeforeEach
    void wire() {
        Clock clock = new Clock() {
            @Override public ZoneId getZone() { return ZoneId.of("UTC"); }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return now; }
        };
        cutoff.clock = clock;
        cutoff.sessionLoader = id -> new SessionFacts(true, Instant.MAX);
        cutoff.accountLoader = id -> 0L;
        cut.cutoff = cutoff;
        cut.clock = clock;
        cut.interval = Duration.ofMillis(500);
        cut.log = new RevocationLog() {
            @Override
            public List<Revocation> since(long cursor, int limit) {
                return handOut(committed.stream().filter(r -> r.seq() > cursor).limit(limit));
            }

            @Override
            public List<Revocation> between(long from, long to) {
                return handOut(committed.stream().filter(r -> r.seq() >= from && r.seq() <= to));
            }

            @Override
            public long head() {
                return committed.stream().mapToLong(Revocation::seq).max().orElse(0);
            }
        };
    }

    /** Every entry the log handed out, as many times as it did. */
    final List<Long> handedOut = new ArrayList<>();

    private List<Revocation> handOut(java.util.stream.Stream<Revocation> rows) {
        if (databaseDown) {
            throw new IllegalStateException("connection refused");
        }
        List<Revocation> found = rows.sorted(Comparator.comparingLong(Revocation::seq)).toList();
        found.forEach(r -> handedOut.add(r.seq()));
        return found;
    }

    @Test
    void anEntryStillCommittingBelowTheHeadAtStartIsApplied() {
        committed.add(Revocations.sessionEnded(1, "acc", "s1"));
        committed.add(Revocations.sessionEnded(3, "acc", "s3"));
        cut.start(); // entry 2 is still committing: the head is 3
        committed.add(Revocations.sessionEnded(2, "acc", "s2"));
        now = now.plusSeconds(1);
        cut.poll();
        assertFalse(cutoff.accepts("acc", "s2", 0), "entry 2, committed after the start, reached the cache");
        assertEquals(3, cut.cursor());
    }

    @Test
    void entriesAboveAGapAreReadOnceWhileTheGapIsWaitedFor() {
        for (long seq = 2; seq <= 1500; seq++) {
            committed.add(Revocations.sessionEnded(seq, "acc", "s" + seq));
        }
        cut.poll();
        assertEquals(1499, handedOut.size(), "the first poll reads every entry once");
        for (int i = 0; i < 10; i++) {
            now = now.plusSeconds(1);
            cut.poll();
        }
        assertEquals(1499, handedOut.size(), "later polls ask only for seq 1 and what follows 1500: " + handedOut.size());
        assertEquals(0, cut.cursor(), "still waiting at the gap");
        committed.add(Revocations.sessionEnded(1, "acc", "s1"));
        committed.add(Revocations.sessionEnded(1501, "acc", "s1501"));
        cut.poll();
        assertEquals(List.of(1501L, 1L), handedOut.subList(1499, handedOut.size()));
        assertFalse(cutoff.accepts("acc", "s1", 0));
        assertEquals(1501, cut.cursor());
    }

    @Test
    void entriesWrittenByAnotherInstanceReachTheCacheOnTheNextPoll() {
        assertTrue(cutoff.accepts("acc", "s1", 0));
        committed.add(Revocations.sessionEnded(1, "acc", "s1"));
        committed.add(Revocations.cutOff(2, "acc", 1));
        cut.poll();
        assertFalse(cutoff.accepts("acc", "s1", 0));
        assertFalse(cutoff.accepts("acc", "s2", 0));
        assertEquals(2, cut.cursor());
    }

    @Test
    void anEntryCommittedLateBehindAGapIsStillApplied() {
        committed.add(Revocations.sessionEnded(2, "acc", "s2"));
        cut.poll();
        assertEquals(0, cut.cursor(), "the cursor waits at the gap for seq 1");
        committed.add(Revocations.sessionEnded(1, "acc", "s1"));
        now = now.plusSeconds(1);
        cut.poll();
        assertFalse(cutoff.accepts("acc", "s1", 0));
        assertEquals(2, cut.cursor());
    }

    @Test
    void aGapThatStaysEmptyIsPassedAfterTheWait() {
        committed.add(Revocations.sessionEnded(2, "acc", "s2"));
        cut.poll();
        now = now.plus(RevocationFollower.GAP_WAIT).plusSeconds(1);
        cut.poll();
        assertEquals(2, cut.cursor());
    }

    @Test
    void anInstanceThatCouldNotReadCatchesUpBeforeItsNextAnswer() {
        databaseDown = true;
        now = now.plusSeconds(5);
        cut.catchUpIfBehind();
        committed.add(Revocations.cutOff(1, "acc", 1));
        databaseDown = false;
        now = now.plusSeconds(1);
        cut.catchUpIfBehind();
        assertFalse(cutoff.accepts("acc", "s1", 0), "caught up although no poll ran on schedule");
    }

    @Test
    void whileTheDatabaseIsDownRequestsDoNotEachTryToReadTheLog() {
        databaseDown = true;
        now = now.plusSeconds(5);
        cut.catchUpIfBehind();
        databaseDown = false;
        committed.add(Revocations.cutOff(1, "acc", 1));
        cut.catchUpIfBehind();
        assertTrue(cutoff.accepts("acc", "s1", 0), "no second read within one interval of a failed one");
    }

    @Test
    void anInstanceThatReadRecentlyDoesNotReadAgainPerRequest() {
        cut.poll();
        committed.add(Revocations.cutOff(1, "acc", 1));
        cut.catchUpIfBehind();
        assertTrue(cutoff.accepts("acc", "s1", 0), "within two intervals the scheduled poll is trusted");
    }
}

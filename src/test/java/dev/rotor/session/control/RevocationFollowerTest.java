package dev.rotor.session.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.session.control.AccessCutoff.SessionFacts;
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
                if (databaseDown) {
                    throw new IllegalStateException("connection refused");
                }
                return committed.stream().filter(r -> r.seq() > cursor)
                        .sorted(Comparator.comparingLong(Revocation::seq)).limit(limit).toList();
            }
        };
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

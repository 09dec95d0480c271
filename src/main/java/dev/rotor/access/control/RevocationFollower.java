package dev.rotor.access.control;

import dev.rotor.session.control.RevocationLog;
import dev.rotor.session.entity.Revocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps this instance's {@link AccessCutoff} in step with revocations made on every instance by
 * reading the {@link RevocationLog} every {@code rotor.revocations.poll-interval} (0.5 s),
 * driven by {@link RevocationPolling}.
 *
 * <p>PostgreSQL hands out sequence numbers at insert but transactions commit in any order, so a
 * missing number may still appear: entries above a gap are applied at once, and the cursor waits
 * at the gap for up to {@link #GAP_WAIT} after it was first seen (a rolled-back insert leaves a gap
 * for good); meanwhile each poll looks up only the missing numbers and the entries after the highest
 * one read. An instance
 * that could not read the log (database down, connection lost) catches up before its next
 * protected answer ({@link #catchUpIfBehind()}).
 */
@ApplicationScoped
public class RevocationFollower {

    private static final Logger LOG = Logger.getLogger(RevocationFollower.class.getName());
    static final Duration GAP_WAIT = Duration.ofSeconds(30);
    private static final int BATCH = 1000;
    /** How far below the head a start reads (more than the transactions that can be in flight at once). */
    static final int START_LOOKBACK = 1000;
    /** At most this many runs of missing numbers are looked up again per poll, the lowest first. */
    static final int MAX_GAP_READS = 16;

    @Inject
    RevocationLog log;

    @Inject
    AccessCutoff cutoff;

    @Inject
    Clock clock;

    @Inject
    @ConfigProperty(name = "rotor.revocations.poll-interval", defaultValue = "PT0.5S")
    Duration interval;

    private long cursor;
    private final TreeSet<Long> appliedAboveCursor = new TreeSet<>();
    private final TreeMap<Long, Instant> gapsSince = new TreeMap<>();
    private volatile Instant lastRead = Instant.MIN;
    private final java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
    private volatile Instant lastAttempt = Instant.MIN;
    private volatile boolean failing;
    private final ReentrantLock reading = new ReentrantLock();

    /**
     * Starts following {@link #START_LOOKBACK} entries below the log's current head. The cache is
     * empty and loads each session and account from the database, so older entries do not matter,
     * but an entry still committing below the head (on PostgreSQL a higher number can commit first)
     * would be missed by a start at the head: read from below it, such a number is a gap, waited
     * for like any other.
     */
    public synchronized void start() {
        cursor = Math.max(0, log.head() - START_LOOKBACK);
        poll();
    }

    public Duration interval() {
        return interval;
    }

    /**
     * Reads the log now when the last successful read is older than two poll intervals, unless a
     * read is already under way or the last attempt failed less than an interval ago: a protected
     * call never queues behind a database that does not answer. If the database cannot be read, no
     * instance can have written a revocation either, so the cache stays the truth and the caller
     * goes on.
     */
    public void catchUpIfBehind() {
        Instant now = clock.instant();
        if (lastRead.isBefore(now.minus(interval.multipliedBy(2))) && lastAttempt.isBefore(now.minus(interval))) {
            pollQuietly();
        }
    }

    /** When the log was last read successfully (for health and tests). */
    public Instant lastRead() {
        return lastRead;
    }

    /** How many times the log was read successfully since start (readiness data: the real period shows in it). */
    public long reads() {
        return reads.get();
    }

    /** Reads the log once unless a read is under way; a failure is logged once per outage and retried later. */
    public void pollQuietly() {
        if (!reading.tryLock()) {
            return;
        }
        try {
            lastAttempt = clock.instant();
            poll();
            if (failing) {
                failing = false;
                LOG.info("Reading the revocation log again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "Cannot read the revocation log; will retry: {0}", e.getClass().getSimpleName());
            }
        } finally {
            reading.unlock();
        }
    }

    /**
     * Reads the entries after the highest one read so far, and only the missing numbers below it
     * (never again the entries above a gap), then moves the cursor.
     */
    synchronized void poll() {
        Instant now = clock.instant();
        List<Revocation> fresh;
        do {
            fresh = log.since(highestRead(), BATCH);
            fresh.forEach(this::applyOnce);
        } while (fresh.size() == BATCH);
        for (long[] run : gapRuns()) {
            log.between(run[0], run[1]).forEach(this::applyOnce);
        }
        advance(now);
        lastRead = now;
        reads.incrementAndGet();
    }

    private long highestRead() {
        return appliedAboveCursor.isEmpty() ? cursor : Math.max(cursor, appliedAboveCursor.last());
    }

    private void applyOnce(Revocation entry) {
        if (entry.seq() > cursor && appliedAboveCursor.add(entry.seq())) {
            gapsSince.remove(entry.seq());
            cutoff.apply(entry);
        }
    }

    /** The runs of consecutive missing numbers, lowest first, at most {@link #MAX_GAP_READS}. */
    private List<long[]> gapRuns() {
        List<long[]> runs = new ArrayList<>();
        long[] run = null;
        for (long seq : gapsSince.keySet()) {
            if (run != null && seq == run[1] + 1) {
                run[1] = seq;
            } else {
                if (runs.size() == MAX_GAP_READS) {
                    break;
                }
                run = new long[] {seq, seq};
                runs.add(run);
            }
        }
        return runs;
    }

    /** Moves the cursor over applied entries and over gaps that stayed empty for {@link #GAP_WAIT}. */
    private void advance(Instant now) {
        if (appliedAboveCursor.isEmpty()) {
            return;
        }
        long highest = appliedAboveCursor.last();
        for (long seq = cursor + 1; seq < highest; seq++) {
            if (!appliedAboveCursor.contains(seq)) {
                gapsSince.putIfAbsent(seq, now);
            }
        }
        while (cursor < highest) {
            long next = cursor + 1;
            if (appliedAboveCursor.remove(next)) {
                gapsSince.remove(next);
                cursor = next;
            } else if (gapsSince.get(next).isBefore(now.minus(GAP_WAIT))) {
                gapsSince.remove(next);
                cursor = next;
            } else {
                break;
            }
        }
    }

    long cursor() {
        return cursor;
    }
}

package dev.rotor.oauth.control;

import dev.rotor.access.control.RevocationNotice;
import dev.rotor.platform.RotorSettings;
import dev.rotor.session.control.RevocationLog;
import dev.rotor.session.entity.Revocation;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The revocation feed that resource servers long-poll: revocations after a cursor, read from the
 * revocation record that every instance writes. Waiting consumers are answered by one ticker per
 * instance ({@link RevocationFeedTicker}) that reads the head of the record every {@link #TICK} (one indexed query, however many
 * consumers wait), within 0.1 s when this instance itself records a revocation, at once when a revocation is
 * announced on PostgreSQL ({@link RevocationNotice}, from any instance), and with an empty page when
 * their wait runs out.
 */
@ApplicationScoped
public class RevocationFeed {

    static final Duration TICK = Duration.ofMillis(200);
    static final int PAGE_SIZE = 500;
    private static final Logger LOG = Logger.getLogger(RevocationFeed.class.getName());

    @Inject
    RevocationLog log;

    @Inject
    FeedRows rows;

    @Inject
    RotorSettings settings;

    @Inject
    Clock clock;

    private record Waiter(long after, Instant deadline, Consumer<FeedPage> answer, AtomicBoolean answered) {
        void answer(FeedPage page) {
            if (answered.compareAndSet(false, true)) {
                answer.accept(page);
            }
        }
    }

    private final GapSightings gaps = new GapSightings();
    private final Queue<Waiter> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean nudged = new AtomicBoolean();
    private volatile long lastRead;
    private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();

    @PreDestroy
    void answerEveryone() {
        waiting.forEach(waiter -> waiter.answer(FeedPage.empty(waiter.after(), FeedPage.UNKNOWN_HEAD)));
    }

    /** How long a resource server must remember an entry: every token it concerns has expired by then. */
    public Duration horizon() {
        return settings.accessTokenHorizon();
    }

    /** The revocations after {@code after}, now, with the record's head. */
    public FeedPage read(long after) {
        return read(after, log.head());
    }

    /** {@code head} read before the rows, so a cursor the consumer got earlier is never above it unless the record was reset. */
    private FeedPage read(long after, long head) {
        var found = rows.since(after, PAGE_SIZE);
        return FeedPage.of(after, found, found.size() == PAGE_SIZE, head, gaps, clock.instant());
    }

    /**
     * Answers at once when revocations after {@code after} exist or the cursor lies above the
     * record's head (the record was reset: the consumer must start again), else at the first one or
     * after {@code wait}.
     */
    public void await(long after, Duration wait, Consumer<FeedPage> answer) {
        FeedPage now = read(after);
        if (!now.isEmpty() || wait.isZero() || after > now.head()) {
            answer.accept(now);
            return;
        }
        waiting.add(new Waiter(after, clock.instant().plus(wait), answer, new AtomicBoolean()));
    }

    /** Only sets a flag; the next {@link #tickIfDue()} reads the record. */
    void onRevoked(@Observes(during = TransactionPhase.AFTER_SUCCESS) Revocation revocation) {
        nudged.set(true);
    }

    /** A revocation was announced on PostgreSQL (by any instance): answers waiting consumers now, not at the next tick. */
    void onNotice(@Observes RevocationNotice notice) {
        lastRead = System.nanoTime();
        tick();
    }

    /** Called every {@link RevocationFeedTicker#INTERVAL_MILLIS}: reads when nudged or every {@link #TICK}. */
    void tickIfDue() {
        ticks.incrementAndGet();
        long now = System.nanoTime();
        if (nudged.getAndSet(false) || now - lastRead >= TICK.toNanos()) {
            lastRead = now;
            tick();
        }
    }

    /** How many times the ticker has fired since start (readiness data: the real period shows in it). */
    public long ticks() {
        return ticks.get();
    }

    synchronized void tick() {
        if (waiting.isEmpty()) {
            return;
        }
        try {
            long head = log.head();
            Instant now = clock.instant();
            for (Waiter waiter : waiting) {
                FeedPage page = waiter.after() < head ? read(waiter.after(), head) : null;
                if (page != null && !page.isEmpty()) {
                    waiter.answer(page);
                } else if (!now.isBefore(waiter.deadline()) || waiter.after() > head) {
                    waiter.answer(FeedPage.empty(waiter.after(), head));
                }
                if (waiter.answered().get()) {
                    waiting.remove(waiter);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reading the revocation record failed; waiting consumers are asked again", e);
        }
    }
}

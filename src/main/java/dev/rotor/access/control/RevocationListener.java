package dev.rotor.access.control;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The loop behind {@link RevocationPush}: holds one listening connection, runs {@code wake} on
 * every notice, and opens the connection again after any failure, waiting {@link #FIRST_RETRY}
 * and then twice as long each time up to {@link #LONGEST_RETRY}. It runs {@code wake} once after
 * every (re)connection too, because notices sent while nobody listened are lost. A failure is
 * logged once per outage, with the exception's class and SQL state only (never a message that
 * could carry connection details), and once more when listening works again.
 */
final class RevocationListener implements Runnable {

    /** One open, listening connection. */
    interface Link extends AutoCloseable {

        /** Waits up to {@code millis} for notices; the number received (0: none). Throws when the connection is broken. */
        int await(int millis) throws Exception;

        /** Throws when the connection no longer answers (run after a quiet {@link #CHECK_EVERY}). */
        void check() throws Exception;

        @Override
        void close();
    }

    /** Opens a connection and starts listening on it. */
    interface Connector {
        Link open() throws Exception;
    }

    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger LOG = Logger.getLogger(RevocationListener.class.getName());
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(30);
    /** How long one wait for notices lasts before the loop looks at {@link #stop()} again. */
    static final int WAIT_MILLIS = 1_000;
    /** A connection without a notice for this long is checked with a query (a silent network loss shows no error). */
    static final Duration CHECK_EVERY = Duration.ofSeconds(30);

    private final Connector connector;
    private final Runnable wake;
    private final Sleeper sleeper;
    private volatile boolean stopped;
    private volatile Link current;
    private volatile boolean listening;
    private boolean failing;
    private Duration retry = FIRST_RETRY;

    RevocationListener(Connector connector, Runnable wake, Sleeper sleeper) {
        this.connector = connector;
        this.wake = wake;
        this.sleeper = sleeper;
    }

    @Override
    public void run() {
        while (!stopped) {
            try (Link link = connector.open()) {
                current = link;
                if (stopped) {
                    return;
                }
                listening = true;
                retry = FIRST_RETRY;
                if (failing) {
                    failing = false;
                    LOG.info("Listening for revocations again");
                } else {
                    LOG.info("Listening for revocations");
                }
                wakeQuietly();
                listen(link);
            } catch (Exception e) {
                if (stopped) {
                    return;
                }
                if (!failing) {
                    failing = true;
                    LOG.log(Level.WARNING, "Not listening for revocations (the log is still read every poll interval); retrying: {0}",
                            describe(e));
                }
            } finally {
                listening = false;
                current = null;
            }
            if (!stopped && !pause()) {
                return;
            }
        }
    }

    private void listen(Link link) throws Exception {
        long quietSince = System.nanoTime();
        while (!stopped) {
            if (link.await(WAIT_MILLIS) > 0) {
                wakeQuietly();
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= CHECK_EVERY.toNanos()) {
                link.check();
                quietSince = System.nanoTime();
            }
        }
    }

    /** Waits before the next attempt; false when interrupted (stopping). */
    private boolean pause() {
        try {
            sleeper.sleep(retry);
            retry = retry.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : retry.multipliedBy(2);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void wakeQuietly() {
        try {
            wake.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reading the revocation log after a notice failed; the poll reads it: {0}", e.getClass().getSimpleName());
        }
    }

    /** Stops the loop and closes the connection (which ends a wait under way). */
    void stop() {
        stopped = true;
        Link link = current;
        if (link != null) {
            link.close();
        }
    }

    /** Whether a connection is listening now (for health and tests). */
    boolean listening() {
        return listening;
    }

    static String describe(Exception e) {
        String state = e instanceof java.sql.SQLException sql && sql.getSQLState() != null ? " (SQL state " + sql.getSQLState() + ")" : "";
        return e.getClass().getSimpleName() + state;
    }
}

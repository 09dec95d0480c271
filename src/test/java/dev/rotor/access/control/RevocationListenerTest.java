package dev.rotor.access.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RevocationListenerTest {

    /** What each open() does, in order: a link (scripted waits) or a failure. Empty: the test is over. */
    final Deque<Object> opens = new ArrayDeque<>();
    final List<Duration> sleeps = new ArrayList<>();
    final List<FakeLink> opened = new ArrayList<>();
    final AtomicInteger wakes = new AtomicInteger();
    Runnable wake = wakes::incrementAndGet;
    RevocationListener cut;

    /** A link whose await() answers from a script: a count of notices, or an exception (broken connection). Stops the listener when the script ends. */
    final class FakeLink implements RevocationListener.Link {
        final Deque<Object> awaits;
        int wakesWhenOpened;
        boolean closed;

        FakeLink(Object... awaits) {
            this.awaits = new ArrayDeque<>(List.of(awaits));
        }

        @Override
        public int await(int millis) throws Exception {
            Object next = awaits.poll();
            if (next == null) {
                cut.stop();
                return 0;
            }
            if (next instanceof Exception e) {
                throw e;
            }
            return (Integer) next;
        }

        @Override
        public void check() {
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    RevocationListener listener() {
        cut = new RevocationListener(() -> {
            Object next = opens.poll();
            if (next == null) {
                cut.stop();
                throw new IllegalStateException("script over");
            }
            if (next instanceof Exception e) {
                throw e;
            }
            FakeLink link = (FakeLink) next;
            link.wakesWhenOpened = wakes.get();
            opened.add(link);
            return link;
        }, () -> wake.run(), sleeps::add);
        return cut;
    }

    @Test
    void everyNoticeWakesTheReaderAndSoDoesTheConnectionItself() {
        opens.add(new FakeLink(0, 2, 0, 1));
        listener().run();
        assertEquals(3, wakes.get(), "once on connecting (notices sent before were lost), once per wait that brought notices");
        assertTrue(opened.get(0).closed);
        assertEquals(List.of(), sleeps);
    }

    @Test
    void aConnectionThatCannotBeOpenedIsTriedAgainWaitingTwiceAsLongEachTimeUpToTheLongestWait() {
        for (int i = 0; i < 7; i++) {
            opens.add(new ConnectException("Connection refused"));
        }
        opens.add(new FakeLink(1));
        listener().run();
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30)), sleeps);
        assertEquals(2, wakes.get(), "connected at last: a read for what was missed, then one for the notice");
    }

    @Test
    void aBrokenConnectionIsOpenedAgainAndTheWaitStartsOverOnceListeningWorked() {
        opens.add(new ConnectException("Connection refused"));
        opens.add(new ConnectException("Connection refused"));
        opens.add(new FakeLink(0, new SQLException("terminating connection due to administrator command", "57P01")));
        opens.add(new FakeLink(1));
        listener().run();
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)), sleeps,
                "after a connection that listened, the first wait again");
        assertEquals(2, opened.size());
        assertTrue(opened.get(0).closed, "the broken connection is closed");
        assertEquals(1, opened.get(1).wakesWhenOpened, "one read on the first connection");
        assertEquals(3, wakes.get(), "and one more on the reconnection (notices sent meanwhile are lost), then the notice");
    }

    @Test
    void aFailedReadKeepsTheConnection() {
        wake = () -> {
            wakes.incrementAndGet();
            throw new IllegalStateException("database busy");
        };
        opens.add(new FakeLink(1, 1));
        listener().run();
        assertEquals(3, wakes.get());
        assertEquals(1, opened.size(), "one connection throughout");
        assertEquals(List.of(), sleeps);
    }

    @Test
    void stopEndsAWaitUnderWayByClosingTheConnection() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        cut = new RevocationListener(() -> new RevocationListener.Link() {
            @Override
            public int await(int millis) throws Exception {
                waiting.countDown();
                if (closed.await(10, TimeUnit.SECONDS)) {
                    throw new SQLException("This connection has been closed.", "08003");
                }
                return 0;
            }

            @Override
            public void check() {
            }

            @Override
            public void close() {
                closed.countDown();
            }
        }, wakes::incrementAndGet, sleeps::add);
        Thread thread = new Thread(cut);
        thread.start();
        assertTrue(waiting.await(5, TimeUnit.SECONDS));
        assertTrue(cut.listening());
        cut.stop();
        thread.join(5_000);
        assertFalse(thread.isAlive(), "the loop ended");
        assertFalse(cut.listening());
        assertEquals(List.of(), sleeps, "no retry after stop");
    }

    @Test
    void aFailureIsDescribedByItsClassAndStateOnly() {
        String logged = RevocationListener.describe(new SQLException("FATAL: password authentication failed for user \"rotor\" secret-pw", "28P01"));
        assertEquals("SQLException (SQL state 28P01)", logged);
    }
}

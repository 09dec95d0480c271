package dev.rotor.it.support;

import java.time.Duration;

/** Measures how long an instance keeps accepting an access token after it was revoked elsewhere. */
public final class Cutoffs {

    private static final long POLL_MILLIS = 50;

    private Cutoffs() {
    }

    /**
     * Polls {@code GET /api/me} every 50 ms from now until it answers 401; returns the time that
     * took, or fails once {@code limit} has passed with the token still accepted.
     */
    public static Duration refusedWithin(Api api, String accessToken, Duration limit) {
        long start = System.nanoTime();
        while (true) {
            int status = api.me(accessToken).status();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (status == 401) {
                return elapsed;
            }
            if (status != 200) {
                throw new AssertionError("GET /api/me answered " + status + " while waiting for the cut-off");
            }
            if (elapsed.compareTo(limit) > 0) {
                throw new AssertionError(api.base() + " still accepts the revoked access token after " + elapsed.toMillis() + " ms");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}

package dev.rotor.session.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forged refresh tokens name a real session (its id is in every access token), so anyone can
 * send them at will. They are audited at most once per session per {@link #WINDOW} on this
 * instance, and the ones not written are counted into the next row.
 */
class ForgeryRateLimit {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 100_000;

    private record Window(Instant start, int suppressed) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /**
     * Whether this forgery is to be written now; if so, how many earlier ones were not
     * ({@code >= 0}), otherwise {@code -1}.
     */
    int admit(String familyId, Instant now) {
        if (windows.size() >= MAX_TRACKED) {
            windows.clear();
        }
        int[] suppressedBefore = {-1};
        windows.compute(familyId, (id, window) -> {
            if (window == null || !now.isBefore(window.start().plus(WINDOW))) {
                suppressedBefore[0] = window == null ? 0 : window.suppressed();
                return new Window(now, 0);
            }
            return new Window(window.start(), window.suppressed() + 1);
        });
        return suppressedBefore[0];
    }
}

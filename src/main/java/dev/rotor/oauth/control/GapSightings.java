package dev.rotor.oauth.control;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this instance first saw each missing sequence number of the revocation record, so that a
 * gap is passed {@link FeedPage#GAP_PATIENCE} after it was first seen here, whoever asks and
 * however late the rows around it were committed. A gap is known by its highest missing number
 * (the one right below the next visible row): every lower number of it was missing at least as long.
 */
final class GapSightings {

    /** Past this many remembered gaps, the ones seen longer ago than {@link #REMEMBER} are forgotten. */
    static final int MAX = 10_000;
    static final Duration REMEMBER = Duration.ofHours(1);

    private final Map<Long, Instant> firstSeen = new ConcurrentHashMap<>();

    /** True when {@code missing} has been seen missing here for at least {@code patience}; records the first sighting. */
    boolean passable(long missing, Instant now, Duration patience) {
        if (firstSeen.size() >= MAX) {
            firstSeen.values().removeIf(seen -> seen.isBefore(now.minus(REMEMBER)));
        }
        Instant seen = firstSeen.computeIfAbsent(missing, m -> now);
        return !seen.plus(patience).isAfter(now);
    }

    int size() {
        return firstSeen.size();
    }
}

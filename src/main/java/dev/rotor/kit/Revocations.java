package dev.rotor.kit;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the kit knows from Rotor's revocation feed: ended sessions, and per account the lowest
 * token version ({@code tv}) still accepted. An entry is forgotten once every token it concerns
 * has expired (the feed's horizon), so memory stays bounded by the revocations of one access-token
 * lifetime.
 */
final class Revocations {

    private record Cutoff(long minTokenVersion, Instant forgetAt) {
    }

    private final Map<String, Instant> endedSessions = new ConcurrentHashMap<>();
    private final Map<String, Cutoff> accountCutoffs = new ConcurrentHashMap<>();

    void sessionEnded(String sessionId, Instant forgetAt) {
        endedSessions.merge(sessionId, forgetAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    void accountCutOff(String accountId, long minTokenVersion, Instant forgetAt) {
        accountCutoffs.merge(accountId, new Cutoff(minTokenVersion, forgetAt), (a, b) -> new Cutoff(
                Math.max(a.minTokenVersion(), b.minTokenVersion()),
                a.forgetAt().isAfter(b.forgetAt()) ? a.forgetAt() : b.forgetAt()));
    }

    /** False when the token's session has ended or its account cut off tokens of its version. */
    boolean accepts(String accountId, String sessionId, long tokenVersion) {
        if (sessionId != null && endedSessions.containsKey(sessionId)) {
            return false;
        }
        Cutoff cutoff = accountId == null ? null : accountCutoffs.get(accountId);
        return cutoff == null || tokenVersion >= cutoff.minTokenVersion();
    }

    void forgetBefore(Instant now) {
        endedSessions.values().removeIf(forgetAt -> forgetAt.isBefore(now));
        accountCutoffs.values().removeIf(cutoff -> cutoff.forgetAt().isBefore(now));
    }

    int size() {
        return endedSessions.size() + accountCutoffs.size();
    }
}

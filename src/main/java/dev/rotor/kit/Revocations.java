package dev.rotor.kit;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the kit knows from Rotor's revocation feed: ended sessions, per account the lowest token
 * version ({@code tv}) still accepted, and revoked signing keys. A session or account entry is
 * forgotten once every token it concerns has expired (the feed's horizon), so memory stays bounded
 * by the revocations of one access-token lifetime; a revoked key is kept while the kit runs.
 */
final class Revocations {

    private record Cutoff(long minTokenVersion, Instant forgetAt) {
    }

    private final Map<String, Instant> endedSessions = new ConcurrentHashMap<>();
    private final Map<String, Cutoff> accountCutoffs = new ConcurrentHashMap<>();
    /** Kept while the kit runs: a revoked key's holder could sign tokens with any expiry. */
    private final Set<String> revokedKeys = ConcurrentHashMap.newKeySet();

    void sessionEnded(String sessionId, Instant forgetAt) {
        endedSessions.merge(sessionId, forgetAt, (a, b) -> a.isAfter(b) ? a : b);
    }

    void accountCutOff(String accountId, long minTokenVersion, Instant forgetAt) {
        accountCutoffs.merge(accountId, new Cutoff(minTokenVersion, forgetAt), (a, b) -> new Cutoff(
                Math.max(a.minTokenVersion(), b.minTokenVersion()),
                a.forgetAt().isAfter(b.forgetAt()) ? a.forgetAt() : b.forgetAt()));
    }

    void keyRevoked(String kid) {
        revokedKeys.add(kid);
    }

    /** False when Rotor revoked the key that signed the token. */
    boolean acceptsKey(String kid) {
        return !revokedKeys.contains(kid);
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
        return endedSessions.size() + accountCutoffs.size() + revokedKeys.size();
    }
}

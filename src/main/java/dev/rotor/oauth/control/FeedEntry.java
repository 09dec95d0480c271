package dev.rotor.oauth.control;

import dev.rotor.session.entity.Revocation;
import java.time.Instant;

/** One row of the revocation record as the feed hands it out; {@code keyId} only for a revoked signing key. */
public record FeedEntry(long seq, Revocation.Kind kind, String accountId, String sessionId, Long minTokenVersion,
                        String keyId, Instant recordedAt) {
}

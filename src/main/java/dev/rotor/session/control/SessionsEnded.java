package dev.rotor.session.control;

import java.time.Instant;
import java.util.Set;

/**
 * Fired when sessions end or an account's tokens are cut off; observed after the transaction
 * commits, so caches never learn of a change the database does not hold.
 */
public record SessionsEnded(String accountId, Set<String> sessionIds, Instant tokensValidAfter) {
}

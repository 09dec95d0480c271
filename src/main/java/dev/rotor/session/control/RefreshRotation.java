package dev.rotor.session.control;

import dev.rotor.account.entity.Account;
import dev.rotor.platform.RequestFacts;
import dev.rotor.session.control.RefreshResult.Refusal;
import dev.rotor.session.control.RefreshResult.Refused;
import dev.rotor.session.control.RefreshResult.Retried;
import dev.rotor.session.control.RefreshResult.Rotated;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * The refresh rules, top to bottom, for a token already found genuine
 * ({@link RefreshTokens#verify}: a forgery never gets here). This class decides on the session
 * row it is given, changes that row, and returns what to answer. It takes no lock and writes
 * nothing itself: {@link Refreshes} hands it either the row as read, and writes a rotation only
 * if the row is still as read (compare-and-set), or the row under its lock.
 */
public class RefreshRotation {

    /** Makes what a granted refresh hands out: an access token beside {@code refreshToken}. */
    @FunctionalInterface
    public interface Handout {
        Issued issue(Session session, String refreshToken);
    }

    private final Duration grace;
    private final Duration idleTtl;

    public RefreshRotation(Duration grace, Duration idleTtl) {
        this.grace = grace;
        this.idleTtl = idleTtl;
    }

    /**
     * Decides what {@code token} gets from {@code session}. {@code token} must be verified at the
     * session's generation ({@link RefreshTokens.Verified#at}).
     */
    public RefreshResult rotate(RefreshTokens.Verified token, Session session, String clientId, Account account,
                                Instant now, RequestFacts facts, Handout handout) {
        if (token.generation() != session.generation()) {
            throw new IllegalArgumentException("verified at generation " + token.generation() + ", the row is at " + session.generation());
        }
        long presented = token.token().generation();
        // 1. The session already ended (logout, reuse, admin...): nothing to refresh.
        if (session.status() != SessionStatus.ACTIVE) {
            return new Refused(Refusal.ENDED);
        }
        // 2. Past its absolute or idle expiry: it ends now.
        if (session.isExpired(now)) {
            session.end(SessionStatus.EXPIRED, now);
            return new Refused(Refusal.EXPIRED);
        }
        // 3. Bound to the client that started it, and to an enabled account.
        if (!session.clientId().equals(clientId)) {
            return new Refused(Refusal.OTHER_CLIENT);
        }
        if (!account.isEnabled()) {
            return new Refused(Refusal.ACCOUNT_DISABLED);
        }
        // 4. The current token of a session at its last generation: it ends, and its owner signs in
        //    again (bounds the chain a verification may have to walk).
        if (presented == session.generation() && session.generation() >= RefreshTokens.MAX_GENERATION) {
            session.end(SessionStatus.ROTATION_LIMIT, now);
            return new Refused(Refusal.ROTATION_LIMIT);
        }
        // 5. The current token: rotate to the next generation.
        if (presented == session.generation()) {
            long next = session.generation() + 1;
            byte[] successor = RefreshTokens.successor(token.currentSecret(), session.chainSeed(), next);
            session.rotate(RefreshTokens.hash(successor), now, idleTtl, facts);
            return new Rotated(handout.issue(session, RefreshTokens.format(session.id(), next, successor)));
        }
        // 6. The immediately previous token inside the grace window: a retry (two tabs, a lost
        //    answer). It gets the very successor it got before, so no second branch exists.
        if (presented == session.generation() - 1 && now.isBefore(session.rotatedAt().plus(grace))) {
            session.touch(now, idleTtl, facts);
            return new Retried(handout.issue(session, RefreshTokens.format(session.id(), session.generation(), token.currentSecret())));
        }
        // 7. Any older generation, or the previous one after the window: a replay. Someone holds a
        //    token that was already used, so the whole session ends, the newest holder included.
        session.end(SessionStatus.REUSE_DETECTED, now);
        return new Refused(Refusal.REUSE);
    }
}

package dev.rotor.session.control;

import dev.rotor.platform.RequestFacts;
import dev.rotor.session.entity.Session;
import dev.rotor.session.entity.SessionStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * The refresh rules, top to bottom. The caller holds the family's row lock, so the family
 * seen here is the only truth; this class decides, changes the family, and returns what to answer.
 * Every refusal becomes the same {@code invalid_grant} for the caller; the reason is for the audit log.
 */
public class RefreshRotation {

    private final Duration grace;
    private final Duration idleTtl;

    public RefreshRotation(Duration grace, Duration idleTtl) {
        this.grace = grace;
        this.idleTtl = idleTtl;
    }

    /** Why a refresh token was refused. */
    public enum Refusal { MALFORMED, UNKNOWN, FORGED, ENDED, EXPIRED, OTHER_CLIENT, ACCOUNT_DISABLED, ROTATION_LIMIT, REUSE }

    /** What the presenter gets: a refresh token (and so a fresh access token), or a refusal. */
    public sealed interface Outcome {
    }

    /** Generation advanced; {@code refreshToken} is the new current token. */
    public record Rotated(String refreshToken) implements Outcome {
    }

    /** The previous token came back inside the grace window: the same successor again. */
    public record Retried(String refreshToken) implements Outcome {
    }

    public record Refused(Refusal reason) implements Outcome {
    }

    public Outcome rotate(RefreshTokens.Presented token, Session family, String clientId,
                          boolean accountEnabled, Instant now, RequestFacts facts) {
        // 1. Not a token this family issued (forged, or from the future): refuse, revoke nothing.
        var current = RefreshTokens.currentSecret(token, family);
        if (current.isEmpty()) {
            return new Refused(Refusal.FORGED);
        }
        // 2. The session already ended (logout, reuse, admin...): nothing to refresh.
        if (family.status() != SessionStatus.ACTIVE) {
            return new Refused(Refusal.ENDED);
        }
        // 3. Past its absolute or idle expiry: it ends now.
        if (family.isExpired(now)) {
            family.end(SessionStatus.EXPIRED, now);
            return new Refused(Refusal.EXPIRED);
        }
        // 4. Bound to the client that started it, and to an enabled account.
        if (!family.clientId().equals(clientId)) {
            return new Refused(Refusal.OTHER_CLIENT);
        }
        if (!accountEnabled) {
            return new Refused(Refusal.ACCOUNT_DISABLED);
        }
        // 5. The current token of a session at its last generation: it ends, and its owner signs in
        //    again (bounds the chain a verification may have to walk).
        if (token.generation() == family.generation() && family.generation() >= RefreshTokens.MAX_GENERATION) {
            family.end(SessionStatus.ROTATION_LIMIT, now);
            return new Refused(Refusal.ROTATION_LIMIT);
        }
        // 6. The current token: rotate to the next generation.
        if (token.generation() == family.generation()) {
            long next = family.generation() + 1;
            byte[] successor = RefreshTokens.successor(current.get(), family.chainSeed(), next);
            family.rotate(RefreshTokens.hash(successor), now, idleTtl, facts);
            return new Rotated(RefreshTokens.format(family.id(), next, successor));
        }
        // 7. The immediately previous token inside the grace window: a retry (two tabs, a lost
        //    answer). It gets the very successor it got before, so no second branch exists.
        if (token.generation() == family.generation() - 1 && now.isBefore(family.rotatedAt().plus(grace))) {
            family.touch(now, idleTtl, facts);
            return new Retried(RefreshTokens.format(family.id(), family.generation(), current.get()));
        }
        // 8. Any older generation, or the previous one after the window: a replay. Someone holds a
        //    token that was already used, so the whole family ends, the newest holder included.
        family.end(SessionStatus.REUSE_DETECTED, now);
        return new Refused(Refusal.REUSE);
    }
}

package dev.rotor.session.control;

import java.util.Optional;

/**
 * What presenting a refresh token comes to, from the rules ({@link RefreshRotation}) up to the
 * resources: new tokens, or a refusal. Every refusal becomes the same answer for the presenter
 * ({@code invalid_grant}, or a signed-out browser); its reason is for the audit log.
 */
public sealed interface RefreshResult {

    /** The current token: the session moved to the next generation, {@code issued} carries the new tokens. */
    record Rotated(Issued issued) implements RefreshResult {
    }

    /** The previous token inside the grace window: the same successor again, and a fresh access token. */
    record Retried(Issued issued) implements RefreshResult {
    }

    record Refused(Refusal reason) implements RefreshResult {
    }

    /** Why a refresh token was refused. */
    enum Refusal { UNKNOWN, FORGED, ENDED, EXPIRED, OTHER_CLIENT, ACCOUNT_DISABLED, ROTATION_LIMIT, REUSE }

    /** What the presenter gets: the tokens of a rotation or a retry; empty for a refusal. */
    default Optional<Issued> granted() {
        if (this instanceof Rotated rotated) {
            return Optional.of(rotated.issued());
        }
        if (this instanceof Retried retried) {
            return Optional.of(retried.issued());
        }
        return Optional.empty();
    }
}

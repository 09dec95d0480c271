package dev.rotor.session.entity;

/** A session is ACTIVE until it ends; every other value says why it ended. */
public enum SessionStatus {
    ACTIVE,
    LOGOUT,
    LOGOUT_ALL,
    REUSE_DETECTED,
    ADMIN,
    ACCOUNT_DISABLED,
    EXPIRED,
    /** The oldest session of an account that went past {@code rotor.sessions.max-per-user}. */
    EVICTED,
    /** Reached {@code RefreshTokens.MAX_GENERATION} rotations. */
    ROTATION_LIMIT,
    /** Ended by a password change of its account (every session but the one that changed it). */
    PASSWORD_CHANGED,
    /** Its client was disabled or deleted by an admin. */
    CLIENT_DISABLED,
    /** The user revoked their consent to its (third-party) client. */
    CONSENT_REVOKED,
    /** Started by an authorization code that was then used a second time (RFC 6749 §4.1.2). */
    CODE_REUSED,
    /** The Rotor sign-in it was linked to detected a refresh-token reuse (see {@code SessionEnds}). */
    SIGN_IN_REUSE,
    /** The account added or removed a second factor (from another session), or an admin removed its factors. */
    FACTOR_CHANGED
}

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
    PASSWORD_CHANGED
}

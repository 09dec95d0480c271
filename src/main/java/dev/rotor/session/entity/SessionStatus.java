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
    PASSWORD_CHANGED
}

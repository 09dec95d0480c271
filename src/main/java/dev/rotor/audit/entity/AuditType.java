package dev.rotor.audit.entity;

/** What happened. Routine rotations are counted, not audited (see {@code Sessions.rotationCount()}). */
public enum AuditType {
    ACCOUNT_REGISTERED,
    LOGIN_SUCCEEDED,
    LOGIN_FAILED,
    SESSION_STARTED,
    REFRESH_REFUSED,
    REUSE_DETECTED,
    LOGOUT,
    LOGOUT_ALL,
    SESSION_ENDED_BY_OWNER,
    ADMIN_CREATED_USER,
    ADMIN_UPDATED_USER,
    ADMIN_DISABLED_USER,
    ADMIN_ENABLED_USER,
    ADMIN_LOGOUT_ALL,
    ADMIN_ENDED_SESSION,
    SESSION_EVICTED
}

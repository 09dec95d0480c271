package dev.rotor.audit.entity;

/** What happened. Routine rotations are counted, not audited (see {@code Refreshes.rotationCount()}). */
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
    SESSION_EVICTED,
    LOGIN_THROTTLED,
    PASSWORD_CHANGED,
    /** A password change refused: a wrong current password, or a temporary-password replacement that was not allowed. */
    PASSWORD_CHANGE_REFUSED,
    ADMIN_SET_PASSWORD,
    ADMIN_UNBLOCKED,
    SIGNING_KEY_ROTATED,
    SIGNING_KEY_REVOKED,
    /** A resource server's HTTP Basic authentication failed (introspection, revocation feed). */
    CLIENT_AUTH_FAILED,
    /** An address reached the limit of failed resource-server authentications. */
    CLIENT_AUTH_THROTTLED,
    /** An admin registered an OAuth client (detail: its id, type, grants). */
    CLIENT_REGISTERED,
    CLIENT_UPDATED,
    CLIENT_DISABLED,
    CLIENT_ENABLED,
    CLIENT_DELETED,
    CLIENT_SECRET_ADDED,
    CLIENT_SECRET_REMOVED,
    /** A user allowed a third-party client the scopes it asked for. */
    CONSENT_GRANTED,
    /** A user revoked a client's consent (its sessions of that user end). */
    CONSENT_REVOKED,
    /** An authorization code was presented a second time: the session its first use started ends. */
    CODE_REUSED,
    /** A client-credentials access token was issued (detail: client and scope). */
    CLIENT_TOKEN_ISSUED,
    /** A back-channel logout token was delivered to a client's logout URI (detail: client, attempt). */
    BACKCHANNEL_LOGOUT_DELIVERED,
    /** A back-channel logout attempt failed (detail: client, attempt, what went wrong, next attempt or given up). */
    BACKCHANNEL_LOGOUT_FAILED,
    /** The password was right and the account has a second factor: a second step was asked for. */
    SECOND_FACTOR_REQUIRED,
    /** A second step succeeded (detail: which factor). */
    SECOND_FACTOR_SUCCEEDED,
    /** A second step failed: a wrong, replayed or malformed code or passkey response (detail: which factor). */
    SECOND_FACTOR_FAILED,
    /** A username-less sign-in with a passkey. */
    PASSKEY_SIGN_IN,
    PASSKEY_ADDED,
    PASSKEY_RENAMED,
    PASSKEY_REMOVED,
    /** An authenticator app was confirmed (enrolled). */
    TOTP_ENROLLED,
    TOTP_REMOVED,
    RECOVERY_CODES_GENERATED,
    /** A recovery code was used (detail: how many remain). */
    RECOVERY_CODE_USED,
    /** An admin removed all of a user's second factors (the user's sessions end). */
    ADMIN_REMOVED_FACTORS
}

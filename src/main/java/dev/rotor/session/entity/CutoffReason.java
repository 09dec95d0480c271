package dev.rotor.session.entity;

/** Why every access token of an account was cut off at once. */
public enum CutoffReason {
    LOGOUT_ALL,
    ACCOUNT_DISABLED,
    ROLES_CHANGED,
    PASSWORD_CHANGED
}

package dev.rotor.factor.entity;

/** What an {@link AuthChallenge} waits for. */
public enum ChallengePurpose {
    /** The password was right and the account has a factor: the second step. */
    SECOND_FACTOR,
    /** The password was right, the policy requires a factor and the account has none: enrol one, then signed in. */
    ENROLMENT,
    /** A username-less sign-in with a discoverable passkey (no password). */
    PASSKEY_SIGN_IN,
    /** A signed-in user registers a passkey from the account page. */
    PASSKEY_REGISTRATION
}

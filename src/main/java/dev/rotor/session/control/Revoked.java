package dev.rotor.session.control;

/** What presenting a token to end its session did. */
public enum Revoked {
    /** The token's session was active and has ended. */
    ENDED,
    /** Nothing to end: the token is unknown, forged, expired or cut off, or its session had ended already. */
    NOTHING,
    /** The token is genuine and its session active, but it was issued to another client: nothing ended. */
    OTHER_CLIENT
}

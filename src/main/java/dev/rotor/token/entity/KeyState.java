package dev.rotor.token.entity;

/** Where a signing key is in its life, derived from its instants and the clock. */
public enum KeyState {
    /** Published in the JWKS, not signing yet (waits for resource servers' JWKS caches). */
    NEXT,
    /** Signs new access tokens; published. */
    CURRENT,
    /** Superseded; stays published until every token it signed has expired. */
    PREVIOUS,
    /** Gone from the JWKS; kept as a record. */
    RETIRED,
    /** Gone from the JWKS at once; its tokens are refused. */
    REVOKED
}

package dev.rotor.token.entity;

import java.time.Instant;

/**
 * Fired in the transaction that revokes a signing key, so the revocation log (a later package)
 * records it there and resource servers learn of it through the revocation feed.
 */
public record KeyRevoked(String kid, Instant at) {
}

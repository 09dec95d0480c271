package dev.rotor.oauth.control;

import java.time.Instant;
import java.util.List;

/**
 * What RFC 7662 §2.2 reports about an active token. {@code audience} and {@code tokenType} are
 * null for refresh tokens, which have neither.
 */
public record TokenFacts(String subject, String username, String clientId, Instant expiresAt, Instant issuedAt,
                         String sessionId, String issuer, List<String> audience, String tokenType) {
}

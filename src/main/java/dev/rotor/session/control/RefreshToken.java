package dev.rotor.session.control;

/**
 * A refresh token as presented, split into its parts by {@link RefreshTokens#parse}: the session
 * it names, its generation and its secret. Says nothing yet about whether it is genuine; that is
 * {@link RefreshTokens#verify}'s answer.
 */
public record RefreshToken(String sessionId, long generation, byte[] secret) {
}

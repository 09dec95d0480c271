package dev.rotor.access.control;

import dev.rotor.token.control.AccessTokenIssuer;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The claims Rotor reads from a verified access token, read once per token.
 *
 * <p>Payara's {@code JsonWebToken} converts the claim from JSON on every {@code getClaim}. The
 * authentication mechanism keeps one of these with each token it has verified and hands it to the
 * request's {@link Caller}, so the cut-off and the endpoints read plain fields. The record holds
 * the token it was read from, and {@link Caller#claims} trusts it only for that very token.
 */
public record AccessClaims(JsonWebToken token, String subject, String username, Set<String> groups,
                           String sessionId, long tokenVersion) {

    /** Whether the token is a client's own (client credentials): it names no user ({@code upn}). */
    public boolean isClient() {
        return username == null;
    }

    /** Reads the claims from the token now. */
    public static AccessClaims read(JsonWebToken token) {
        Set<String> groups = token.getGroups();
        return new AccessClaims(token, token.getSubject(), token.getClaim(Claims.upn.name()),
                groups == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(groups)),
                AccessTokenIssuer.sessionIdOf(token), AccessTokenIssuer.tokenVersionOf(token));
    }
}

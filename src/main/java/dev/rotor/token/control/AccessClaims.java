package dev.rotor.token.control;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The claims Rotor reads from a verified access token, read once per token.
 *
 * <p>Payara's {@code JsonWebToken} converts the claim from JSON on every {@code getClaim}. The
 * authentication mechanism keeps one of these with each token it has verified and leaves it on the
 * request under {@link #ATTRIBUTE}, so the cut-off and the endpoints read plain fields (issue 12).
 * The record holds the token it was read from, and {@link #of} trusts it only for that very token.
 */
public record AccessClaims(JsonWebToken token, String subject, String username, Set<String> groups,
                           String sessionId, long tokenVersion) {

    /** Request attribute: the claims of the token the caller was authenticated with. */
    public static final String ATTRIBUTE = "dev.rotor.access-claims";

    /** Reads the claims from the token now. */
    public static AccessClaims read(JsonWebToken token) {
        Set<String> groups = token.getGroups();
        return new AccessClaims(token, token.getSubject(), token.getClaim(Claims.upn.name()),
                groups == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(groups)),
                AccessTokenIssuer.sessionIdOf(token), AccessTokenIssuer.tokenVersionOf(token));
    }

    /**
     * The claims of {@code token}: those the request carries ({@code attached}, the value of
     * {@link #ATTRIBUTE}) when they were read from this same token object, else read now.
     */
    public static AccessClaims of(JsonWebToken token, Object attached) {
        return attached instanceof AccessClaims claims && claims.token() == token ? claims : read(token);
    }
}

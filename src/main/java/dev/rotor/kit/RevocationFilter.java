package dev.rotor.kit;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * After MicroProfile JWT has verified a token, and before any role check, refuses it with 401 when
 * Rotor has ended its session ({@code sid}) or cut off its account's tokens of its version
 * ({@code tv}). While the feed is stale it refuses every token (fail closed, the default) or lets
 * them through on what it last knew ({@code rotor.kit.fail-open=true}).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class RevocationFilter implements ContainerRequestFilter {

    static final String SESSION_ID = "sid";
    static final String TOKEN_VERSION = "tv";

    @Inject
    FeedFollower feed;

    @Inject
    KitSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        if (feed.stale() && !settings.failOpen()) {
            request.abortWith(KitProblems.unauthorized("rotor-unreachable",
                    "Rotor's revocation feed cannot be reached, so no token can be trusted now. Try again shortly."));
            return;
        }
        if (!feed.accepts(jwt.getSubject(), stringClaim(jwt, SESSION_ID), tokenVersion(jwt))) {
            request.abortWith(KitProblems.unauthorized("session-ended", "This session has ended. Sign in again."));
        }
    }

    private static String stringClaim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        return value == null ? null : value.toString().replace("\"", "");
    }

    /** The token's {@code tv}; a token without one counts as version 0, so any account cut-off applies to it. */
    static long tokenVersion(JsonWebToken jwt) {
        Object value = jwt.getClaim(TOKEN_VERSION);
        if (value instanceof JsonNumber number) {
            return number.longValue();
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return value == null ? 0 : Long.parseLong(value.toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

package dev.rotor.kit;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * After MicroProfile JWT has verified a token, and before any role check, refuses it with 401 when
 * it names no session ({@code sid}) or no key ({@code kid}: Rotor's tokens always carry both),
 * when Rotor has revoked its signing key (at once, not when the cached key set expires), ended its
 * session or cut off its account's tokens of its version ({@code tv}). While the feed is stale it refuses every token (fail closed, the default) or lets
 * them through on what it last knew ({@code rotor.kit.fail-open=true}).
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class RevocationFilter implements ContainerRequestFilter {

    static final String SESSION_ID = "sid";
    static final String TOKEN_VERSION = "tv";
    static final int KNOWN_HEADERS_MAX = 64;
    private static final Map<String, String> KIDS_BY_HEADER = new ConcurrentHashMap<>();
    /** Looked up once: {@code Json.create…} runs a ServiceLoader scan on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();

    @Inject
    FeedFollower feed;

    @Inject
    KitSettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        String sessionId = stringClaim(jwt, SESSION_ID);
        String kid = kidOf(jwt.getRawToken());
        if (sessionId == null || sessionId.isEmpty() || kid == null) {
            request.abortWith(KitProblems.unauthorized("invalid-token",
                    "The token names no session or no signing key, so it cannot be checked against Rotor's revocations."));
            return;
        }
        if (feed.stale() && !settings.failOpen()) {
            request.abortWith(KitProblems.unauthorized("rotor-unreachable",
                    "Rotor's revocation feed cannot be reached, so no token can be trusted now. Try again shortly."));
            return;
        }
        if (!feed.acceptsKey(kid)) {
            request.abortWith(KitProblems.unauthorized("key-revoked", "The key that signed this token was revoked. Sign in again."));
            return;
        }
        if (!feed.accepts(jwt.getSubject(), sessionId, tokenVersion(jwt))) {
            request.abortWith(KitProblems.unauthorized("session-ended", "This session has ended. Sign in again."));
        }
    }

    /**
     * The {@code kid} in a compact JWS's header, or null when there is none. Every token one key
     * signs carries the same header, so a parsed header's kid is kept (a few; more only from odd tokens).
     */
    static String kidOf(String token) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        String header = token.substring(0, dot);
        String known = KIDS_BY_HEADER.get(header);
        if (known != null) {
            return known;
        }
        String kid;
        try (var reader = JSON.createReader(new StringReader(new String(Base64.getUrlDecoder().decode(header), StandardCharsets.UTF_8)))) {
            kid = reader.readObject().get("kid") instanceof JsonString value ? value.getString() : null;
        } catch (RuntimeException malformed) {
            return null;
        }
        if (kid != null) {
            if (KIDS_BY_HEADER.size() >= KNOWN_HEADERS_MAX) {
                KIDS_BY_HEADER.clear();
            }
            KIDS_BY_HEADER.put(header, kid);
        }
        return kid;
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

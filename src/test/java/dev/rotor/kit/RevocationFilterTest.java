package dev.rotor.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The kit's filter on tokens MicroProfile JWT has verified: what it refuses and why. */
class RevocationFilterTest {

    private final RevocationFilter cut = new RevocationFilter();
    private final FeedFollower feed = new FeedFollower();
    private Response refused;

    @BeforeEach
    void wire() {
        var settings = new KitSettings();
        settings.baseUrl = "https://rotor.example";
        settings.issuer = Optional.empty();
        settings.maxStaleness = Duration.ofSeconds(10);
        feed.settings = settings;
        feed.clock = Clock.fixed(Instant.parse("2026-01-01T10:00:00Z"), ZoneOffset.UTC);
        feed.take(0, jakarta.json.spi.JsonProvider.provider().createReader(new java.io.StringReader(
                "{\"cursor\":1,\"revocations\":[{\"seq\":1,\"kind\":\"key\",\"kid\":\"revoked-key\"}],\"more\":false,"
                        + "\"horizon_seconds\":960,\"head\":1}")).readObject());
        cut.feed = feed;
        cut.settings = settings;
    }

    private static String raw(String kid) {
        var encoder = Base64.getUrlEncoder().withoutPadding();
        String header = kid == null ? "{\"alg\":\"RS256\"}" : "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}";
        return encoder.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + ".e30.c2ln";
    }

    /** Runs the filter on a verified token with these claims; the answer it aborted with, or null. */
    private Response filter(String kid, String sid) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "a1");
        claims.put("raw_token", raw(kid));
        if (sid != null) {
            claims.put("sid", sid);
        }
        InvocationHandler jwtHandler = (proxy, method, args) -> switch (method.getName()) {
            case "getClaim" -> args[0] instanceof String name ? claims.get(name) : InvocationHandler.invokeDefault(proxy, method, args);
            case "getName" -> "a1";
            default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : null;
        };
        var jwt = (JsonWebToken) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JsonWebToken.class}, jwtHandler);
        var security = (SecurityContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SecurityContext.class},
                (proxy, method, args) -> "getUserPrincipal".equals(method.getName()) ? jwt : null);
        refused = null;
        var request = (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, method, args) -> {
                    if ("getSecurityContext".equals(method.getName())) {
                        return security;
                    }
                    if ("abortWith".equals(method.getName())) {
                        refused = (Response) args[0];
                    }
                    return null;
                });
        cut.filter(request);
        return refused;
    }

    private static String type(Response response) {
        return response.getEntity().toString().replaceAll(".*\"type\":\"https://rotor.dev/problems/([a-z-]+)\".*", "$1");
    }

    @Test
    void aTokenOfALiveSessionSignedByAGoodKeyPasses() {
        assertNull(filter("good-key", "s1"));
    }

    @Test
    void aTokenSignedByARevokedKeyIsRefusedAtOnce() {
        Response answer = filter("revoked-key", "s1");
        assertEquals(401, answer.getStatus());
        assertEquals("key-revoked", type(answer));
    }

    @Test
    void aTokenWithoutASessionIsRefused() {
        Response answer = filter("good-key", null);
        assertEquals(401, answer.getStatus());
        assertEquals("invalid-token", type(answer));
        assertEquals("Bearer realm=\"rotor\", error=\"invalid_token\"", answer.getHeaderString("WWW-Authenticate"));
    }

    @Test
    void aTokenThatNamesNoKeyIsRefused() {
        assertEquals("invalid-token", type(filter(null, "s1")));
    }

    @Test
    void theKidIsReadFromTheHeader() {
        assertEquals("k-9", RevocationFilter.kidOf(raw("k-9")));
        assertNull(RevocationFilter.kidOf(raw(null)));
        assertNull(RevocationFilter.kidOf("!!!.e30.c2ln"));
        assertNull(RevocationFilter.kidOf("nodots"));
        assertNull(RevocationFilter.kidOf(null));
    }
}

package dev.rotor.browser.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.rotor.client.control.Clients;
import dev.rotor.platform.RotorSettings;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * CORS answers: the cookie allowlist with credentials, a registered client's web origin without,
 * any other origin nothing; the exact origin echoed, never a pattern, and every answer varies by Origin.
 */
class CorsFilterTest {

    static final String COOKIE_ORIGIN = "https://app.shop.example";
    static final String CLIENT_ORIGIN = "https://spa.partner.example";

    final CorsFilter cut = new CorsFilter();
    Response aborted;

    CorsFilterTest() {
        cut.origins = policy();
    }

    static OriginPolicy policy() {
        var policy = new OriginPolicy();
        policy.settings = RotorSettings.defaults().withIssuer("https://auth.shop.example");
        policy.allowedOrigins = Optional.of(COOKIE_ORIGIN);
        policy.clients = new Clients() {
            @Override
            public boolean isWebOrigin(String origin) {
                return CLIENT_ORIGIN.equalsIgnoreCase(origin);
            }
        };
        return policy;
    }

    @Test
    void aClientWebOriginIsEchoedWithoutCredentials() {
        var headers = respond("GET", CLIENT_ORIGIN);
        assertEquals(List.of(CLIENT_ORIGIN), headers.get("Access-Control-Allow-Origin"));
        assertNull(headers.get("Access-Control-Allow-Credentials"));
        assertEquals(List.of("Origin"), headers.get("Vary"));
    }

    @Test
    void anAllowlistedOriginKeepsItsCredentials() {
        var headers = respond("POST", COOKIE_ORIGIN);
        assertEquals(List.of(COOKIE_ORIGIN), headers.get("Access-Control-Allow-Origin"));
        assertEquals(List.of("true"), headers.get("Access-Control-Allow-Credentials"));
    }

    @Test
    void anyOtherOriginGetsNoCorsHeader() {
        for (String origin : new String[] {"https://evil.example", "https://spa.partner.example.evil.example", "null", "*"}) {
            var headers = respond("GET", origin);
            assertNull(headers.get("Access-Control-Allow-Origin"), origin);
            assertEquals(List.of("Origin"), headers.get("Vary"));
        }
        assertNull(respond("GET", null).get("Access-Control-Allow-Origin"));
    }

    @Test
    void aClientsPreflightMayAskForAuthorizationAndContentType() {
        Response preflight = preflight(CLIENT_ORIGIN);
        assertEquals(204, preflight.getStatus());
        assertEquals("Authorization, Content-Type", preflight.getHeaderString("Access-Control-Allow-Headers"));
        assertFalse(preflight.getHeaderString("Access-Control-Allow-Headers").contains("X-CSRF-Token"), "it sends no cookie to protect");
        assertEquals("Content-Type, X-CSRF-Token, Authorization", preflight(COOKIE_ORIGIN).getHeaderString("Access-Control-Allow-Headers"));
        assertNull(preflight("https://evil.example"), "no answer of its own: the request goes on and gets no CORS header");
    }

    @Test
    void aClientWebOriginNeverPassesTheCookieOriginCheck() {
        OriginPolicy policy = policy();
        assertFalse(policy.permitsStateChange(CLIENT_ORIGIN, "cross-site", "https", "auth.shop.example"));
        assertFalse(policy.permitsStateChange(CLIENT_ORIGIN, "same-site", "https", "auth.shop.example"));
        assertFalse(policy.permitsStateChange(CLIENT_ORIGIN, null, "https", "auth.shop.example"));
        assertEquals(OriginPolicy.CrossOrigin.WITHOUT_CREDENTIALS, policy.crossOrigin(CLIENT_ORIGIN));
        assertEquals(OriginPolicy.CrossOrigin.WITH_CREDENTIALS, policy.crossOrigin(COOKIE_ORIGIN));
        assertEquals(OriginPolicy.CrossOrigin.NONE, policy.crossOrigin("null"));
    }

    private Response preflight(String origin) {
        aborted = null;
        cut.filter(request("OPTIONS", origin, Map.of("Access-Control-Request-Method", "POST")));
        return aborted;
    }

    private MultivaluedMap<String, Object> respond(String method, String origin) {
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        cut.filter(request(method, origin, Map.of()), fake(ContainerResponseContext.class, (name, args) -> switch (name) {
            case "getHeaders" -> headers;
            default -> throw new UnsupportedOperationException(name);
        }));
        return headers;
    }

    private ContainerRequestContext request(String method, String origin, Map<String, String> more) {
        return fake(ContainerRequestContext.class, (name, args) -> switch (name) {
            case "getMethod" -> method;
            case "getHeaderString" -> "Origin".equals(args[0]) ? origin : more.get((String) args[0]);
            case "abortWith" -> {
                aborted = (Response) args[0];
                yield null;
            }
            default -> throw new UnsupportedOperationException(name);
        });
    }

    interface Answer {
        Object answer(String name, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(CorsFilterTest.class.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args));
    }
}

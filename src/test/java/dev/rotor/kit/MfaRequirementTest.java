package dev.rotor.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** {@link RequiresMfa}: which tokens pass, and the RFC 9470 §3 challenge for the others. */
class MfaRequirementTest {

    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");

    @RequiresMfa
    static class Guarded {
        public void any() {
        }

        @RequiresMfa(maxAgeSeconds = 300)
        public void recent() {
        }
    }

    @RequiresMfa(maxAgeSeconds = 60)
    static class RecentClass {
        public void inherits() {
        }
    }

    private Response refused;

    private Response filter(Class<?> type, String method, Object amr, Object authTime) throws Exception {
        var cut = new MfaRequirement();
        cut.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        Method resourceMethod = type.getMethod(method);
        cut.resource = new ResourceInfo() {
            @Override
            public Method getResourceMethod() {
                return resourceMethod;
            }

            @Override
            public Class<?> getResourceClass() {
                return type;
            }
        };
        Map<String, Object> claims = new HashMap<>();
        claims.put("amr", amr);
        claims.put("auth_time", authTime);
        InvocationHandler jwtHandler = (proxy, m, args) -> switch (m.getName()) {
            case "getClaim" -> args[0] instanceof String name ? claims.get(name) : InvocationHandler.invokeDefault(proxy, m, args);
            default -> m.isDefault() ? InvocationHandler.invokeDefault(proxy, m, args) : null;
        };
        var jwt = (JsonWebToken) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {JsonWebToken.class}, jwtHandler);
        var security = (SecurityContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SecurityContext.class},
                (proxy, m, args) -> "getUserPrincipal".equals(m.getName()) ? jwt : null);
        refused = null;
        var request = (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, m, args) -> {
                    if ("getSecurityContext".equals(m.getName())) {
                        return security;
                    }
                    if ("abortWith".equals(m.getName())) {
                        refused = (Response) args[0];
                    }
                    return null;
                });
        cut.filter(request);
        return refused;
    }

    private static jakarta.json.JsonArray amr(String... values) {
        return JSON.createArrayBuilder(List.of(values)).build();
    }

    @Test
    void aMultiFactorTokenPasses() throws Exception {
        assertNull(filter(Guarded.class, "any", amr("pwd", "otp", "mfa"), JSON.createValue(NOW.getEpochSecond() - 86_400)));
        assertNull(filter(Guarded.class, "any", Set.of("\"hwk\"", "\"mfa\""), null), "a set of quoted strings, as some MP JWT versions give");
        assertNull(filter(Guarded.class, "recent", amr("pwd", "mfa"), JSON.createValue(NOW.getEpochSecond() - 300)));
    }

    @Test
    void aPasswordOnlyTokenGetsTheStepUpChallenge() throws Exception {
        Response answer = filter(Guarded.class, "any", amr("pwd"), JSON.createValue(NOW.getEpochSecond()));
        assertEquals(401, answer.getStatus());
        assertEquals("Bearer error=\"insufficient_user_authentication\", error_description=\"This call needs a sign-in with a second factor.\","
                + " acr_values=\"mfa\"", answer.getHeaderString("WWW-Authenticate"));
        assertEquals("application/problem+json", answer.getMediaType().toString());
        var body = JSON.createReader(new java.io.StringReader(answer.getEntity().toString())).readObject();
        assertEquals("https://rotor.dev/problems/insufficient-user-authentication", body.getString("type"));
        assertEquals(401, body.getInt("status"));
        assertEquals("no-store", answer.getHeaderString("Cache-Control"));
    }

    @Test
    void noAmrAtAllIsNoSecondFactor() throws Exception {
        assertEquals(401, filter(Guarded.class, "any", null, null).getStatus());
        assertEquals(401, filter(Guarded.class, "any", JSON.createValue("pwd"), null).getStatus());
        assertEquals(401, filter(Guarded.class, "any", amr("pwd", "mfax"), null).getStatus());
    }

    @Test
    void anOldSignInGetsMaxAgeInTheChallenge() throws Exception {
        Response answer = filter(Guarded.class, "recent", amr("pwd", "otp", "mfa"), JSON.createValue(NOW.getEpochSecond() - 301));
        assertEquals(401, answer.getStatus());
        String challenge = answer.getHeaderString("WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer error=\"insufficient_user_authentication\", error_description=\""), challenge);
        assertTrue(challenge.endsWith(", acr_values=\"mfa\", max_age=\"300\""), challenge);
        assertEquals(401, filter(Guarded.class, "recent", amr("pwd", "mfa"), null).getStatus(), "no auth_time: its age is unknown");
    }

    @Test
    void aClassAnnotationAppliesToItsMethods() throws Exception {
        assertNull(filter(RecentClass.class, "inherits", amr("mfa"), 1767261600L - 60));
        Response old = filter(RecentClass.class, "inherits", amr("mfa"), 1767261600L - 61);
        assertTrue(old.getHeaderString("WWW-Authenticate").endsWith("max_age=\"60\""), old.getHeaderString("WWW-Authenticate"));
    }

    @Test
    void aRequestWithoutATokenIsLeftToTheRoleCheck() {
        var cut = new MfaRequirement();
        var security = (SecurityContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SecurityContext.class},
                (proxy, m, args) -> null);
        var request = (ContainerRequestContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ContainerRequestContext.class}, (proxy, m, args) -> {
                    if ("abortWith".equals(m.getName())) {
                        throw new AssertionError("refused a request without a token");
                    }
                    return "getSecurityContext".equals(m.getName()) ? security : null;
                });
        cut.filter(request);
    }
}

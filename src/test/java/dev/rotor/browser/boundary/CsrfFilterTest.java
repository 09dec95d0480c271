package dev.rotor.browser.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.access.boundary.AccessTokenFilter;
import dev.rotor.access.boundary.NeedsCaller;
import dev.rotor.access.control.Caller;
import dev.rotor.browser.control.CsrfGuard;
import dev.rotor.browser.control.RefreshCookie;
import dev.rotor.oauth.boundary.IntrospectionResource;
import dev.rotor.oauth.boundary.TokenResource;
import dev.rotor.platform.RotorSettings;
import dev.rotor.selfservice.boundary.SessionsResource;
import dev.rotor.session.control.RefreshToken;
import dev.rotor.session.control.RefreshTokens;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The CSRF rule decided from the matched resource method alone: the path the request spelled is
 * not even offered to the filter here, so no spelling of it can change the verdict.
 */
class CsrfFilterTest {

    static final String SESSION = "11111111-2222-3333-4444-555555555555";
    static final String REFRESH = SESSION + ".0." + "A".repeat(43);

    final Map<String, String> headers = new HashMap<>();
    Response aborted;

    CsrfFilter cut = new CsrfFilter();

    CsrfFilterTest() {
        cut.caller = new Caller();
        cut.csrf = new CsrfGuard() {
            @Override
            public boolean matches(String sessionId, String presented) {
                return ("csrf-of-" + sessionId).equals(presented);
            }
        };
        cut.refreshCookie = new RefreshCookie() {
            @Override
            public boolean present(HttpServletRequest request) {
                return true;
            }

            @Override
            public Optional<RefreshToken> token(HttpServletRequest request) {
                return RefreshTokens.parse(REFRESH);
            }
        };
        cut.origins = new OriginPolicy();
        cut.origins.settings = RotorSettings.defaults();
        cut.origins.allowedOrigins = Optional.empty();
        cut.request = fake(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getHeader" -> headers.get((String) args[0]);
            case "getScheme" -> "http";
            default -> null;
        });
    }

    private Response send(String httpMethod, Class<?> resource, String javaMethod, Class<?>... parameters) throws Exception {
        Method method = resource.getMethod(javaMethod, parameters);
        cut.resource = fake(ResourceInfo.class, (name, args) -> switch (name) {
            case "getResourceMethod" -> method;
            case "getResourceClass" -> resource;
            default -> null;
        });
        aborted = null;
        cut.filter(fake(ContainerRequestContext.class, (name, args) -> switch (name) {
            case "getMethod" -> httpMethod;
            case "getHeaderString" -> headers.get((String) args[0]);
            case "getSecurityContext" -> fake(jakarta.ws.rs.core.SecurityContext.class, (n, a) -> null);
            case "abortWith" -> {
                aborted = (Response) args[0];
                yield null;
            }
            default -> null;
        }));
        return aborted;
    }

    @Test
    void logoutWithoutTheHeaderIsRefusedAndWithItPasses() throws Exception {
        assertEquals(403, send("POST", BrowserSessionResource.class, "logout").getStatus());
        headers.put(CsrfFilter.HEADER, "csrf-of-" + SESSION);
        assertNull(send("POST", BrowserSessionResource.class, "logout"));
    }

    @Test
    void refreshFromAnotherSiteIsRefusedEvenWithTheHeader() throws Exception {
        headers.put(CsrfFilter.HEADER, "csrf-of-" + SESSION);
        headers.put("Origin", "https://evil.example");
        assertEquals(403, send("POST", BrowserSessionResource.class, "refresh").getStatus());
    }

    @Test
    void signInGetsTheOriginCheckOnly() throws Exception {
        headers.put("Origin", "https://evil.example");
        assertEquals(403, send("POST", BrowserSessionResource.class, "login", java.io.InputStream.class).getStatus());
        headers.put("Origin", "http://localhost:8080");
        assertNull(send("POST", BrowserSessionResource.class, "login", java.io.InputStream.class));
    }

    @Test
    void aCallerMethodNeedsTheHeaderOnlyWhenTheAccessCookieAuthenticated() throws Exception {
        assertNull(send("POST", SessionsResource.class, "logoutAll"), "bearer callers carry no ambient credential");
        cut.caller.presentedAccessCookie();
        assertEquals(403, send("POST", SessionsResource.class, "logoutAll").getStatus());
    }

    @Test
    void aResourceServerEndpointIsACallerMethodTooSoAnAdminsCookieNeedsTheHeader() throws Exception {
        cut.caller.presentedAccessCookie();
        assertEquals(403, send("POST", IntrospectionResource.class, "introspect", jakarta.ws.rs.core.MultivaluedMap.class,
                HttpServletRequest.class).getStatus());
    }

    /**
     * One decision: for every state-changing resource method of the WAR that proves nothing of its
     * own ({@link CsrfProof}), a cookie caller without the header is refused exactly where
     * {@link NeedsCaller} binds {@link AccessTokenFilter}.
     */
    @Test
    void csrfDemandsTheHeaderExactlyWhereTheAccessTokenChecksAreBound() throws Exception {
        cut.caller.presentedAccessCookie();
        List<String> needCaller = new ArrayList<>();
        for (var entry : StateChangingMethodsTest.stateChangingMethods().entrySet()) {
            Method method = entry.getValue();
            if (method.isAnnotationPresent(CsrfProof.class)) {
                continue;
            }
            boolean bound = accessTokenFilterBound(method.getDeclaringClass(), method);
            boolean refused = send(verbOf(entry.getKey()), method.getDeclaringClass(), method.getName(), method.getParameterTypes()) != null;
            assertEquals(bound, refused, entry.getKey() + ": access-token checks bound " + bound + ", CSRF refused " + refused);
            if (bound) {
                needCaller.add(entry.getKey());
            }
        }
        assertTrue(needCaller.containsAll(List.of("POST /auth/logout-all", "POST /oauth2/introspect", "PATCH /admin/api/users/{id}")),
                needCaller.toString());
        assertTrue(!needCaller.contains("POST /oauth2/token") && !needCaller.contains("POST /auth/register"), needCaller.toString());
    }

    /** Whether {@link NeedsCaller}, as JAX-RS calls it at start, binds the access-token checks to this method. */
    private static boolean accessTokenFilterBound(Class<?> resource, Method method) {
        var feature = new NeedsCaller();
        List<Object> registered = new ArrayList<>();
        feature.configure(fake(ResourceInfo.class, (name, args) -> switch (name) {
            case "getResourceMethod" -> method;
            case "getResourceClass" -> resource;
            default -> null;
        }), fake(FeatureContext.class, (name, args) -> {
            if (name.equals("register")) {
                registered.add(args[0]);
            }
            return null;
        }));
        return registered.stream().anyMatch(AccessTokenFilter.class::isInstance);
    }

    private static String verbOf(String endpoint) {
        return endpoint.substring(0, endpoint.indexOf(' '));
    }

    @Test
    void safeMethodsAndEndpointsWithoutCookiesAreLeftAlone() throws Exception {
        cut.caller.presentedAccessCookie();
        assertNull(send("GET", SessionsResource.class, "mine", String.class, String.class));
        assertNull(send("POST", TokenResource.class, "token", jakarta.ws.rs.core.MultivaluedMap.class,
                jakarta.servlet.http.HttpServletRequest.class));
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
                return "fake " + type.getSimpleName();
            }
            Object value = answer.apply(method.getName(), args);
            if (value == null && method.getReturnType() == boolean.class) {
                return false;
            }
            return value;
        });
    }
}

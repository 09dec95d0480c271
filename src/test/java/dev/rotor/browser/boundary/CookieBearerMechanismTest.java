package dev.rotor.browser.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.browser.control.BrowserCookies;
import dev.rotor.token.control.AccessTokenCheck;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which credential the cookie bridge hands to MicroProfile JWT: an {@code Authorization} header
 * always wins; otherwise the access cookie, only when its token is ours and unexpired, and then the
 * request is marked cookie-authenticated so the CSRF rule applies.
 */
class CookieBearerMechanismTest {

    static final String GOOD = "good.token.signature";
    static final String STALE = "stale.token.signature";

    final Map<String, String> headers = new HashMap<>();
    final Map<String, Object> attributes = new HashMap<>();
    final List<Cookie> cookies = new ArrayList<>();
    final List<String> checked = new ArrayList<>();
    final BrowserCookies names = new BrowserCookies();
    HttpServletRequest handedOn;

    CookieBearerMechanism cut = new CookieBearerMechanism();

    CookieBearerMechanismTest() {
        cut.cookies = names;
        cut.tokens = new AccessTokenCheck() {
            @Override
            public boolean isSignedAndUnexpired(String token) {
                checked.add(token);
                return GOOD.equals(token);
            }
        };
        cut.mpJwt = new HttpAuthenticationMechanism() {
            @Override
            public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                        HttpMessageContext context) {
                handedOn = request;
                return AuthenticationStatus.SUCCESS;
            }
        };
    }

    final HttpServletRequest request = fake(HttpServletRequest.class, (name, args) -> switch (name) {
        case "getHeader" -> headers.get((String) args[0]);
        case "getHeaders" -> Collections.enumeration(headers.containsKey((String) args[0]) ? List.of(headers.get((String) args[0])) : List.of());
        case "getHeaderNames" -> Collections.enumeration(new ArrayList<>(headers.keySet()));
        case "getCookies" -> cookies.isEmpty() ? null : cookies.toArray(Cookie[]::new);
        case "getAttribute" -> attributes.get((String) args[0]);
        case "setAttribute" -> attributes.put((String) args[0], args[1]);
        default -> null;
    });

    private AuthenticationStatus validate() throws Exception {
        return cut.validateRequest(request, null, null);
    }

    private void accessCookie(String value) {
        cookies.add(new Cookie(names.accessName(), value));
    }

    @Test
    void validAccessCookieIsHandedOnAsABearerTokenAndMarksTheRequest() throws Exception {
        headers.put("User-Agent", "test");
        accessCookie(GOOD);
        assertEquals(AuthenticationStatus.SUCCESS, validate());
        assertEquals("Bearer " + GOOD, handedOn.getHeader("Authorization"));
        assertEquals("Bearer " + GOOD, handedOn.getHeader("authorization"), "header names are case-insensitive");
        assertEquals(List.of("Bearer " + GOOD), Collections.list(handedOn.getHeaders("Authorization")));
        assertTrue(Collections.list(handedOn.getHeaderNames()).contains("Authorization"));
        assertEquals("test", handedOn.getHeader("User-Agent"), "other headers pass through");
        assertEquals(Boolean.TRUE, attributes.get(CookieBearerMechanism.COOKIE_AUTHENTICATED));
    }

    @Test
    void authorizationHeaderWinsAndTheCookieIsNotEvenChecked() throws Exception {
        headers.put("Authorization", "Bearer from-the-header");
        accessCookie(GOOD);
        validate();
        assertSame(request, handedOn);
        assertEquals("Bearer from-the-header", handedOn.getHeader("Authorization"));
        assertEquals(List.of(), checked);
        assertNull(attributes.get(CookieBearerMechanism.COOKIE_AUTHENTICATED), "a bearer caller carries no ambient credential");
    }

    @Test
    void staleOrForeignAccessCookieIsLeftOutSoRequestsThatNeedNoCallerStillWork() throws Exception {
        accessCookie(STALE);
        validate();
        assertEquals(List.of(STALE), checked);
        assertSame(request, handedOn, "MP JWT sees no credential at all");
        assertNull(handedOn.getHeader("Authorization"));
        assertNull(attributes.get(CookieBearerMechanism.COOKIE_AUTHENTICATED));
    }

    @Test
    void noAccessCookieMeansNoCredential() throws Exception {
        cookies.add(new Cookie(names.refreshName(), GOOD));
        cookies.add(new Cookie(names.csrfName(), GOOD));
        validate();
        assertEquals(List.of(), checked, "other cookies are never taken for the access token");
        assertSame(request, handedOn);
        assertNull(attributes.get(CookieBearerMechanism.COOKIE_AUTHENTICATED));
    }

    @Test
    void anEmptyAccessCookieIsSkippedForTheNextOne() throws Exception {
        accessCookie("");
        accessCookie(GOOD);
        validate();
        assertEquals(List.of(GOOD), checked);
        assertEquals("Bearer " + GOOD, handedOn.getHeader("Authorization"));
    }

    @Test
    void withDuplicateAccessCookiesOnlyTheFirstNonEmptyOneIsTried() throws Exception {
        accessCookie(STALE);
        accessCookie(GOOD);
        validate();
        assertEquals(List.of(STALE), checked);
        assertSame(request, handedOn);
        assertNull(attributes.get(CookieBearerMechanism.COOKIE_AUTHENTICATED));
    }

    @SuppressWarnings("unchecked")
    private static <T> T fake(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
                return "fake " + type.getSimpleName();
            }
            return answer.apply(method.getName(), args);
        });
    }
}

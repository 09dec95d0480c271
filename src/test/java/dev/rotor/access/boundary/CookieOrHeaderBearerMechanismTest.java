package dev.rotor.access.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.access.control.AccessClaims;
import dev.rotor.access.control.AccessTokenCheck;
import dev.rotor.access.control.Caller;
import dev.rotor.access.control.CookieNames;
import dev.rotor.access.control.FakeJsonWebToken;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.rotor.token.control.PublishedKeys;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.security.auth.Subject;
import org.eclipse.microprofile.jwt.JsonWebToken;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which credential the mechanism hands to MicroProfile JWT: an {@code Authorization} header
 * always wins; otherwise the access cookie, only when its token is ours and unexpired, and then the
 * request's {@link Caller} notes the cookie so the CSRF rule applies.
 */
class CookieOrHeaderBearerMechanismTest {

    static final String GOOD = "good.token.signature";
    static final String STALE = "stale.token.signature";

    final Map<String, String> headers = new HashMap<>();
    final List<Cookie> cookies = new ArrayList<>();
    final List<String> checked = new ArrayList<>();
    final CookieNames names = new CookieNames();
    /** The request-scoped caller of the request under test; {@link #nextRequest} starts another. */
    Caller caller = new Caller();
    HttpServletRequest handedOn;

    static final Instant NOW = Instant.parse("2026-01-01T10:00:00Z");
    /** A token with a real JOSE header (kid k1), as {@link VerifiedTokens} reads it. */
    static final String SIGNED = Base64.getUrlEncoder().withoutPadding()
            .encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8)) + ".claims.signature";

    CookieOrHeaderBearerMechanism cut = new CookieOrHeaderBearerMechanism();
    /** What the fake MP JWT answers for a token it is asked about (null: no credential, doNothing). */
    AuthenticationStatus mpJwtAnswer = AuthenticationStatus.SUCCESS;
    int mpJwtCalls;
    final List<CredentialValidationResult> logins = new ArrayList<>();
    final Subject subject = new Subject();
    final Set<String> publishedKids = new HashSet<>(Set.of("k1"));

    CookieOrHeaderBearerMechanismTest() {
        cut.caller = caller;
        cut.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        cut.keys = new PublishedKeys() {
            @Override
            public boolean verifies(String kid) {
                return publishedKids.contains(kid);
            }
        };
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
                mpJwtCalls++;
                String header = request.getHeader("Authorization");
                if (mpJwtAnswer == AuthenticationStatus.SUCCESS && header != null && header.startsWith("Bearer ")) {
                    // as Payara's mechanism does with a valid token
                    var result = new CredentialValidationResult((CallerPrincipal) jwt(header.substring(7), NOW.plusSeconds(900)), Set.of("user"));
                    context.getClientSubject().getPrincipals().add(result.getCallerPrincipal());
                    return context.notifyContainerAboutLogin(result);
                }
                return mpJwtAnswer;
            }
        };
    }

    final HttpServletRequest request = fake(HttpServletRequest.class, (name, args) -> switch (name) {
        case "getHeader" -> headers.get((String) args[0]);
        case "getHeaders" -> Collections.enumeration(headers.containsKey((String) args[0]) ? List.of(headers.get((String) args[0])) : List.of());
        case "getHeaderNames" -> Collections.enumeration(new ArrayList<>(headers.keySet()));
        case "getCookies" -> cookies.isEmpty() ? null : cookies.toArray(Cookie[]::new);
        default -> null;
    });

    /** Payara's answer for "no credential here": the container goes on unauthenticated. */
    final HttpMessageContext context = fake(HttpMessageContext.class, (name, args) -> switch (name) {
        case "doNothing" -> AuthenticationStatus.NOT_DONE;
        case "getClientSubject" -> subject;
        case "notifyContainerAboutLogin" -> {
            logins.add((CredentialValidationResult) args[0]);
            yield AuthenticationStatus.SUCCESS;
        }
        default -> throw new AssertionError("unexpected HttpMessageContext." + name);
    });

    /** Payara's principal as far as Rotor reads it (its JsonWebTokenImpl is a CallerPrincipal too). */
    static JsonWebToken jwt(String raw, Instant expires) {
        return new FakeJsonWebToken(Map.of("upn", "alice", "raw_token", raw, "exp", expires.getEpochSecond()));
    }

    // --- tokens MP JWT accepted before

    @Test
    void aBearerTokenMpJwtAcceptedIsAcceptedAgainWithoutAskingIt() throws Exception {
        headers.put("Authorization", "Bearer " + SIGNED);
        assertEquals(AuthenticationStatus.SUCCESS, validate());
        assertEquals(AuthenticationStatus.SUCCESS, validate());
        assertEquals(1, mpJwtCalls, "the second call is answered from what MP JWT said the first time");
        assertEquals(2, logins.size());
        assertSame(logins.get(0), logins.get(1), "the caller is logged in with MP JWT's own result");
        assertEquals(SIGNED, ((JsonWebToken) logins.get(1).getCallerPrincipal()).getRawToken());
        assertTrue(subject.getPrincipals().contains(logins.get(1).getCallerPrincipal()));
    }

    @Test
    void theTokensClaimsGoToTheCallerWhetherMpJwtOrMemoryAnswered() throws Exception {
        headers.put("Authorization", "Bearer " + SIGNED);
        validate();
        AccessClaims first = caller.loggedInClaims().orElseThrow();
        var principal = (FakeJsonWebToken) logins.get(0).getCallerPrincipal();
        assertSame(principal, first.token(), "read from the principal MP JWT logged in");
        principal.reads().clear();
        assertSame(first, caller.claims(principal), "the filters and endpoints get them without reading the token again");
        assertEquals(List.of(), principal.reads());
        nextRequest();
        validate();
        assertSame(first, caller.loggedInClaims().orElseThrow(), "read once, kept with the remembered token");
    }

    @Test
    void aRefusedTokenLeavesNoClaimsWithTheCaller() throws Exception {
        headers.put("Authorization", "Bearer " + SIGNED);
        mpJwtAnswer = AuthenticationStatus.SEND_FAILURE;
        validate();
        assertTrue(caller.loggedInClaims().isEmpty());
    }

    @Test
    void anExpiredTokenIsNotAnsweredFromMemory() throws Exception {
        headers.put("Authorization", "Bearer " + SIGNED);
        validate();
        cut.clock = Clock.fixed(NOW.plusSeconds(900), ZoneOffset.UTC);
        mpJwtAnswer = AuthenticationStatus.SEND_FAILURE;
        assertEquals(AuthenticationStatus.SEND_FAILURE, validate(), "at exp MP JWT decides again");
        assertEquals(2, mpJwtCalls);
    }

    @Test
    void aTokenWhoseKeyNoLongerVerifiesIsNotAnsweredFromMemory() throws Exception {
        headers.put("Authorization", "Bearer " + SIGNED);
        validate();
        publishedKids.clear();
        mpJwtAnswer = AuthenticationStatus.SEND_FAILURE;
        assertEquals(AuthenticationStatus.SEND_FAILURE, validate());
        assertEquals(2, mpJwtCalls);
    }

    @Test
    void aRefusedTokenIsAskedAboutEveryTime() throws Exception {
        headers.put("Authorization", "Bearer " + SIGNED);
        mpJwtAnswer = AuthenticationStatus.SEND_FAILURE;
        validate();
        validate();
        assertEquals(2, mpJwtCalls);
        assertTrue(logins.isEmpty());
    }

    @Test
    void anotherSchemeOrSpellingIsLeftToMpJwtAndNeverRemembered() throws Exception {
        headers.put("Authorization", "bearer " + SIGNED);
        validate();
        validate();
        assertEquals(2, mpJwtCalls);
        assertEquals(0, cut.verified.size());
    }

    @Test
    void anAccessCookieMpJwtAcceptedIsNotCheckedAgain() throws Exception {
        VerifiedTokens remembered = cut.verified;
        remembered.remember(SIGNED, new CredentialValidationResult((CallerPrincipal) jwt(SIGNED, NOW.plusSeconds(900)), Set.of("user")), NOW);
        accessCookie(SIGNED);
        assertEquals(AuthenticationStatus.SUCCESS, validate());
        assertEquals(List.of(), checked, "no second signature check for a token MP JWT accepted");
        assertEquals(0, mpJwtCalls);
        assertTrue(caller.byAccessCookie());
    }

    @Test
    void aResultForAnotherTokenIsNeverRemembered() {
        var remembered = new VerifiedTokens();
        remembered.remember(SIGNED, new CredentialValidationResult((CallerPrincipal) jwt("another." + SIGNED, NOW.plusSeconds(900)), Set.of("user")), NOW);
        remembered.remember(SIGNED, CredentialValidationResult.INVALID_RESULT, NOW);
        remembered.remember(SIGNED, new CredentialValidationResult((CallerPrincipal) jwt(SIGNED, NOW), Set.of("user")), NOW);
        assertEquals(0, remembered.size());
    }

    @Test
    void atMostMaxTokensAreRemembered() {
        var remembered = new VerifiedTokens();
        for (int i = 0; i <= VerifiedTokens.MAX; i++) {
            String token = SIGNED + i;
            remembered.remember(token, new CredentialValidationResult((CallerPrincipal) jwt(token, NOW.plusSeconds(900)), Set.of("user")), NOW);
        }
        assertTrue(remembered.size() <= VerifiedTokens.MAX, "size " + remembered.size());
        assertTrue(remembered.size() >= 1, "the newest is kept");
    }

    private AuthenticationStatus validate() throws Exception {
        return cut.validateRequest(request, null, context);
    }

    /** A new request: the request scope gives it a caller of its own. */
    private void nextRequest() {
        cut.caller = caller = new Caller();
    }

    private void accessCookie(String value) {
        cookies.add(new Cookie(names.access(), value));
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
        assertTrue(caller.byAccessCookie());
    }

    @Test
    void authorizationHeaderWinsAndTheCookieIsNotEvenChecked() throws Exception {
        headers.put("Authorization", "Bearer from-the-header");
        accessCookie(GOOD);
        validate();
        assertSame(request, handedOn);
        assertEquals("Bearer from-the-header", handedOn.getHeader("Authorization"));
        assertEquals(List.of(), checked);
        assertFalse(caller.byAccessCookie(), "a bearer caller carries no ambient credential");
    }

    @Test
    void staleOrForeignAccessCookieIsLeftOutSoRequestsThatNeedNoCallerStillWork() throws Exception {
        accessCookie(STALE);
        assertEquals(AuthenticationStatus.NOT_DONE, validate());
        assertEquals(List.of(STALE), checked);
        assertNull(handedOn, "no credential: MP JWT is not asked at all");
        assertFalse(caller.byAccessCookie());
    }

    @Test
    void noAccessCookieMeansNoCredential() throws Exception {
        cookies.add(new Cookie(names.refresh(), GOOD));
        cookies.add(new Cookie(names.csrf(), GOOD));
        assertEquals(AuthenticationStatus.NOT_DONE, validate());
        assertEquals(List.of(), checked, "other cookies are never taken for the access token");
        assertNull(handedOn);
        assertFalse(caller.byAccessCookie());
    }

    @Test
    void aRequestWithNoCredentialAtAllNeverReachesMpJwt() throws Exception {
        headers.put("User-Agent", "test");
        assertEquals(AuthenticationStatus.NOT_DONE, validate());
        assertNull(handedOn);
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
        assertEquals(AuthenticationStatus.NOT_DONE, validate());
        assertEquals(List.of(STALE), checked);
        assertNull(handedOn);
        assertFalse(caller.byAccessCookie());
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

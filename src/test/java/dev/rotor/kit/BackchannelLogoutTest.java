package dev.rotor.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kit as a back-channel logout receiver: a good logout token ends the app's sessions registered
 * under its {@code sid}; a token with the wrong audience, issuer, type or key, with a nonce, stale,
 * or replayed is answered 400 {@code invalid_request} and ends nothing.
 */
class BackchannelLogoutTest {

    static final String ISSUER = "https://rotor.example";
    static final String CLIENT = "shop";
    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";

    final Instant now = Instant.parse("2026-12-07T00:00:00Z");
    RSAKey rsa;
    ECKey ec;
    Map<String, PublicKey> published;
    LogoutTokenVerifier verifier;
    BackchannelSessions sessions;
    BackchannelLogoutServlet servlet;

    @BeforeEach
    void setUp() throws Exception {
        rsa = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        published = RotorKeys.parse(new JWKSet(List.of(rsa.toPublicJWK(), ec.toPublicJWK())).toString());
        verifier = new LogoutTokenVerifier(kid -> Optional.ofNullable(published.get(kid)), ISSUER, CLIENT,
                Clock.fixed(now, ZoneOffset.UTC));
        sessions = new BackchannelSessions();
        servlet = new BackchannelLogoutServlet(verifier, sessions);
    }

    @Test
    void theJwkSetOfRotorIsRead() {
        assertEquals(2, published.size());
        assertEquals("RSA", published.get("rsa-1").getAlgorithm());
        assertEquals("EC", published.get("ec-1").getAlgorithm());
    }

    @Test
    void aGoodTokenEndsTheSessionsOfItsSidAndIsAnswered200() throws Exception {
        FakeSession one = new FakeSession();
        FakeSession two = new FakeSession();
        FakeSession otherSid = new FakeSession();
        sessions.register(one.proxy, "sid-1", "alice");
        sessions.register(two.proxy, "sid-1", "alice");
        sessions.register(otherSid.proxy, "sid-2", "alice");

        Answer answer = post(token(rsa, claims -> { }));

        assertEquals(200, answer.status);
        assertEquals("no-store", answer.headers.get("Cache-Control"));
        assertTrue(one.invalidated && two.invalidated, "both sessions of sid-1 ended");
        assertFalse(otherSid.invalidated, "another sign-in of the same user stays");
    }

    @Test
    void anEs256TokenIsAcceptedToo() throws Exception {
        FakeSession one = new FakeSession();
        sessions.register(one.proxy, "sid-1", "alice");
        assertEquals(200, post(token(ec, claims -> { })).status);
        assertTrue(one.invalidated);
    }

    @Test
    void aTokenWithoutSidEndsEverySessionOfItsSubject() throws Exception {
        FakeSession one = new FakeSession();
        FakeSession two = new FakeSession();
        sessions.register(one.proxy, "sid-1", "alice");
        sessions.register(two.proxy, "sid-2", "alice");
        assertEquals(200, post(token(rsa, claims -> claims.claim("sid", null))).status);
        assertTrue(one.invalidated && two.invalidated);
    }

    @Test
    void aTokenForNoRegisteredSessionIsStill200() throws Exception {
        assertEquals(200, post(token(rsa, claims -> { })).status);
    }

    @Test
    void badTokensAre400AndEndNothing() throws Exception {
        FakeSession session = new FakeSession();
        sessions.register(session.proxy, "sid-1", "alice");
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        Map<String, String> bad = new HashMap<>();
        bad.put("wrong aud", token(rsa, c -> c.audience("another-app")));
        bad.put("wrong iss", token(rsa, c -> c.issuer("https://evil.example")));
        bad.put("nonce", token(rsa, c -> c.claim("nonce", "n-1")));
        bad.put("no events", token(rsa, c -> c.claim("events", null)));
        bad.put("other event", token(rsa, c -> c.claim("events", Map.of("http://example/other", Map.of()))));
        bad.put("stale iat", token(rsa, c -> c.issueTime(Date.from(now.minus(Duration.ofMinutes(10))))));
        bad.put("future iat", token(rsa, c -> c.issueTime(Date.from(now.plus(Duration.ofMinutes(10))))));
        bad.put("expired", token(rsa, c -> c.expirationTime(Date.from(now.minus(Duration.ofMinutes(2))))));
        bad.put("no sid no sub", token(rsa, c -> c.claim("sid", null).subject(null)));
        bad.put("no jti", token(rsa, c -> c.jwtID(null)));
        bad.put("another key, same kid", token(stranger, c -> { }));
        bad.put("unknown kid", sign(new RSAKeyGenerator(2048).keyID("rsa-9").generate(), claims(c -> { }).build(), new JOSEObjectType("logout+jwt")));
        bad.put("typ JWT", sign(rsa, claims(c -> { }).build(), JOSEObjectType.JWT));
        bad.put("no typ", sign(rsa, claims(c -> { }).build(), null));
        bad.put("garbage", "not.a.jwt");
        bad.put("unsigned", new com.nimbusds.jwt.PlainJWT(claims(c -> { }).build()).serialize());
        for (var entry : bad.entrySet()) {
            Answer answer = post(entry.getValue());
            assertEquals(400, answer.status, entry.getKey());
            assertTrue(answer.body.contains("\"error\":\"invalid_request\""), entry.getKey() + ": " + answer.body);
            assertEquals("no-store", answer.headers.get("Cache-Control"), entry.getKey());
        }
        assertEquals(400, post(null).status, "no token");
        assertFalse(session.invalidated, "nothing ended");
    }

    @Test
    void aReplayedJtiIs400() throws Exception {
        String token = token(rsa, c -> { });
        assertEquals(200, post(token).status);
        FakeSession session = new FakeSession();
        sessions.register(session.proxy, "sid-1", "alice");
        Answer replay = post(token);
        assertEquals(400, replay.status);
        assertFalse(session.invalidated);
    }

    @Test
    void aBodyThatIsNotAFormIs400() throws Exception {
        Answer answer = post(token(rsa, c -> { }), "application/json");
        assertEquals(400, answer.status);
    }

    @Test
    void anEndedSessionIsForgotten() throws Exception {
        FakeSession session = new FakeSession();
        sessions.register(session.proxy, "sid-1", "alice");
        sessions.forget(session.proxy);
        assertEquals(0, sessions.end("sid-1", "alice"));
        assertFalse(session.invalidated);
    }

    @Test
    void rotorsOwnLogoutTokensAreAccepted() throws Exception {
        var issuer = new dev.rotor.token.control.LogoutTokenIssuer();
        var signing = new dev.rotor.token.control.SigningKeys.Signing(rsa.getKeyID(), JWSAlgorithm.RS256, new RSASSASigner(rsa));
        set(issuer, "signer", new dev.rotor.token.control.CurrentSigner() {
            @Override
            public dev.rotor.token.control.SigningKeys.Signing choose() {
                return signing;
            }
        });
        set(issuer, "clock", Clock.fixed(now, ZoneOffset.UTC));
        set(issuer, "settings", dev.rotor.platform.RotorSettings.defaults());
        var rotors = new LogoutTokenVerifier(kid -> Optional.ofNullable(published.get(kid)),
                dev.rotor.platform.RotorSettings.defaults().issuer(), CLIENT, Clock.fixed(now, ZoneOffset.UTC));
        assertEquals(new LogoutTokenVerifier.Logout("sid-7", "account-7"), rotors.verify(issuer.issue(CLIENT, "account-7", "sid-7")));
    }

    private static void set(Object target, String name, Object value) throws Exception {
        var field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        field.set(target, value);
    }

    // --- helpers

    private JWTClaimsSet.Builder claims(Consumer<JWTClaimsSet.Builder> change) {
        var builder = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(CLIENT)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(2))))
                .jwtID(UUID.randomUUID().toString())
                .subject("alice")
                .claim("sid", "sid-1")
                .claim("events", Map.of(EVENT, Map.of()));
        change.accept(builder);
        return builder;
    }

    private String token(com.nimbusds.jose.jwk.JWK key, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        return sign(key, claims(change).build(), new JOSEObjectType("logout+jwt"));
    }

    private static String sign(com.nimbusds.jose.jwk.JWK key, JWTClaimsSet claims, JOSEObjectType type) throws Exception {
        boolean isEc = key instanceof ECKey;
        JWSSigner signer = isEc ? new ECDSASigner((ECKey) key) : new RSASSASigner((RSAKey) key);
        var header = new JWSHeader.Builder(isEc ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256).keyID(key.getKeyID()).type(type).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    record Answer(int status, Map<String, String> headers, String body) {
    }

    private Answer post(String token) throws Exception {
        return post(token, "application/x-www-form-urlencoded");
    }

    private Answer post(String token, String contentType) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getContentType" -> contentType;
                    case "getParameter" -> "logout_token".equals(args[0]) ? token : null;
                    case "getMethod" -> "POST";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        int[] status = {200};
        Map<String, String> headers = new HashMap<>();
        StringWriter body = new StringWriter();
        PrintWriter writer = new PrintWriter(body);
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setStatus" -> status[0] = (Integer) args[0];
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "setCharacterEncoding" -> { }
                        case "getWriter" -> {
                            return writer;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
        servlet.doPost(request, response);
        writer.flush();
        return new Answer(status[0], headers, body.toString());
    }

    /** An HttpSession that remembers its attributes and whether it was invalidated. */
    static final class FakeSession {
        final Map<String, Object> attributes = new HashMap<>();
        boolean invalidated;
        final HttpSession proxy = (HttpSession) Proxy.newProxyInstance(FakeSession.class.getClassLoader(),
                new Class<?>[] {HttpSession.class}, (p, method, args) -> {
                    switch (method.getName()) {
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "getAttribute" -> {
                            if (invalidated) {
                                throw new IllegalStateException("invalidated");
                            }
                            return attributes.get(args[0]);
                        }
                        case "invalidate" -> {
                            if (invalidated) {
                                throw new IllegalStateException("invalidated");
                            }
                            invalidated = true;
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(p);
                        }
                        case "equals" -> {
                            return p == args[0];
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }
}

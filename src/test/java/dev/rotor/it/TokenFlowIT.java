package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.FromAddress;
import dev.rotor.it.support.Reply;
import dev.rotor.it.support.TraceProbe;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/** Sign-up, the password grant, MP-JWT protection, OAuth errors, problem bodies and which content types JSON endpoints accept. */
class TokenFlowIT extends RotorIT {

    /**
     * With an OpenTelemetry SDK that records spans (exported nowhere) and {@link TraceProbe}, so
     * {@link #jaxRsCallsAreNotTracedEvenWithTheSdkOn} can see whether Payara traced a call.
     */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("otel.sdk.disabled=false", "otel.traces.exporter=none",
                        "otel.metrics.exporter=none", "otel.logs.exporter=none")
                .addClass(TraceProbe.class);
    }

    /**
     * No tracing that nothing reads: Payara's JAX-RS listener would open a server
     * span for every call (a child of the caller's {@code traceparent}); Rotor's default
     * {@code mp.opentracing.server.skip-pattern} keeps it from tracing any of Rotor's paths. The SDK is
     * on in this deployment, so the only thing that keeps the span away is that setting.
     */
    @Test
    void jaxRsCallsAreNotTracedEvenWithTheSdkOn() {
        String access = api.login(api.newUser("traced")).access();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String traceparent = "00-" + traceId + "-00f067aa0ba902b7-01";
        for (String path : List.of("/api/me", "/.well-known/jwks.json")) {
            Reply reply = api.send(api.request(path, access).header("traceparent", traceparent).GET().build());
            assertEquals(200, reply.status(), reply.toString());
            assertEquals("on", reply.header(TraceProbe.SDK), "the probe's own span records: the SDK is on");
            assertEquals("none", reply.header(TraceProbe.CURRENT_TRACE), path + " ran inside a server span");
        }
    }

    @Test
    void registeredUserGetsTokenThatOpensApiMeAndVerifiesAgainstJwks() throws Exception {
        String name = api.newUser("alice");
        Reply grant = api.passwordGrant(name, Api.PASSWORD, Api.CLIENT);
        assertEquals(200, grant.status(), grant.toString());
        assertEquals("no-store", grant.header("Cache-Control"));
        assertEquals("no-cache", grant.header("Pragma"));
        assertEquals("Bearer", grant.string("token_type"));
        assertEquals(900L, ((Number) grant.json().get("expires_in")).longValue(), 2);
        String access = grant.string("access_token");

        Reply me = api.me(access);
        assertEquals(200, me.status(), me.toString());
        assertEquals(name, me.string("username"));
        assertEquals(List.of("user"), me.json().get("roles"));

        Reply jwks = api.get("/.well-known/jwks.json", null);
        assertTrue(jwks.header("Cache-Control").contains("max-age="), jwks.header("Cache-Control"));
        JWKSet keys = JWKSet.parse(jwks.body());
        SignedJWT jwt = SignedJWT.parse(access);
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
        RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "the token's kid is in the JWKS");
        assertFalse(key.isPrivate(), "the JWKS holds no private key material");
        assertTrue(jwt.verify(new RSASSAVerifier(key)));

        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(me.string("id"), claims.getSubject());
        assertEquals(me.string("sessionId"), claims.getStringClaim("sid"));
        assertEquals(name, claims.getStringClaim("upn"));
        assertEquals(List.of("rotor"), claims.getAudience());
        assertEquals(Api.CLIENT, claims.getStringClaim("client_id"));
        assertNotNull(claims.getJWTID());
        assertEquals("http://localhost:" + base.getPort(), claims.getIssuer());
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        String name = api.newUser("bob");
        Reply wrongPassword = api.passwordGrant(name, "not the password", Api.CLIENT);
        Reply unknownUser = api.passwordGrant(Api.uniqueName("nobody"), "not the password", Api.CLIENT);
        assertEquals(400, wrongPassword.status());
        assertEquals("invalid_grant", wrongPassword.string("error"));
        assertEquals(wrongPassword.status(), unknownUser.status());
        assertEquals(wrongPassword.body(), unknownUser.body());
    }

    @Test
    void oauthErrorsFollowRfc6749() {
        Reply missingGrant = api.postForm("/oauth2/token", Map.of("client_id", Api.CLIENT));
        assertEquals(400, missingGrant.status());
        assertEquals("invalid_request", missingGrant.string("error"));
        assertEquals("no-store", missingGrant.header("Cache-Control"));

        Reply unknownGrant = api.postForm("/oauth2/token", Map.of("grant_type", "magic", "client_id", Api.CLIENT));
        assertEquals(400, unknownGrant.status());
        assertEquals("unsupported_grant_type", unknownGrant.string("error"));

        Reply unknownClient = api.passwordGrant("someone", "whatever-password", "evil-client");
        assertEquals(401, unknownClient.status());
        assertEquals("invalid_client", unknownClient.string("error"));

        Reply badCharset = api.postBytes("/oauth2/token", "application/x-www-form-urlencoded; charset=nope",
                "grant_type=password".getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, badCharset.status(), badCharset.toString());
        assertEquals("invalid_request", badCharset.string("error"));
        Reply badEncoding = api.postBytes("/oauth2/token", "application/x-www-form-urlencoded",
                "grant_type=%zz&client_id=rotor-cli".getBytes(StandardCharsets.US_ASCII));
        assertEquals(400, badEncoding.status(), badEncoding.toString());

        Reply json = api.postJson("/oauth2/token", "{\"grant_type\":\"password\"}");
        assertEquals(400, json.status());
        assertEquals("invalid_request", json.string("error"));
    }

    @Test
    void apiMeRefusesMissingTamperedUnsignedConfusedAndForeignTokens() throws Exception {
        String name = api.newUser("carol");
        String access = api.login(name).access();
        SignedJWT genuine = SignedJWT.parse(access);
        JWTClaimsSet claims = genuine.getJWTClaimsSet();
        String[] parts = access.split("\\.");

        Reply anonymous = api.me(null);
        assertUnauthorized(anonymous);
        assertEquals(List.of("Bearer realm=\"rotor\""), anonymous.headers("WWW-Authenticate"),
                "RFC 6750 §3: a request without credentials gets the challenge and no error code");

        String adminPayload = Base64URL.encode(new JWTClaimsSet.Builder(claims)
                .claim("groups", List.of("user", "admin")).build().toString()).toString();
        assertRefusedToken(api.me(parts[0] + "." + adminPayload + "." + parts[2]));

        String noneHeader = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
        assertRefusedToken(api.me(noneHeader + "." + parts[1] + "."));

        RSAKey published = (RSAKey) JWKSet.parse(api.get("/.well-known/jwks.json", null).body())
                .getKeyByKeyId(genuine.getHeader().getKeyID());
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(published.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        var hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
                .keyID(genuine.getHeader().getKeyID()).build(), claims);
        hs256.sign(new MACSigner(pem.getBytes(StandardCharsets.US_ASCII)));
        assertRefusedToken(api.me(hs256.serialize()));

        RSAKey otherKey = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        var foreign = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(otherKey.getKeyID()).build(), claims);
        foreign.sign(new RSASSASigner(otherKey));
        assertRefusedToken(api.me(foreign.serialize()));
        assertRefusedToken(api.me("not-a-token"));

        assertEquals(200, api.me(access).status(), "the genuine token still works");
    }

    @Test
    void anUnknownClientIsInvalidClientWithAChallengeAtTheTokenAndRevocationEndpoints() {
        Reply token = api.passwordGrant("someone", "whatever-password", "evil-client");
        Reply revoke = api.postForm("/oauth2/revoke", Map.of("token", "x", "client_id", "evil-client"));
        Reply basic = api.send(api.request("/oauth2/token", null).header("Authorization", basic("evil-client", ""))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&username=someone&password=whatever")).build());
        for (Reply reply : List.of(token, revoke, basic)) {
            assertEquals(401, reply.status(), reply.toString());
            assertEquals("invalid_client", reply.string("error"));
            assertEquals("Basic realm=\"rotor\"", reply.header("WWW-Authenticate"), "RFC 6749 §5.2: 401 carries a challenge");
            assertEquals("no-store", reply.header("Cache-Control"));
        }
    }

    @Test
    void aClientMayNameItselfInTheAuthorizationHeader() {
        String name = api.newUser("basic");
        String form = "grant_type=password&username=" + name + "&password=" + URLEncoder.encode(Api.PASSWORD, StandardCharsets.UTF_8);
        Reply grant = formWith("/oauth2/token", basic(Api.CLIENT, ""), form);
        assertEquals(200, grant.status(), grant.toString());
        assertEquals(Api.CLIENT, claim(grant.string("access_token"), "client_id"));
        Reply withSecret = formWith("/oauth2/token", basic(Api.CLIENT, "any-secret"), form);
        assertEquals(401, withSecret.status(), "a public client that presents a secret is refused: " + withSecret);
        assertEquals("invalid_client", withSecret.string("error"));
        Reply both = formWith("/oauth2/token", basic(Api.CLIENT, ""), form + "&client_id=" + Api.CLIENT);
        assertEquals(200, both.status(), "the same id in the header and the form: " + both);
        Reply differing = formWith("/oauth2/token", basic(Api.CLIENT, ""), form + "&client_id=rotor-web");
        assertEquals(400, differing.status(), differing.toString());
        assertEquals("invalid_request", differing.string("error"));
        Reply malformed = formWith("/oauth2/token", "Basic !!!", form);
        assertEquals(401, malformed.status(), malformed.toString());
        assertEquals("invalid_client", malformed.string("error"));
        assertEquals("Basic realm=\"rotor\"", malformed.header("WWW-Authenticate"));

        Tokens tokens = api.login(name);
        String sid = api.me(tokens.access()).string("sessionId");
        Reply revoked = formWith("/oauth2/revoke", basic(Api.CLIENT, ""), "token=" + tokens.refresh());
        assertEquals(200, revoked.status(), revoked.toString());
        assertEquals("LOGOUT", sessionStatus(sid));
    }

    @Test
    void revokingAnAccessTokenEndsItsSessionEverywhere() {
        Tokens tokens = api.login(api.newUser("revacc"));
        String sid = api.me(tokens.access()).string("sessionId");
        Reply revoked = api.postForm("/oauth2/revoke", Map.of("token", tokens.access(), "client_id", Api.CLIENT,
                "token_type_hint", "access_token"));
        assertEquals(200, revoked.status(), revoked.toString());
        assertEquals("LOGOUT", sessionStatus(sid), "the session the access token belongs to has ended");
        assertEquals(1, Db.query("SELECT seq FROM revocation WHERE kind = 'SESSION' AND session_id = ?", sid).size(),
                "written to the revocation log that other instances and the feed read");
        assertRefusedToken(api.me(tokens.access()));
        assertEquals(400, api.refresh(tokens.refresh()).status(), "its refresh token ended with it");
    }

    @Test
    void aForgedAccessTokenNamingARealSessionRevokesNothing() throws Exception {
        Tokens tokens = api.login(api.newUser("forgedrev"));
        String sid = api.me(tokens.access()).string("sessionId");
        SignedJWT genuine = SignedJWT.parse(tokens.access());
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID(genuine.getHeader().getKeyID()).generate();
        var forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(otherKey.getKeyID()).build(), genuine.getJWTClaimsSet());
        forged.sign(new RSASSASigner(otherKey));
        String[] parts = tokens.access().split("\\.");
        String unsigned = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        for (String token : List.of(forged.serialize(), unsigned, parts[0] + "." + parts[1] + ".AAAA")) {
            Reply reply = api.postForm("/oauth2/revoke", Map.of("token", token, "client_id", Api.CLIENT));
            assertEquals(200, reply.status(), "RFC 7009 §2.2: an invalid token is answered 200: " + reply);
        }
        assertEquals("ACTIVE", sessionStatus(sid));
        assertEquals(200, api.me(tokens.access()).status());
    }

    @Test
    void aClientCannotRevokeTokensIssuedToAnotherClient() {
        Tokens tokens = api.login(api.newUser("otherclient"));
        String sid = api.me(tokens.access()).string("sessionId");
        for (String token : List.of(tokens.refresh(), tokens.access())) {
            Reply reply = api.postForm("/oauth2/revoke", Map.of("token", token, "client_id", "rotor-web"));
            assertEquals(400, reply.status(), "RFC 7009 §2.1: refused, and the client is told: " + reply);
            assertEquals("invalid_grant", reply.string("error"));
            assertEquals("ACTIVE", sessionStatus(sid), "the session of another client's token goes on");
        }
        assertEquals(200, api.me(tokens.access()).status());
        assertEquals(200, api.refresh(tokens.refresh()).status());
    }

    @Test
    void introspectionWithNoResourceServerConfiguredRefusesEveryBasicCaller() {
        FromAddress from = FromAddress.random(base);
        Reply reply = from.send("POST", "/oauth2/introspect", Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Authorization", basic("orders", "orders-secret-0123456789")), "token=x");
        assertEquals(401, reply.status(), reply.toString());
        assertEquals("invalid_client", reply.string("error"));
        assertTrue(reply.headers("WWW-Authenticate").contains("Basic realm=\"rotor\""), reply.headers("WWW-Authenticate").toString());
        assertEquals(0, Db.query("SELECT id FROM audit_event WHERE client_ip = ?", from.address()).size(),
                "nothing to authenticate against: nothing is counted or written");
    }

    @Test
    void operationalEndpointsAreNotPublicButHealthIs() {
        for (String path : List.of("/metrics", "/metrics/base", "/metrics/application", "/openapi", "/openapi/ui",
                "/application.wadl", "/application.wadl?detail=true")) {
            Reply reply = api.get(path, null);
            System.out.println("[operational] " + path + " -> " + reply.status());
            assertTrue(List.of(401, 403, 404).contains(reply.status()), path + " -> " + reply.status() + " " + reply.body());
        }
        Reply options = api.send(api.request("/api/me", null).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertFalse(String.valueOf(options.header("Content-Type")).contains("wadl"), "no WADL through OPTIONS: " + options);
        assertEquals(200, api.get("/health", null).status());
        assertEquals(200, api.get("/health/ready", null).status());
    }

    private Reply formWith(String path, String authorization, String form) {
        return api.send(api.request(path, null).header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    private static String claim(String jwt, String name) {
        try {
            return SignedJWT.parse(jwt).getJWTClaimsSet().getStringClaim(name);
        } catch (java.text.ParseException e) {
            throw new AssertionError(e);
        }
    }

    private static String sessionStatus(String sessionId) {
        return String.valueOf(Db.query("SELECT status FROM session_family WHERE id = ?", sessionId).get(0).get("status"));
    }

    @Test
    void registrationCannotGrantRoles() {
        String name = Api.uniqueName("mallory");
        Reply withRoles = api.postJson("/auth/register",
                "{\"username\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\",\"roles\":[\"admin\"]}");
        assertEquals(400, withRoles.status(), withRoles.toString());
        assertProblem(withRoles);
        assertEquals(400, api.passwordGrant(name, Api.PASSWORD, Api.CLIENT).status(), "no account was created");

        api.register(name, Api.PASSWORD);
        Reply me = api.me(api.login(name).access());
        assertEquals(List.of("user"), me.json().get("roles"));
    }

    @Test
    void usernamesAreUniqueWhateverTheCase() {
        String name = Api.uniqueName("dave");
        assertEquals(201, api.register(name.toUpperCase(), Api.PASSWORD).status());
        Reply again = api.register(name, Api.PASSWORD);
        assertEquals(409, again.status());
        assertProblem(again);
        assertEquals("https://rotor.dev/problems/username-taken", again.string("type"));
        assertEquals("That username is taken.", again.string("detail"));
        assertEquals(200, api.passwordGrant(name.toUpperCase(), Api.PASSWORD, Api.CLIENT).status());
    }

    @Test
    void aMalformedUsernameIsAProblemThatStatesTheRule() {
        Reply malformed = api.register("a", Api.PASSWORD);
        assertEquals(400, malformed.status(), malformed.toString());
        assertProblem(malformed);
        assertEquals("https://rotor.dev/problems/invalid-username", malformed.string("type"));
        assertTrue(malformed.string("detail").startsWith("The username must be 3 to 64 characters"), malformed.toString());
    }

    @Test
    void badInputGetsA4xxProblemNeverA500() {
        assertBadRequest(api.postJson("/auth/register", "{\"username\": "), 400);
        assertBadRequest(api.postJson("/auth/register", "[1,2]"), 400);
        assertBadRequest(api.postJson("/auth/register", ""), 400);
        assertBadRequest(api.postJson("/auth/register", "{\"username\":\"erin-x\"}"), 400);
        assertBadRequest(api.postJson("/auth/register", "{\"username\":42,\"password\":\"" + Api.PASSWORD + "\"}"), 400);
        assertBadRequest(api.postJson("/auth/register", "{\"username\":\"a\",\"password\":\"" + Api.PASSWORD + "\"}"), 400);
        assertBadRequest(api.postJson("/auth/register", "{\"username\":\"" + Api.uniqueName("f") + "\",\"password\":\"short\"}"), 400);
        assertBadRequest(api.postBytes("/auth/register", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)), 415);
        assertBadRequest(api.postBytes("/auth/login", "application/json; charset=nope", "{}".getBytes(StandardCharsets.UTF_8)), 400);
        byte[] invalidUtf8 = "{\"username\":\"x\u0000\",\"password\":\"yyyyyyyyy\"}".getBytes(StandardCharsets.UTF_8);
        invalidUtf8[14] = (byte) 0xC3;
        assertBadRequest(api.postBytes("/auth/register", "application/json", invalidUtf8), 400);
        String longPassword = "p".repeat(1025);
        Reply tooLong = api.postJson("/auth/register", "{\"username\":\"" + Api.uniqueName("g") + "\",\"password\":\"" + longPassword + "\"}");
        assertBadRequest(tooLong, 400);
        assertTrue(tooLong.body().contains("1024"), tooLong.body());
        assertBadRequest(api.postJson("/auth/register", "{\"username\":\"" + "x".repeat(20_000) + "\"}"), 413);
        assertBadRequest(api.get("/no/such/path", null), 404);
    }

    @Test
    void bootstrapAdminHasTheAdminRole() {
        Reply grant = api.passwordGrant("admin", "admin-it-password", Api.CLIENT);
        assertEquals(200, grant.status(), grant.toString());
        Reply me = api.me(grant.string("access_token"));
        assertEquals(List.of("admin", "user"), me.json().get("roles"));
    }

    @Test
    void readinessReportsDatabaseAndSigningKey() {
        Reply ready = api.get("/health/ready", null);
        assertEquals(200, ready.status(), ready.toString());
        assertTrue(ready.body().contains("\"database\"") && ready.body().contains("\"signing-key\""), ready.body());
        assertTrue(ready.body().contains("\"revocation-log\""), "this instance reads the revocation log: " + ready.body());
        assertEquals(200, api.get("/health/live", null).status());
    }

    private static void assertUnauthorized(Reply reply) {
        assertEquals(401, reply.status(), reply.toString());
        assertProblem(reply);
    }

    /** RFC 6750 §3.1: a token that was sent and refused is named {@code invalid_token}. */
    private static void assertRefusedToken(Reply reply) {
        assertUnauthorized(reply);
        String challenge = reply.header("WWW-Authenticate");
        assertTrue(challenge != null && challenge.startsWith("Bearer realm=\"rotor\"")
                && challenge.contains("error=\"invalid_token\""), "challenge: " + challenge);
    }

    private static void assertBadRequest(Reply reply, int status) {
        assertEquals(status, reply.status(), reply.toString());
        assertProblem(reply);
    }

    static void assertProblem(Reply reply) {
        assertTrue(String.valueOf(reply.header("Content-Type")).startsWith("application/problem+json"), reply.toString());
        Map<String, Object> problem = reply.json();
        assertNotNull(problem.get("type"));
        assertEquals(reply.status(), ((Number) problem.get("status")).intValue());
        assertFalse(reply.body().contains("Exception"), reply.body());
        assertFalse(reply.body().contains("dev.rotor"), reply.body());
    }

    @Test
    void jsonEndpointsRefuseAMissingOrForeignContentTypeAndCreateNothing() {
        String name = Api.uniqueName("ctype");
        String body = "{\"username\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\"}";
        Reply none = api.send(api.request("/auth/register", null).POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(415, none.status(), none.toString());
        TokenFlowIT.assertProblem(none);
        Reply text = api.postBytes("/auth/register", "text/plain", body.getBytes());
        assertEquals(415, text.status(), text.toString());
        Reply form = api.postBytes("/auth/login", "application/x-www-form-urlencoded", body.getBytes());
        assertEquals(415, form.status(), form.toString());
        assertEquals(0, Db.query("SELECT id FROM account WHERE username = ?", name).size(), "nothing was created");
        assertEquals(201, api.postJson("/auth/register", body).status(), "the same body as JSON works");
    }
}

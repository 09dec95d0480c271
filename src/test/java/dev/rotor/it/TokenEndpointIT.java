package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.CookieClient;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.FromAddress;
import dev.rotor.it.support.FrontDoorRows;
import dev.rotor.it.support.Reply;
import dev.rotor.oauth.control.SecretHash;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint of the front door over HTTP: authorization-code redemption with PKCE, client
 * authentication of confidential clients, client credentials and the refusals RFC 6749 §5.2 names.
 * Clients and codes are written straight into the database ({@link FrontDoorRows}); the sign-in a
 * code stands for is a real {@code /auth/login}.
 */
class TokenEndpointIT extends RotorIT {

    static final String REDIRECT = "https://app.example/callback";
    static final String RS_SECRET = "orders-secret-0123456789";
    static final String ORDERS = "urn:rotor:resource-server:orders";
    static final int ADDRESS_FAILURES = 4;
    static final int FREE_FAILURES = 2;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("rotor.scopes=orders.read,orders.write",
                "rotor.resource-servers=orders:" + SecretHash.of(RS_SECRET, 1024).format(),
                "rotor.throttle.client-address.max-failures=" + ADDRESS_FAILURES,
                "rotor.throttle.client.free-failures=" + FREE_FAILURES,
                "rotor.throttle.backoff.base=PT60S", "rotor.throttle.backoff.max=PT60S");
    }

    /** A signed-in browser: its account id and its rotor-web session (the sign-in codes are bound to). */
    record SignIn(String accountId, String sessionId) {
    }

    private SignIn signIn() {
        String name = api.newUser("door");
        var browser = new CookieClient(api);
        Reply login = browser.login(name, Api.PASSWORD);
        assertEquals(200, login.status(), login.toString());
        Reply me = browser.get("/api/me");
        assertEquals(200, me.status(), me.toString());
        return new SignIn(me.string("id"), me.string("sessionId"));
    }

    private static String newClientId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private String publicApp() {
        String id = newClientId("spa");
        FrontDoorRows.client(id, "PUBLIC", "authorization_code refresh_token", "openid profile orders.read", REDIRECT, null);
        return id;
    }

    static String verifier() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) throws Exception {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private String code(String clientId, SignIn signIn, String challenge) {
        String code = verifier();
        FrontDoorRows.code(code, clientId, signIn.accountId(), signIn.sessionId(), REDIRECT, true, challenge, "openid orders.read",
                Instant.now().plusSeconds(60));
        return code;
    }

    private Reply token(Map<String, String> form) {
        return token(null, form);
    }

    /**
     * POSTs {@code form} from an address of its own, so the client-authentication failures one test
     * makes on purpose never lock another test's address out.
     */
    private Reply token(String authorization, Map<String, String> form) {
        return post("/oauth2/token", authorization, form);
    }

    private Reply revoke(Map<String, String> form) {
        return post("/oauth2/revoke", null, form);
    }

    private Reply post(String path, String authorization, Map<String, String> form) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return FromAddress.random(base).send("POST", path, headers, encode(form));
    }

    private static Map<String, String> form(String... pairs) {
        var form = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                form.put(pairs[i], pairs[i + 1]);
            }
        }
        return form;
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((URLEncoder.encode(id, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(secret, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
    }

    private Reply exchange(String clientId, String code, String redirect, String verifier) {
        return token(form("grant_type", "authorization_code", "client_id", clientId, "code", code, "redirect_uri", redirect,
                "code_verifier", verifier));
    }

    private static JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    private static void assertError(int status, String error, Reply reply) {
        assertEquals(status, reply.status(), reply.toString());
        assertEquals(error, reply.string("error"), reply.toString());
        assertEquals("no-store", reply.header("Cache-Control"));
    }

    private Reply introspectAsOrders(String token) {
        return api.send(api.request("/oauth2/introspect", null).header("Authorization", basic("orders", RS_SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))).build());
    }

    private static long audits(String type, String detailLike) {
        return Db.query("SELECT COUNT(*) AS n FROM audit_event WHERE type = ? AND detail LIKE ?", type, detailLike).stream()
                .mapToLong(row -> ((Number) row.get("n")).longValue()).sum();
    }

    // --- authorization code

    @Test
    void aCodeWithItsVerifierGivesTokensWithTheScopeAndASessionLinkedToTheSignIn() throws Exception {
        SignIn signIn = signIn();
        String app = publicApp();
        String verifier = verifier();
        Reply reply = exchange(app, code(app, signIn, s256(verifier)), REDIRECT, verifier);
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("Bearer", reply.string("token_type"));
        assertEquals("openid orders.read", reply.string("scope"));
        assertNotNull(reply.string("refresh_token"));
        JWTClaimsSet claims = claims(reply.string("access_token"));
        assertEquals(signIn.accountId(), claims.getSubject());
        assertEquals(app, claims.getStringClaim("client_id"));
        assertEquals("openid orders.read", claims.getStringClaim("scope"));
        String sid = claims.getStringClaim("sid");
        Map<String, Object> session = Db.query("SELECT client_id, sign_in_id, scope, status FROM session_family WHERE id = ?", sid).get(0);
        assertEquals(app, session.get("client_id"));
        assertEquals(signIn.sessionId(), session.get("sign_in_id"));
        assertEquals("openid orders.read", session.get("scope"));
        assertEquals(sid, Db.query("SELECT session_id FROM authorization_code WHERE client_id = ?", app).get(0).get("session_id"));
        assertEquals(200, api.me(reply.string("access_token")).status(), "a user's token opens Rotor's API");

        Reply refreshed = token(form("grant_type", "refresh_token", "client_id", app, "refresh_token", reply.string("refresh_token")));
        assertEquals(200, refreshed.status(), refreshed.toString());
        assertEquals("openid orders.read", refreshed.string("scope"), "the session keeps its scope");
    }

    @Test
    void aMissingPlainOrWrongVerifierIsInvalidGrantAndAMalformedOneInvalidRequest() throws Exception {
        SignIn signIn = signIn();
        String app = publicApp();
        String verifier = verifier();
        String challenge = s256(verifier);
        String code = code(app, signIn, challenge);
        assertError(400, "invalid_grant", exchange(app, code, REDIRECT, null));
        assertError(400, "invalid_grant", exchange(app, code, REDIRECT, challenge)); // "plain": the challenge sent back
        assertError(400, "invalid_grant", exchange(app, code, REDIRECT, verifier()));
        assertError(400, "invalid_request", exchange(app, code, REDIRECT, "short"));
        assertEquals(200, exchange(app, code, REDIRECT, verifier).status(), "none of them spent the code");
    }

    @Test
    void aSecondUseOfACodeFailsAndEndsWhatTheFirstStarted() throws Exception {
        SignIn signIn = signIn();
        String app = publicApp();
        String verifier = verifier();
        String code = code(app, signIn, s256(verifier));
        Reply first = exchange(app, code, REDIRECT, verifier);
        assertEquals(200, first.status(), first.toString());
        String sid = claims(first.string("access_token")).getStringClaim("sid");
        assertEquals(200, api.me(first.string("access_token")).status());

        assertError(400, "invalid_grant", exchange(app, code, REDIRECT, verifier));
        assertEquals("CODE_REUSED", Db.sessionStatus(sid));
        assertEquals(401, api.me(first.string("access_token")).status(), "the first use's access token dies");
        assertError(400, "invalid_grant", token(form("grant_type", "refresh_token", "client_id", app,
                "refresh_token", first.string("refresh_token"))));
        assertEquals(1, audits("CODE_REUSED", "%client=" + app + "%"));
        assertEquals("ACTIVE", Db.sessionStatus(signIn.sessionId()), "the browser's sign-in is not the stolen code's");
    }

    @Test
    void aCodeOfAnotherClientAnExpiredCodeAndAWrongRedirectUriAreInvalidGrant() throws Exception {
        SignIn signIn = signIn();
        String app = publicApp();
        String other = publicApp();
        String verifier = verifier();
        String code = code(app, signIn, s256(verifier));
        assertError(400, "invalid_grant", exchange(other, code, REDIRECT, verifier));
        assertError(400, "invalid_grant", exchange(app, code, null, verifier));
        assertError(400, "invalid_grant", exchange(app, code, REDIRECT + "/", verifier));
        assertError(400, "invalid_grant", exchange(app, code, "https://APP.example/callback", verifier));
        assertError(400, "invalid_grant", exchange(app, "no-such-code", REDIRECT, verifier));

        String expired = verifier();
        FrontDoorRows.code(expired, app, signIn.accountId(), signIn.sessionId(), REDIRECT, true, s256(verifier), "openid",
                Instant.now().minusSeconds(1));
        assertError(400, "invalid_grant", exchange(app, expired, REDIRECT, verifier));
        assertEquals(200, exchange(app, code, REDIRECT, verifier).status(), "the right client and URI still redeem it");
    }

    // --- confidential clients

    @Test
    void aConfidentialClientAuthenticatesByBasicOrPostAndOnEveryGrant() throws Exception {
        SignIn signIn = signIn();
        String app = newClientId("web");
        String secret = verifier();
        FrontDoorRows.client(app, "CONFIDENTIAL", "authorization_code refresh_token", "openid", REDIRECT, null);
        FrontDoorRows.secret(app, secret);
        String verifier = verifier();
        String code = code(app, signIn, s256(verifier));
        Map<String, String> exchange = form("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "code_verifier", verifier);
        assertError(401, "invalid_client", token(form("grant_type", "authorization_code", "client_id", app, "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier)));
        Reply byBasic = token(basic(app, secret), exchange);
        assertEquals(200, byBasic.status(), byBasic.toString());

        Reply unauthenticated = token(form("grant_type", "refresh_token", "client_id", app, "refresh_token", byBasic.string("refresh_token")));
        assertError(401, "invalid_client", unauthenticated);
        Reply byPost = token(form("grant_type", "refresh_token", "client_id", app, "client_secret", secret,
                "refresh_token", byBasic.string("refresh_token")));
        assertEquals(200, byPost.status(), byPost.toString());

        Reply both = token(basic(app, secret), form("grant_type", "refresh_token", "client_secret", secret,
                "refresh_token", byPost.string("refresh_token")));
        assertError(400, "invalid_request", both);

        Reply revokeUnauthenticated = revoke(Map.of("token", byPost.string("refresh_token"), "client_id", app));
        assertError(401, "invalid_client", revokeUnauthenticated);
        String sid = claims(byPost.string("access_token")).getStringClaim("sid");
        assertEquals("ACTIVE", Db.sessionStatus(sid));
        Reply revoked = revoke(Map.of("token", byPost.string("refresh_token"), "client_id", app,
                "client_secret", secret));
        assertEquals(200, revoked.status(), revoked.toString());
        assertEquals("LOGOUT", Db.sessionStatus(sid));
    }

    @Test
    void aWrongSecretIsInvalidClientAuditedAndThrottledPerAddress() {
        String app = newClientId("batch");
        String secret = verifier();
        FrontDoorRows.client(app, "CONFIDENTIAL", "client_credentials", "", null, null);
        FrontDoorRows.secret(app, secret);
        FromAddress from = FromAddress.random(base);
        for (int i = 0; i < ADDRESS_FAILURES; i++) { // one wrong secret of the client, then ids that are nobody's
            String id = i == 0 ? app : "nobody-" + i;
            Reply refused = from.send("POST", "/oauth2/token", Map.of("Content-Type", "application/x-www-form-urlencoded",
                    "Authorization", basic(id, "wrong-" + secret)), "grant_type=client_credentials");
            assertEquals(401, refused.status(), i + ": " + refused);
            assertEquals("invalid_client", refused.string("error"));
            assertEquals("Basic realm=\"rotor\"", refused.header("WWW-Authenticate"));
        }
        Reply locked = from.send("POST", "/oauth2/token", Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Authorization", basic(app, secret)), "grant_type=client_credentials");
        assertEquals(429, locked.status(), "the address is locked out, even with the right secret: " + locked);
        assertEquals("slow_down", locked.string("error"));
        assertNotNull(locked.header("Retry-After"));
        assertEquals(1, audits("CLIENT_AUTH_FAILED", "client=" + app + " %wrong secret%"));
        assertEquals(0, audits("CLIENT_AUTH_FAILED", "%nobody-%"), "an id that is no client's is not written down");
        assertEquals(0, audits("CLIENT_AUTH_FAILED", "%" + secret + "%"), "no secret in the trail");
        assertEquals(200, token(basic(app, secret), form("grant_type", "client_credentials")).status(), "another address is not locked");
    }

    @Test
    void aClientIdBackingOffAnswersWrongSecretsWithSlowDownButNeverLocksItsOwnerOut() {
        String app = newClientId("batch");
        String secret = verifier();
        FrontDoorRows.client(app, "CONFIDENTIAL", "client_credentials", "", null, null);
        FrontDoorRows.secret(app, secret);
        Reply last = null;
        for (int i = 0; i <= FREE_FAILURES + 1; i++) { // each from an address of its own: only the id's count grows
            last = FromAddress.random(base).send("POST", "/oauth2/token", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                    "grant_type=client_credentials&client_id=" + app + "&client_secret=wrong");
        }
        assertEquals(429, last.status(), last.toString());
        assertEquals("slow_down", last.string("error"));
        Reply owner = FromAddress.random(base).send("POST", "/oauth2/token", Map.of("Content-Type", "application/x-www-form-urlencoded"),
                "grant_type=client_credentials&client_id=" + app + "&client_secret=" + secret);
        assertEquals(200, owner.status(), owner.toString());
    }

    @Test
    void aPublicClientPresentingASecretIsInvalidClient() {
        String app = publicApp();
        assertError(401, "invalid_client", token(basic(app, "a-secret"), form("grant_type", "refresh_token", "refresh_token", "x")));
        assertError(401, "invalid_client", token(basic(Api.CLIENT, "any-secret"), form("grant_type", "password",
                "username", "nobody", "password", "whatever")));
    }

    // --- client credentials

    @Test
    void automationCallsTheAdminApiWithAClientGrantedTheAdminScopeNeverWithAPassword() throws Exception {
        String ops = newClientId("ops");
        String secret = verifier();
        FrontDoorRows.client(ops, "CONFIDENTIAL", "client_credentials", "admin", null, null);
        FrontDoorRows.secret(ops, secret);
        String user = api.newUser("automated");
        String userId = Db.query("SELECT id FROM account WHERE username = ?", user).get(0).get("id").toString();
        api.login(user);

        Reply granted = token(basic(ops, secret), form("grant_type", "client_credentials", "scope", "admin"));
        assertEquals(200, granted.status(), granted.toString());
        String admin = granted.string("access_token");
        assertEquals(List.of("admin"), claims(admin).getStringListClaim("groups"));
        assertEquals(200, api.get("/admin/api/users?q=" + user, admin).status(), "the admin API takes it");
        Reply ended = api.post("/admin/api/users/" + userId + "/logout-all", admin);
        assertEquals(200, ended.status(), ended.toString());
        assertEquals(1L, ((Number) Db.query("SELECT COUNT(*) AS n FROM audit_event WHERE type = 'ADMIN_LOGOUT_ALL' AND account_id = ? AND actor_id = ?",
                userId, ops).get(0).get("n")).longValue(), "audited with the client as the actor");
        assertEquals(403, api.me(admin).status(), "the account API stays for users");

        Reply withoutScope = token(basic(ops, secret), form("grant_type", "client_credentials"));
        assertEquals(403, api.get("/admin/api/users?q=" + user, withoutScope.string("access_token")).status(), "no admin scope, no admin API");
    }

    @Test
    void clientCredentialsGiveAClientItsOwnTokenUntilTheClientIsDisabled() throws Exception {
        String app = newClientId("batch");
        String secret = verifier();
        String tokenSid = FrontDoorRows.client(app, "CONFIDENTIAL", "client_credentials", "orders.read orders.write", null, null);
        FrontDoorRows.secret(app, secret);

        Reply granted = token(basic(app, secret), form("grant_type", "client_credentials", "scope", "orders.read"));
        assertEquals(200, granted.status(), granted.toString());
        assertEquals("orders.read", granted.string("scope"));
        assertNull(granted.json().get("refresh_token"), "no refresh token (RFC 6749 §4.4.3)");
        JWTClaimsSet claims = claims(granted.string("access_token"));
        assertEquals(app, claims.getSubject());
        assertEquals(app, claims.getStringClaim("client_id"));
        assertEquals(tokenSid, claims.getStringClaim("sid"));
        assertEquals("orders.read", claims.getStringClaim("scope"));
        for (String absent : List.of("upn", "groups", "tv")) {
            assertNull(claims.getClaim(absent), absent);
        }
        assertEquals(1, audits("CLIENT_TOKEN_ISSUED", "client=" + app + " %"));

        Reply me = api.me(granted.string("access_token"));
        assertEquals(403, me.status(), me.toString());
        assertTrue(me.body().contains("not-a-user"), me.body());
        assertEquals(403, api.get("/auth/sessions", granted.string("access_token")).status());

        Reply forOrders = token(form("grant_type", "client_credentials", "client_id", app, "client_secret", secret, "resource", ORDERS));
        assertEquals(200, forOrders.status(), forOrders.toString());
        Reply active = introspectAsOrders(forOrders.string("access_token"));
        assertEquals(true, active.json().get("active"), "a resource server accepts it: " + active);
        assertEquals(app, active.string("sub"));

        String admin = api.login("admin", AdminApiIT.ADMIN_PASSWORD).access();
        Reply disabled = api.send(api.request("/admin/api/clients/" + app, admin).header("Content-Type", "application/json")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build());
        assertEquals(200, disabled.status(), "an admin disables the client: " + disabled);
        assertEquals(false, introspectAsOrders(forOrders.string("access_token")).json().get("active"));
        assertEquals(401, api.me(granted.string("access_token")).status(), "ended, not merely no user");
        assertError(401, "invalid_client", token(basic(app, secret), form("grant_type", "client_credentials")));
    }

    @Test
    void aPublicClientMayNotUseClientCredentials() {
        String app = newClientId("spa");
        FrontDoorRows.client(app, "PUBLIC", "client_credentials authorization_code", "openid", REDIRECT, null);
        assertError(400, "unauthorized_client", token(form("grant_type", "client_credentials", "client_id", app)));
    }

    @Test
    void anUnknownOrUnallowedScopeIsInvalidScope() {
        String app = newClientId("batch");
        String secret = verifier();
        FrontDoorRows.client(app, "CONFIDENTIAL", "client_credentials", "orders.read", null, null);
        FrontDoorRows.secret(app, secret);
        assertError(400, "invalid_scope", token(basic(app, secret), form("grant_type", "client_credentials", "scope", "nope")));
        assertError(400, "invalid_scope", token(basic(app, secret), form("grant_type", "client_credentials", "scope", "orders.write")));
    }

    @Test
    void aGrantTheClientIsNotRegisteredForIsUnauthorizedClient() {
        String app = publicApp();
        String name = api.newUser("pw");
        assertError(400, "unauthorized_client", token(form("grant_type", "password", "client_id", app, "username", name,
                "password", Api.PASSWORD)));
        assertError(400, "unsupported_grant_type", token(form("grant_type", "urn:ietf:params:oauth:grant-type:device_code",
                "client_id", app)));
        assertError(400, "unauthorized_client", token(form("grant_type", "authorization_code", "client_id", Api.CLIENT, "code", "x")),
                "a built-in has no redirect URI, so no code");
    }

    private static void assertError(int status, String error, Reply reply, String message) {
        assertEquals(status, reply.status(), message + ": " + reply);
        assertEquals(error, reply.string("error"), message);
    }

    // --- metadata

    @Test
    void theMetadataListsWhatTheFrontDoorOffers() {
        Reply metadata = api.get("/.well-known/oauth-authorization-server", null);
        assertEquals(200, metadata.status());
        Map<String, Object> json = metadata.json();
        assertTrue(String.valueOf(json.get("authorization_endpoint")).endsWith("/oauth2/authorize"));
        assertEquals(List.of("code"), json.get("response_types_supported"));
        assertEquals(List.of("S256"), json.get("code_challenge_methods_supported"));
        assertEquals(List.of("authorization_code", "refresh_token", "client_credentials", "password"), json.get("grant_types_supported"));
        assertEquals(List.of("none", "client_secret_basic", "client_secret_post"), json.get("token_endpoint_auth_methods_supported"));
        assertEquals(true, json.get("authorization_response_iss_parameter_supported"));
        assertEquals(List.of("openid", "profile", "admin", "orders.read", "orders.write"), json.get("scopes_supported"));
        assertFalse(((List<?>) json.get("grant_types_supported")).isEmpty());
    }
}

package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.example.orders.OrdersServer;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.CookieClient;
import dev.rotor.it.support.ExampleServer;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.FromAddress;
import dev.rotor.it.support.FrontDoorRows;
import dev.rotor.it.support.Reply;
import dev.rotor.oauth.control.SecretHash;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The resource-server kit in an example "orders" WAR on a second Payara Micro, against
 * Rotor under Arquillian; discovery and introspection on Rotor. Access tokens live 20 s here so
 * the expiry case is quick; MP JWT on orders still allows its 60 s clock skew. Two resource
 * servers are registered, each with its own audience: orders (the default one, derived from its
 * id on both sides, and on Rotor's host: the browser's cookie carries its audience) and billing
 * (a configured URI); a copy of the same WAR runs as each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourceServerKitIT extends RotorIT {

    static final String SECRET = "orders-it-secret-0123456789";
    /**
     * A second resource server, whose id is new on every run: its failed secret checks are counted
     * in the shared database for the whole window, and must not carry over into the next run.
     */
    static final String BILLING_ID = "billing-" + UUID.randomUUID().toString().substring(0, 8);
    static final String BILLING_SECRET = "billing-it-secret-0123456789";
    /** Orders' audience: Rotor's and the kit's default for the client id {@code orders}. */
    static final String ORDERS = "urn:rotor:resource-server:orders";
    /** Billing's audience, configured. */
    static final String BILLING = "https://billing.example/api";
    /** Failed resource-server authentications one address may make in the window (test setting). */
    static final int ADDRESS_FAILURES = 4;
    /** Wrong secrets one client id gets checked for before it must wait (test setting). */
    static final int FREE_SECRET_CHECKS = 3;
    static final String ROTOR = "http://localhost:" + Integer.getInteger("rotor.it.port", 8080);
    /** The revocation must reach orders well before the token's exp + skew (80 s); printed latencies show the real figure. */
    static final long REFUSAL_DEADLINE_MS = 10_000;

    static ExampleServer orders;
    /**
     * An access token issued as the class starts: its 20 s run out while the other tests run, and
     * {@link #expiredAccessTokenIsInactive()}, ordered last, waits only for what is left of them.
     */
    static String expiring;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("rotor.resource-servers=orders:" + SecretHash.of(SECRET, 1024).format()
                        + "," + BILLING_ID + ":" + SecretHash.of(BILLING_SECRET, 1024).format(),
                "rotor.resource-servers." + BILLING_ID + ".audience=" + BILLING, "rotor.cookies.resource-servers=orders",
                "rotor.access.ttl=PT20S", "rotor.refresh.grace=PT1S",
                "rotor.throttle.client-address.max-failures=" + ADDRESS_FAILURES,
                "rotor.throttle.client.free-failures=" + FREE_SECRET_CHECKS,
                "rotor.throttle.backoff.base=PT60S", "rotor.throttle.backoff.max=PT60S");
    }

    @BeforeAll
    static void issueTheExpiringToken() throws Exception {
        var rotor = new Api(URI.create(ROTOR).toURL());
        expiring = loginFor(rotor, rotor.newUser("eve"), ORDERS).access();
        assertEquals(true, introspect(rotor, expiring, basic("orders", SECRET)).json().get("active"), "fresh, it is active");
    }

    @BeforeAll
    static void startOrders() throws Exception {
        String dead = "http://localhost:1"; // nothing listens on port 1
        String verifyAtRotor = "mp.jwt.verify.publickey.location=" + ROTOR + "/.well-known/jwks.json\n"
                + "mp.jwt.verify.issuer=" + ROTOR + "\n";
        String ordersAudience = "rotor.kit.audience=" + ORDERS + "\n";
        var wars = new LinkedHashMap<String, String>();
        wars.put("orders", "rotor.kit.base-url=" + ROTOR + "\nrotor.kit.client-id=orders\nrotor.kit.client-secret=" + SECRET + "\n");
        wars.put("billing", "rotor.kit.base-url=" + ROTOR + "\nrotor.kit.client-id=" + BILLING_ID + "\nrotor.kit.client-secret=" + BILLING_SECRET
                + "\nrotor.kit.audience=" + BILLING + "\n");
        wars.put("orders-closed", "rotor.kit.base-url=" + dead + "\nrotor.kit.client-id=orders-closed\n"
                + "rotor.kit.client-secret=x\nrotor.kit.max-staleness=PT2S\n" + verifyAtRotor + ordersAudience);
        wars.put("orders-open", "rotor.kit.base-url=" + dead + "\nrotor.kit.client-id=orders-open\n"
                + "rotor.kit.client-secret=x\nrotor.kit.max-staleness=PT2S\nrotor.kit.fail-open=true\n" + verifyAtRotor + ordersAudience);
        orders = OrdersServer.start(wars);
    }

    @AfterAll
    static void stopOrders() throws InterruptedException {
        if (orders != null) {
            orders.close();
        }
    }

    // ---- helpers

    private Api at(String war) throws Exception {
        return new Api(URI.create(orders.url(war)).toURL());
    }

    private Reply introspect(String token, String authorization) {
        return introspect(api, token, authorization);
    }

    private static Reply introspect(Api rotor, String token, String authorization) {
        var builder = rotor.request("/oauth2/introspect", null).header("Content-Type", "application/x-www-form-urlencoded");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        String body = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        return rotor.send(builder.POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private Reply introspect(String token) {
        return introspect(token, basic("orders", SECRET));
    }

    /** Introspection by an admin, who is told about every token, refresh tokens included. */
    private Reply introspectAsAdmin(String token) {
        return introspect(token, "Bearer " + adminToken());
    }

    /** A password grant whose access token is for {@code resource} (RFC 8707); null: Rotor's own API. */
    private static Reply grantFor(Api rotor, String username, String password, String resource) {
        var form = new LinkedHashMap<String, String>();
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", password);
        form.put("client_id", Api.CLIENT);
        if (resource != null) {
            form.put("resource", resource);
        }
        return rotor.postForm("/oauth2/token", form);
    }

    static Tokens loginFor(Api rotor, String username, String resource) {
        Reply reply = grantFor(rotor, username, "admin".equals(username) ? AdminApiIT.ADMIN_PASSWORD : Api.PASSWORD, resource);
        assertEquals(200, reply.status(), reply.toString());
        return Tokens.of(reply);
    }

    private Tokens loginFor(String username, String resource) {
        return loginFor(api, username, resource);
    }

    private Reply refreshFor(String refreshToken, String resource) {
        return api.postForm("/oauth2/token", Map.of("grant_type", "refresh_token", "refresh_token", refreshToken,
                "client_id", Api.CLIENT, "resource", resource));
    }

    /** Introspects from an address of its own, so failed authentications are counted against it alone. */
    private static Reply introspect(FromAddress from, String token, String authorization) {
        var headers = new LinkedHashMap<String, String>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        return from.send("POST", "/oauth2/introspect", headers, "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    private static List<Map<String, Object>> auditFrom(FromAddress from, String type) {
        return Db.query("SELECT detail FROM audit_event WHERE client_ip = ? AND type = ?", from.address(), type);
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private void assertInactive(String token, String why) {
        assertInactive(token, basic("orders", SECRET), why);
    }

    private void assertInactive(String token, String authorization, String why) {
        Reply reply = introspect(token, authorization);
        assertEquals(200, reply.status(), why + ": " + reply);
        assertEquals("{\"active\":false}", reply.body(), why);
        assertEquals("no-store", reply.header("Cache-Control"), why);
    }

    private String adminToken() {
        return Tokens.of(api.passwordGrant("admin", AdminApiIT.ADMIN_PASSWORD, Api.CLIENT)).access();
    }

    /** The account id ({@code sub}) an access token names, whoever it is for. */
    private static String idOf(String access) throws java.text.ParseException {
        return SignedJWT.parse(access).getJWTClaimsSet().getSubject();
    }

    private Reply patchUser(String id, String json) {
        return api.send(api.request("/admin/api/users/" + id, adminToken()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Milliseconds until {@code call} answers 401, polling every 20 ms; fails after the deadline. */
    private static long millisUntilRefused(Supplier<Reply> call) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            Reply reply = call.get();
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (reply.status() == 401) {
                assertEquals("https://rotor.dev/problems/session-ended", reply.string("type"), reply.toString());
                assertTrue(reply.header("WWW-Authenticate").contains("error=\"invalid_token\""), reply.header("WWW-Authenticate"));
                return elapsed;
            }
            assertEquals(200, reply.status(), "until refused, orders answers 200: " + reply);
            assertTrue(elapsed < REFUSAL_DEADLINE_MS, "orders still accepts the token after " + elapsed + " ms");
            Thread.sleep(20);
        }
    }

    // ---- discovery

    @Test
    void discoveryNamesEveryEndpointUnderTheExactIssuer() {
        Reply reply = api.get("/.well-known/oauth-authorization-server", null);
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("public, max-age=300", reply.header("Cache-Control"));
        Map<String, Object> metadata = reply.json();
        assertEquals(ROTOR, metadata.get("issuer"));
        assertEquals(ROTOR + "/.well-known/jwks.json", metadata.get("jwks_uri"));
        assertEquals(ROTOR + "/oauth2/token", metadata.get("token_endpoint"));
        assertEquals(ROTOR + "/oauth2/revoke", metadata.get("revocation_endpoint"));
        assertEquals(ROTOR + "/oauth2/introspect", metadata.get("introspection_endpoint"));
        assertEquals(ROTOR + "/oauth2/revocations", metadata.get("rotor_revocation_feed_endpoint"));
        assertEquals(List.of("authorization_code", "refresh_token", "client_credentials", "password"), metadata.get("grant_types_supported"));
        assertEquals(List.of("code"), metadata.get("response_types_supported"));
        List<String> clientAuth = List.of("none", "client_secret_basic", "client_secret_post");
        assertEquals(clientAuth, metadata.get("token_endpoint_auth_methods_supported"));
        assertEquals(clientAuth, metadata.get("revocation_endpoint_auth_methods_supported"));
        assertEquals(List.of("client_secret_basic"), metadata.get("introspection_endpoint_auth_methods_supported"));
        assertEquals(List.of("S256"), metadata.get("code_challenge_methods_supported"));
        assertEquals(ROTOR + "/oauth2/authorize", metadata.get("authorization_endpoint"));
        assertEquals(true, metadata.get("authorization_response_iss_parameter_supported"));

        assertEquals(200, api.get(path(metadata, "jwks_uri"), null).status());
        assertEquals(400, api.postForm(path(metadata, "token_endpoint"), Map.of()).status());
        assertEquals(200, api.postForm(path(metadata, "revocation_endpoint"), Map.of("token", "x", "client_id", Api.CLIENT)).status());
        assertEquals(401, api.postForm(path(metadata, "introspection_endpoint"), Map.of("token", "x")).status());
        assertEquals(401, api.get(path(metadata, "rotor_revocation_feed_endpoint") + "?after=0", null).status());
    }

    private static String path(Map<String, Object> metadata, String member) {
        return metadata.get(member).toString().substring(ROTOR.length());
    }

    // ---- introspection

    @Test
    void introspectionRefusesCallersWhoAreNotResourceServersAndTellsThemNothing() {
        String name = api.newUser("ivy");
        Tokens tokens = loginFor(name, ORDERS);
        FromAddress from = FromAddress.random(base);
        for (String authorization : new String[] {basic("orders", SECRET + "x"), basic("nobody", SECRET), "Basic !!!"}) {
            Reply reply = introspect(from, tokens.access(), authorization);
            assertEquals(401, reply.status(), authorization + ": " + reply);
            assertEquals(List.of("Basic realm=\"rotor\""), reply.headers("WWW-Authenticate"));
            assertEquals(Map.of("error", "invalid_client", "error_description", "Unknown client."), reply.json());
        }
        Reply anonymous = introspect(tokens.access(), null);
        assertEquals(401, anonymous.status(), anonymous.toString());
        assertEquals(Map.of("error", "invalid_client", "error_description", "Unknown client."), anonymous.json());
        assertTrue(anonymous.headers("WWW-Authenticate").containsAll(List.of("Basic realm=\"rotor\"", "Bearer realm=\"rotor\"")),
                "either way of authenticating is offered: " + anonymous.headers("WWW-Authenticate"));

        Reply byUser = introspect(tokens.access(), "Bearer " + api.login(name).access());
        assertEquals(401, byUser.status(), byUser.toString());
        assertEquals(1, byUser.headers("WWW-Authenticate").size(), byUser.headers("WWW-Authenticate").toString());
        assertTrue(byUser.header("WWW-Authenticate").startsWith("Bearer realm=\"rotor\", error="),
                "RFC 7662 §2.3: a bearer caller gets a Bearer challenge: " + byUser.header("WWW-Authenticate"));
        assertFalse(byUser.body().contains("active"), byUser.body());

        Reply byAdmin = introspect(tokens.access(), "Bearer " + adminToken());
        assertEquals(200, byAdmin.status(), byAdmin.toString());
        assertEquals(true, byAdmin.json().get("active"));
    }

    @Test
    void failedResourceServerAuthenticationIsAuditedAndThrottledPerAddress() {
        String access = api.login(api.newUser("thr")).access();
        FromAddress attacker = FromAddress.random(base);
        for (int i = 1; i <= ADDRESS_FAILURES; i++) {
            Reply reply = introspect(attacker, access, basic("no-such-client-" + i, "guess"));
            assertEquals(401, reply.status(), "failure " + i + ": " + reply);
        }
        List<Map<String, Object>> failed = auditFrom(attacker, "CLIENT_AUTH_FAILED");
        assertEquals(ADDRESS_FAILURES, failed.size(), failed.toString());
        assertTrue(failed.stream().noneMatch(row -> String.valueOf(row.get("detail")).contains("no-such-client")),
                "an id that is not configured is not written down: " + failed);
        assertEquals(1, auditFrom(attacker, "CLIENT_AUTH_THROTTLED").size());

        Reply refused = introspect(attacker, access, basic("orders", SECRET));
        assertEquals(429, refused.status(), "the address must wait, even with the right secret: " + refused);
        assertEquals("slow_down", refused.string("error"));
        assertTrue(Long.parseLong(refused.header("Retry-After")) > 0, refused.toString());
        assertEquals(ADDRESS_FAILURES, auditFrom(attacker, "CLIENT_AUTH_FAILED").size(), "a refusal writes no further audit row");
        Reply feed = attacker.send("GET", "/oauth2/revocations?after=0&wait=0", Map.of("Authorization", basic("orders", SECRET)), null);
        assertEquals(429, feed.status(), "the revocation feed shares the gate: " + feed);

        Reply elsewhere = introspect(FromAddress.random(base), access, basic("orders", SECRET));
        assertEquals(200, elsewhere.status(), "other addresses are not affected: " + elsewhere);
    }

    @Test
    void wrongSecretsForOneClientAreCheckedOnlyUntilItsBackOffWhateverTheAddress() {
        String access = api.login(api.newUser("bill")).access();
        assertEquals(200, introspect(FromAddress.random(base), access, basic(BILLING_ID, BILLING_SECRET)).status(), "billing signs in once");
        for (int i = 1; i <= FREE_SECRET_CHECKS + 1; i++) {
            Reply reply = introspect(FromAddress.random(base), access, basic(BILLING_ID, "wrong secret " + i));
            assertEquals(401, reply.status(), "checked and wrong " + i + ": " + reply);
        }
        FromAddress next = FromAddress.random(base);
        Reply waiting = introspect(next, access, basic(BILLING_ID, "wrong secret again"));
        assertEquals(429, waiting.status(), "after the free checks, the id waits before its secret is checked again: " + waiting);
        assertEquals("slow_down", waiting.string("error"));
        List<Map<String, Object>> row = Db.query("SELECT failures FROM sign_in_throttle WHERE kind = 'CLIENT' AND subject = ?", BILLING_ID);
        assertEquals(1, row.size(), row.toString());
        assertEquals(FREE_SECRET_CHECKS + 1, ((Number) row.get(0).get("failures")).intValue(),
                "the refused attempt was not checked (nor counted): " + row);
        assertEquals(1, auditFrom(next, "CLIENT_AUTH_FAILED").size(), "the refusal is audited against its address");
        assertEquals(200, introspect(FromAddress.random(base), access, basic(BILLING_ID, BILLING_SECRET)).status(),
                "the secret this instance already accepted still works: an attacker cannot lock the resource server out");
    }

    @Test
    void activeAccessTokenIsDescribed() {
        String name = api.newUser("ann");
        Tokens tokens = loginFor(name, ORDERS);
        Reply reply = introspect(tokens.access());
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("no-store", reply.header("Cache-Control"));
        Map<String, Object> facts = reply.json();
        assertEquals(true, facts.get("active"));
        Reply me = api.me(Tokens.of(api.refresh(tokens.refresh())).access()); // the same session, with a token for Rotor
        assertEquals(me.string("id"), facts.get("sub"));
        assertEquals(name, facts.get("username"));
        assertEquals(me.string("sessionId"), facts.get("sid"));
        assertEquals(Api.CLIENT, facts.get("client_id"));
        assertEquals(ROTOR, facts.get("iss"));
        assertEquals(ORDERS, facts.get("aud"));
        assertEquals("Bearer", facts.get("token_type"));
        long exp = ((Number) facts.get("exp")).longValue();
        long iat = ((Number) facts.get("iat")).longValue();
        assertEquals(20, exp - iat);
        assertFalse(facts.containsKey("scope"), "Rotor's tokens carry no scope");
    }

    @Test
    void introspectingARefreshTokenNeitherRotatesNorRevokesIt() {
        String name = api.newUser("rex");
        Tokens first = api.login(name);
        Reply described = introspectAsAdmin(first.refresh());
        assertEquals(true, described.json().get("active"), described.toString());
        assertEquals(name, described.string("username"));
        assertNull(described.json().get("token_type"));
        assertNull(described.json().get("aud"));

        Reply refreshed = api.refresh(first.refresh());
        assertEquals(200, refreshed.status(), "the introspected token still refreshes: " + refreshed);
        Tokens second = Tokens.of(refreshed);
        assertInactive(first.refresh(), "Bearer " + adminToken(), "a spent generation");
        assertEquals(true, introspectAsAdmin(second.refresh()).json().get("active"));
    }

    @Test
    void introspectingAnOldRefreshTokenIsNoReuseDetection() throws InterruptedException {
        Tokens first = api.login(api.newUser("otto"));
        Tokens second = Tokens.of(api.refresh(first.refresh()));
        Thread.sleep(1_500); // past the 1 s grace window: presenting `first` at the token endpoint would end the session
        assertInactive(first.refresh(), "Bearer " + adminToken(), "an old generation");
        assertEquals(200, api.refresh(second.refresh()).status(), "the session survived the introspection");
    }

    @Test
    void revokedAndEndedSessionsAreInactive() throws Exception {
        Tokens revoked = loginFor(api.newUser("rita"), ORDERS);
        assertEquals(200, api.postForm("/oauth2/revoke", Map.of("token", revoked.refresh(), "client_id", Api.CLIENT)).status());
        assertInactive(revoked.access(), "access token of a revoked session");
        assertInactive(revoked.refresh(), "Bearer " + adminToken(), "revoked refresh token");

        Tokens ended = loginFor(api.newUser("ed"), ORDERS);
        String sid = SignedJWT.parse(ended.access()).getJWTClaimsSet().getStringClaim("sid");
        assertEquals(204, api.delete("/admin/api/sessions/" + sid, adminToken()).status());
        assertInactive(ended.access(), "access token of a session an admin ended");
        assertInactive(ended.refresh(), "Bearer " + adminToken(), "refresh token of a session an admin ended");
    }

    @Test
    void accessTokenCutOffByARoleChangeIsInactiveWhileItsSessionLives() throws Exception {
        Tokens tokens = loginFor(api.newUser("carl"), ORDERS);
        assertEquals(200, patchUser(idOf(tokens.access()), "{\"roles\":[\"user\",\"admin\"]}").status());
        assertInactive(tokens.access(), "issued before the account's cut-off");
        assertEquals(true, introspectAsAdmin(tokens.refresh()).json().get("active"), "the session itself goes on");
        Tokens fresh = Tokens.of(refreshFor(tokens.refresh(), ORDERS));
        assertEquals(true, introspect(fresh.access()).json().get("active"));
    }

    @Test
    void forgedUnknownAndMalformedTokensAreInactive() throws Exception {
        String access = loginFor(api.newUser("fred"), ORDERS).access();
        String[] parts = access.split("\\.");
        String tamperedPayload = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"user\"", "\"admin\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        assertInactive(tamperedPayload, "forged claims");
        assertInactive(unsigned, "alg none");
        assertInactive(otherKeyToken(idOf(access)), "signed by a key Rotor never published");
        assertInactive(UUID.randomUUID() + ".0.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Bearer " + adminToken(), "unknown refresh token");
        assertInactive("not-a-token", "malformed");
        assertInactive("a.b.c", "malformed JWT");
        Reply missing = api.send(api.request("/oauth2/introspect", null).header("Authorization", basic("orders", SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("")).build());
        assertEquals(400, missing.status());
        assertEquals("invalid_request", missing.string("error"));
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void expiredAccessTokenIsInactive() throws Exception {
        Instant exp = SignedJWT.parse(expiring).getJWTClaimsSet().getExpirationTime().toInstant();
        sleepUntil(exp.plusSeconds(1));
        assertInactive(expiring, "past exp (no clock skew on introspection)");
    }

    private static String otherKeyToken(String subject) throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder().issuer(ROTOR).audience(ORDERS).subject(subject)
                .claim("upn", "mallory").claim("groups", List.of("user", "admin")).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("sid", UUID.randomUUID().toString()).claim("tv", 1_000_000).build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    // ---- one audience per resource server, and one for Rotor's own API

    @Test
    void aTokenForOneResourceServerIsRefusedByEveryOtherAndByRotorsOwnApi() throws Exception {
        String admin = adminToken();
        Tokens forOrders = loginFor("admin", ORDERS);
        assertEquals(200, at("orders").get("/orders", forOrders.access()).status(), "accepted where it is meant for");
        Reply atBilling = at("billing").get("/orders", forOrders.access());
        assertEquals(401, atBilling.status(), "billing (its feed up, see below) refuses orders' token: " + atBilling);
        assertEquals(401, api.me(forOrders.access()).status(), "/api/me refuses it");

        // An admin's token, replayed by a compromised resource server, can neither create an admin nor revoke a key.
        String intruder = Api.uniqueName("intruder");
        Reply create = api.send(api.request("/admin/api/users", forOrders.access()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + intruder + "\",\"password\":\"" + Api.PASSWORD
                        + "\",\"roles\":[\"user\",\"admin\"]}")).build());
        assertEquals(401, create.status(), create.toString());
        assertTrue(Db.query("SELECT id FROM account WHERE username = ?", intruder).isEmpty(), "no account was created");
        assertEquals(401, api.post("/admin/api/keys/" + UUID.randomUUID() + "/revoke", forOrders.access()).status());
        assertEquals(401, api.get("/admin/api/users", forOrders.access()).status());
        assertEquals(200, api.get("/admin/api/users", admin).status(), "the same admin's token for Rotor works there");

        String forBilling = loginFor("admin", BILLING).access();
        assertEquals(200, at("billing").get("/orders", forBilling).status(), "billing accepts its own token");
        assertEquals(401, at("orders").get("/orders", forBilling).status());
        assertEquals(401, api.get("/admin/api/users", forBilling).status());

        assertEquals(401, at("orders").get("/orders", admin).status(), "a token for Rotor's API only is refused by orders");
        assertEquals(401, at("billing").get("/orders", admin).status(), "and by billing");
    }

    @Test
    void introspectionTellsAResourceServerOnlyAboutAccessTokensForIt() {
        String name = api.newUser("ines");
        Tokens forOrders = loginFor(name, ORDERS);
        String forBilling = loginFor(name, BILLING).access();
        Tokens forRotor = api.login(name);
        String byBilling = basic(BILLING_ID, BILLING_SECRET);

        Reply ordersOwn = introspect(forOrders.access());
        assertEquals(true, ordersOwn.json().get("active"), ordersOwn.toString());
        assertEquals(ORDERS, ordersOwn.string("aud"));
        Reply billingOwn = introspect(forBilling, byBilling);
        assertEquals(true, billingOwn.json().get("active"), billingOwn.toString());
        assertEquals(BILLING, billingOwn.string("aud"));

        assertInactive(forOrders.access(), byBilling, "billing asks about orders' token");
        assertInactive(forBilling, "orders asks about billing's token");
        assertInactive(forRotor.access(), "orders asks about a token for Rotor's API");
        assertInactive(forOrders.refresh(), "orders asks about a refresh token of a session whose access token is its own");
        assertInactive(forRotor.refresh(), byBilling, "billing asks about a refresh token");

        assertEquals(true, introspectAsAdmin(forRotor.access()).json().get("active"), "an admin is told about every token");
        assertEquals(true, introspectAsAdmin(forOrders.refresh()).json().get("active"));
    }

    @Test
    void anUnknownOrSecondResourceIsInvalidTargetBeforeAnyPasswordOrRefreshTokenIsUsed() throws Exception {
        String name = api.newUser("tara");
        for (String resource : new String[] {"urn:rotor:resource-server:nobody", "orders", ORDERS + "/", "https://evil.example"}) {
            Reply reply = grantFor(api, name, Api.PASSWORD, resource);
            assertEquals(400, reply.status(), resource + ": " + reply);
            assertEquals("invalid_target", reply.string("error"), reply.toString());
            assertEquals("no-store", reply.header("Cache-Control"));
        }
        Reply wrongPassword = grantFor(api, name, "wrong password", "https://evil.example");
        assertEquals(400, wrongPassword.status(), wrongPassword.toString());
        assertEquals("invalid_target", wrongPassword.string("error"), "the password was not checked: " + wrongPassword);
        String id = Db.query("SELECT id FROM account WHERE username = ?", name).get(0).get("id").toString();
        assertTrue(Db.query("SELECT id FROM session_family WHERE account_id = ?", id).isEmpty(), "no session started");

        Tokens tokens = api.login(name);
        Reply refresh = refreshFor(tokens.refresh(), "https://evil.example");
        assertEquals(400, refresh.status(), refresh.toString());
        assertEquals("invalid_target", refresh.string("error"));
        assertEquals(0L, ((Number) Db.query("SELECT generation FROM session_family WHERE account_id = ?", id).get(0)
                .get("generation")).longValue(), "the refresh token was not rotated");

        Reply two = api.postBytes("/oauth2/token", "application/x-www-form-urlencoded", ("grant_type=refresh_token&client_id="
                + Api.CLIENT + "&refresh_token=" + URLEncoder.encode(tokens.refresh(), StandardCharsets.UTF_8) + "&resource="
                + URLEncoder.encode(ORDERS, StandardCharsets.UTF_8) + "&resource=" + URLEncoder.encode(BILLING, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(400, two.status(), two.toString());
        assertEquals("invalid_target", two.string("error"), "one token is for one resource server");

        Reply forOrders = refreshFor(tokens.refresh(), ORDERS);
        assertEquals(200, forOrders.status(), "the session still refreshes, now for orders: " + forOrders);
        assertEquals(200, at("orders").get("/orders", forOrders.string("access_token")).status());
    }

    // ---- the kit, on the orders WAR

    @Test
    void ordersAcceptsRotorsTokenAndRefusesItSoonAfterLogoutAll() throws Exception {
        Api shop = at("orders");
        String name = api.newUser("olga");
        Tokens tokens = loginFor(name, ORDERS);
        Reply list = shop.get("/orders", tokens.access());
        assertEquals(200, list.status(), list.toString());
        assertEquals(name, list.string("owner"));
        Reply placed = shop.send(shop.request("/orders", tokens.access()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"tea\"}")).build());
        assertEquals(201, placed.status(), placed.toString());
        assertEquals(200, introspect(tokens.access()).status());

        assertEquals(204, api.post("/auth/logout-all", api.login(name).access()).status());
        long millis = millisUntilRefused(() -> shop.get("/orders", tokens.access()));
        System.out.println("[kit] logout-all reached orders after " + millis + " ms");
        assertInactive(tokens.access(), "after logout-all");
    }

    /**
     * {@code @RequiresMfa} on orders: a password-only token gets 401 with the RFC 9470 challenge; a
     * session whose sign-in had a second factor (its amr set in the database, as the second-factor
     * sign-in would) refreshes into a token with {@code mfa} in {@code amr} (amr and auth_time carried
     * through the refresh, unchanged), which passes; {@code maxAgeSeconds} refuses it once its
     * auth_time is older, naming {@code max_age}.
     */
    @Test
    void aMethodThatRequiresMfaRefusesAPasswordOnlyTokenAndTakesOneWhoseSessionHadASecondFactor() throws Exception {
        Api shop = at("orders");
        Tokens tokens = loginFor(api.newUser("mia"), ORDERS);
        var before = SignedJWT.parse(tokens.access()).getJWTClaimsSet();
        assertEquals(List.of("pwd"), before.getStringListClaim("amr"), "a password grant: pwd alone");
        assertNull(before.getClaim("acr"), "no acr without a second factor");

        Reply refused = shop.get("/orders/sensitive", tokens.access());
        assertEquals(401, refused.status(), refused.toString());
        assertEquals(List.of("Bearer error=\"insufficient_user_authentication\", error_description=\"This call needs a sign-in with a second factor.\","
                + " acr_values=\"mfa\""), refused.headers("WWW-Authenticate"));
        assertEquals("https://rotor.dev/problems/insufficient-user-authentication", refused.string("type"));
        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"), refused.header("Content-Type"));
        assertEquals(200, shop.get("/orders", tokens.access()).status(), "a method without @RequiresMfa takes the same token");

        String sid = before.getStringClaim("sid");
        assertEquals(1, Db.update("UPDATE session_family SET amr = 'pwd otp mfa' WHERE id = ?", sid));
        Reply refreshed = refreshFor(tokens.refresh(), ORDERS);
        assertEquals(200, refreshed.status(), refreshed.toString());
        String stepped = refreshed.string("access_token");
        var after = SignedJWT.parse(stepped).getJWTClaimsSet();
        assertEquals(List.of("pwd", "otp", "mfa"), after.getStringListClaim("amr"), "the session's amr, carried by the refresh");
        assertEquals("mfa", after.getStringClaim("acr"));
        assertEquals(before.getLongClaim("auth_time"), after.getLongClaim("auth_time"), "a refresh keeps the sign-in's auth_time");
        assertEquals(sid, after.getStringClaim("sid"));
        Reply allowed = shop.get("/orders/sensitive", stepped);
        assertEquals(200, allowed.status(), allowed.toString());
        assertEquals(401, shop.get("/orders/sensitive", tokens.access()).status(), "the password-only token is still refused");

        long authTime = after.getLongClaim("auth_time");
        long wait = (authTime + dev.rotor.example.orders.OrdersResource.RECENT_SECONDS + 1) * 1000 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        Reply old = shop.get("/orders/recent", stepped);
        assertEquals(401, old.status(), old.toString());
        String challenge = old.header("WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer error=\"insufficient_user_authentication\", error_description=\""), challenge);
        assertTrue(challenge.endsWith(", acr_values=\"mfa\", max_age=\"" + dev.rotor.example.orders.OrdersResource.RECENT_SECONDS + "\""),
                challenge);
    }

    /**
     * A client's own token (client credentials: no user, no tv) passes the kit's revocation check
     * (orders' role check then answers 403: it is no user) until the client is disabled, whose
     * tokenSid's end reaches orders through the feed (the row the admin API's disable writes).
     */
    @Test
    void ordersLetsAClientsOwnTokenThroughTheKitUntilTheClientIsDisabled() throws Exception {
        Api shop = at("orders");
        String client = "batch-" + UUID.randomUUID().toString().substring(0, 8);
        String secret = UUID.randomUUID().toString();
        FrontDoorRows.client(client, "CONFIDENTIAL", "client_credentials", "", null, null);
        FrontDoorRows.secret(client, secret);
        Reply granted = api.postForm("/oauth2/token", Map.of("grant_type", "client_credentials", "client_id", client,
                "client_secret", secret, "resource", ORDERS));
        assertEquals(200, granted.status(), granted.toString());
        String access = granted.string("access_token");
        assertEquals(true, introspect(access, basic("orders", SECRET)).json().get("active"));
        Reply passed = shop.get("/orders", access);
        assertEquals(403, passed.status(), "past the kit, refused by orders' role check only: " + passed);

        Reply disabled = api.send(api.request("/admin/api/clients/" + client, adminToken()).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build());
        assertEquals(200, disabled.status(), "an admin disables the client: " + disabled);
        assertEquals(false, introspect(access, basic("orders", SECRET)).json().get("active"), "Rotor refuses it at once");
        long start = System.nanoTime();
        while (true) {
            Reply reply = shop.get("/orders", access);
            if (reply.status() == 401) {
                assertEquals("https://rotor.dev/problems/session-ended", reply.string("type"), reply.toString());
                break;
            }
            assertEquals(403, reply.status(), reply.toString());
            assertTrue((System.nanoTime() - start) / 1_000_000 < REFUSAL_DEADLINE_MS, "orders still lets the client's token through");
            Thread.sleep(20);
        }
    }

    @Test
    void ordersRefusesTheTokenOfADisabledUser() throws Exception {
        Api shop = at("orders");
        Tokens tokens = loginFor(api.newUser("dora"), ORDERS);
        assertEquals(200, shop.get("/orders", tokens.access()).status());
        assertEquals(200, patchUser(idOf(tokens.access()), "{\"enabled\":false}").status());
        long millis = millisUntilRefused(() -> shop.get("/orders", tokens.access()));
        System.out.println("[kit] disabling reached orders after " + millis + " ms");
        assertInactive(tokens.access(), "access token of a disabled user");
        assertInactive(tokens.refresh(), "Bearer " + adminToken(), "refresh token of a disabled user");
    }

    @Test
    void ordersRefusesATokenSignedByAnotherKey() throws Exception {
        String access = loginFor(api.newUser("kim"), ORDERS).access();
        Reply reply = at("orders").get("/orders", otherKeyToken(idOf(access)));
        assertEquals(401, reply.status(), reply.toString());
        assertEquals(200, at("orders").get("/orders", access).status());
    }

    @Test
    void ordersTakesRotorsCookieWithTheDoubleSubmitRuleForChanges() throws Exception {
        Api shop = at("orders");
        String name = api.newUser("cora");
        var browser = new CookieClient(api);
        assertEquals(200, browser.login(name, Api.PASSWORD).status());
        String access = browser.cookie(CookieClient.ACCESS); // for Rotor and orders, the resource server on Rotor's host
        String csrf = "csrf-" + UUID.randomUUID();
        String cookies = "__Host-rotor-at=" + access + "; __Host-rotor-csrf=" + csrf;
        Reply read = shop.send(shop.request("/orders", null).header("Cookie", cookies).GET().build());
        assertEquals(200, read.status(), "a safe request needs no CSRF header: " + read);
        Reply elsewhere = at("billing").send(at("billing").request("/orders", null).header("Cookie", cookies).GET().build());
        assertEquals(401, elsewhere.status(), "billing is not in rotor.cookies.resource-servers: " + elsewhere);
        Supplier<HttpRequest.Builder> post = () -> shop.request("/orders", null).header("Cookie", cookies)
                .header("Content-Type", "application/json");
        Reply without = shop.send(post.get().POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"a\"}")).build());
        assertEquals(403, without.status(), without.toString());
        assertEquals("https://rotor.dev/problems/csrf", without.string("type"));
        Reply wrong = shop.send(post.get().header("X-CSRF-Token", csrf + "x").POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"a\"}")).build());
        assertEquals(403, wrong.status());
        Reply foreign = shop.send(post.get().header("X-CSRF-Token", csrf).header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"a\"}")).build());
        assertEquals(403, foreign.status());
        Reply good = shop.send(post.get().header("X-CSRF-Token", csrf).header("Origin", orders.base())
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"a\"}")).build());
        assertEquals(201, good.status(), good.toString());
        Reply bearer = shop.send(shop.request("/orders", loginFor(name, ORDERS).access()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":\"b\"}")).build());
        assertEquals(201, bearer.status(), "a bearer caller needs no CSRF header: " + bearer);
    }

    @Test
    void unreachableFeedFailsClosedByDefaultAndTakesReadinessDown() throws Exception {
        String access = loginFor(api.newUser("una"), ORDERS).access();
        Reply closed = at("orders-closed").get("/orders", access);
        assertEquals(401, closed.status(), closed.toString());
        assertEquals("https://rotor.dev/problems/rotor-unreachable", closed.string("type"));
        assertEquals(200, at("orders-open").get("/orders", access).status(), "fail-open lets the token through");

        Reply ready = new Api(URI.create(orders.base()).toURL()).get("/health/ready", null);
        assertEquals(503, ready.status(), ready.toString());
        assertTrue(ready.body().matches("(?s).*\"name\":\"rotor-revocation-feed:orders-closed\",\"status\":\"DOWN\".*"), ready.body());
        assertTrue(ready.body().matches("(?s).*\"name\":\"rotor-revocation-feed:orders-open\",\"status\":\"DOWN\".*"), ready.body());
        assertTrue(ready.body().matches("(?s).*\"name\":\"rotor-revocation-feed:orders\",\"status\":\"UP\".*"), ready.body());
    }

    /**
     * A revoked signing key reaches orders through the feed, and orders refuses its tokens then,
     * not when its cached key set (5 minutes) expires. Last: it revokes the key every other test signs with.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void ordersRefusesTokensOfARevokedKeyAsSoonAsTheFeedReportsIt() throws Exception {
        Api shop = at("orders");
        Tokens tokens = loginFor(api.newUser("kurt"), ORDERS);
        assertEquals(200, shop.get("/orders", tokens.access()).status());
        String kid = SignedJWT.parse(tokens.access()).getHeader().getKeyID();

        Reply revoked = api.post("/admin/api/keys/" + kid + "/revoke", adminToken());
        assertEquals(204, revoked.status(), revoked.toString());
        long start = System.nanoTime();
        while (true) {
            Reply reply = shop.get("/orders", tokens.access());
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            if (reply.status() == 401) {
                assertEquals("https://rotor.dev/problems/key-revoked", reply.string("type"), reply.toString());
                System.out.println("[kit] a key revocation reached orders after " + elapsed + " ms");
                break;
            }
            assertEquals(200, reply.status(), "until refused, orders answers 200: " + reply);
            assertTrue(elapsed < REFUSAL_DEADLINE_MS, "orders still accepts a revoked key's token after " + elapsed + " ms");
            Thread.sleep(20);
        }
        Reply entries = feed(0);
        assertTrue(entries.body().contains(",\"kind\":\"key\",\"kid\":\"" + kid + "\"}"), entries.body());
    }

    /** One answer of the revocation feed after {@code after}, as orders' client sees it. */
    private Reply feed(long after) {
        Reply reply = api.send(api.request("/oauth2/revocations?after=" + after + "&wait=0", null)
                .header("Authorization", basic("orders", SECRET)).GET().build());
        assertEquals(200, reply.status(), reply.toString());
        return reply;
    }

    @Test
    void aFeedCursorAboveTheHeadIsAnsweredAtOnceWithTheHead() {
        long head = ((Number) feed(0).json().get("head")).longValue();
        Reply reply = api.send(api.request("/oauth2/revocations?after=" + (head + 1000) + "&wait=25", null)
                .header("Authorization", basic("orders", SECRET)).GET().build());
        assertEquals(200, reply.status(), reply.toString());
        assertEquals(head + 1000, ((Number) reply.json().get("cursor")).longValue());
        assertTrue(((Number) reply.json().get("head")).longValue() < head + 1000, "the consumer sees it is above the head: " + reply);
    }

    // ---- the timers that carry revocations and key changes

    /**
     * The revocation log, the key watch and the back-channel logout sender run every 0.5 s and the
     * feed ticks every 0.1 s, as stated: each timer fires more often than once a second (Payara delivers an interval timer
     * no more often than its minimum delivery interval, 1 s unless lowered). Counts, not latencies:
     * over a 4 s window a 0.5 s timer fires about 8 times and a 1 s timer at most 5.
     */
    @Test
    void timersFireMoreOftenThanOnceASecond() throws Exception {
        Map<String, Long> before = timerCounts();
        long start = System.nanoTime();
        Thread.sleep(4_000);
        Map<String, Long> after = timerCounts();
        double seconds = (System.nanoTime() - start) / 1e9;
        for (String counter : before.keySet()) {
            long fired = after.get(counter) - before.get(counter);
            System.out.printf("[timers] %s fired %d times in %.1f s: every %.0f ms%n", counter, fired, seconds, seconds * 1000 / fired);
        }
        assertTrue(after.get("polls") - before.get("polls") >= 6, "revocation log polls: " + before + " -> " + after);
        assertTrue(after.get("watches") - before.get("watches") >= 6, "key watches: " + before + " -> " + after);
        assertTrue(after.get("feedTicks") - before.get("feedTicks") >= 24, "feed ticks: " + before + " -> " + after);
        assertTrue(after.get("backchannelTicks") - before.get("backchannelTicks") >= 6, "back-channel ticks: " + before + " -> " + after);
    }

    /** The timers' counters as {@code /health/ready} reports them. */
    @SuppressWarnings("unchecked")
    private Map<String, Long> timerCounts() {
        Reply ready = api.get("/health/ready", null);
        assertEquals(200, ready.status(), ready.toString());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Object check : (List<Object>) ready.json().get("checks")) {
            Map<String, Object> data = (Map<String, Object>) ((Map<String, Object>) check).get("data");
            for (String counter : List.of("polls", "watches", "feedTicks", "backchannelTicks")) {
                if (data != null && data.get(counter) != null) {
                    counts.put(counter, Long.parseLong(data.get(counter).toString()));
                }
            }
        }
        assertEquals(4, counts.size(), "readiness reports every timer's count: " + ready.body());
        return counts;
    }

    /**
     * Prints the propagation latency of 30 revocations (ended session and account cut-off
     * alternating); {@code -Drotor.it.kitRevocations=200} measures more.
     */
    @Test
    void revocationsReachOrdersAndTheLatencyIsMeasured() throws Exception {
        Api shop = at("orders");
        String name = api.newUser("pat");
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < Integer.getInteger("rotor.it.kitRevocations", 30); i++) {
            Tokens tokens = loginFor(name, ORDERS);
            assertEquals(200, shop.get("/orders", tokens.access()).status());
            Reply ended = i % 2 == 0
                    ? api.postForm("/oauth2/revoke", Map.of("token", tokens.refresh(), "client_id", Api.CLIENT))
                    : api.post("/auth/logout-all", api.login(name).access());
            assertTrue(ended.status() == 200 || ended.status() == 204, ended.toString());
            latencies.add(millisUntilRefused(() -> shop.get("/orders", tokens.access())));
        }
        List<Long> sorted = latencies.stream().sorted().toList();
        System.out.printf("[kit] propagation over %d revocations: p50 %d ms, p99 %d ms, max %d ms (incl. 20 ms polling)%n",
                sorted.size(), sorted.get(sorted.size() / 2), sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1),
                sorted.get(sorted.size() - 1));
    }
}

package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Browsers;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.FreePort;
import dev.rotor.it.support.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The front door end to end, with a strict OAuth client library nobody here wrote (the Nimbus
 * OAuth 2.0 SDK) making and parsing every protocol message, and Rotor's sign-in page driven in
 * headless Chromium:
 * <ol>
 * <li>discovery lists what a code + PKCE client needs (RFC 8414, RFC 9207);</li>
 * <li>a public app registered through the admin API signs a user in with code + PKCE, calls
 * {@code /api/me}, refreshes (rotation: the old refresh token is then refused), and a reuse ends
 * the app's session but not the Rotor sign-in;</li>
 * <li>a second app in the same browser gets a code without a password (single sign-on); each app
 * has its own session linked to the one sign-in, and revoking one app's leaves the other's;</li>
 * <li>a third-party app asks for consent once (a denial reaches the app as {@code access_denied});
 * {@code prompt=none} answers {@code login_required} without showing a page, and a code once signed in;</li>
 * <li>a confidential app authenticates on every grant, and uses client credentials with
 * {@code client_secret_basic} and {@code client_secret_post};</li>
 * <li>a single-page app on a second origin does code + PKCE itself (WebCrypto, fetch) and calls
 * {@code /api/me}; CORS answers only registered, enabled origins, and never with credentials;</li>
 * <li>a redirect URI that is not registered (another path, a prefix, another case, a fragment) gets
 * the error page and no redirect, even when the request has a second error that would otherwise
 * be redirected.</li>
 * </ol>
 * The apps' redirect URIs are on {@code 127.0.0.1} (a loopback http server this test runs), Rotor is
 * reached at {@code localhost}: two different origins and sites, as an app and Rotor are.
 */
class FrontDoorIT extends RotorIT {

    static final String ADMIN_PASSWORD = "admin-it-password";
    static final List<String> SHOP_SCOPES = List.of("orders.read", "orders.write");

    @Deployment(testable = false)
    static WebArchive deployment() {
        // No grace window: a replaced refresh token is refused at once (and counts as a reuse).
        return Deployments.rotor("rotor.scopes=" + String.join(",", SHOP_SCOPES), "rotor.refresh.grace=PT0S");
    }

    /** The apps' loopback server: {@code /cb} records each authorization response it receives. */
    static HttpServer apps;
    static final BlockingQueue<URI> CALLBACKS = new LinkedBlockingQueue<>();
    /** The single-page app's own origin (another port). */
    static HttpServer spa;
    static volatile String spaPage = "";

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** Rotor as browsers and the library see it: the issuer. */
    String rotor;
    String admin;

    @BeforeAll
    static void startApps() throws IOException {
        apps = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePort.next()), 0);
        apps.createContext("/cb", exchange -> {
            CALLBACKS.add(URI.create("http://127.0.0.1:" + apps.getAddress().getPort() + exchange.getRequestURI().toString()));
            answer(exchange, "<!doctype html><title>App</title><p id=\"done\">Signed in</p>");
        });
        apps.start();
        spa = HttpServer.create(new InetSocketAddress("127.0.0.1", FreePort.next()), 0);
        spa.createContext("/spa/", exchange -> answer(exchange, spaPage));
        spa.start();
    }

    @AfterAll
    static void stopApps() {
        apps.stop(0);
        spa.stop(0);
    }

    private static void answer(HttpExchange exchange, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @BeforeEach
    void prepare() {
        rotor = "http://localhost:" + base.getPort();
        admin = api.login("admin", ADMIN_PASSWORD).access();
        CALLBACKS.clear();
    }

    static String appCallback() {
        return "http://127.0.0.1:" + apps.getAddress().getPort() + "/cb";
    }

    static String spaOrigin() {
        return "http://127.0.0.1:" + spa.getAddress().getPort();
    }

    // ---------------------------------------------------------------- discovery

    @Test
    void discoveryListsWhatACodeAndPkceClientNeeds() throws Exception {
        AuthorizationServerMetadata metadata = metadata();
        assertEquals(new Issuer(rotor), metadata.getIssuer());
        assertEquals(URI.create(rotor + "/oauth2/authorize"), metadata.getAuthorizationEndpointURI());
        assertEquals(URI.create(rotor + "/oauth2/token"), metadata.getTokenEndpointURI());
        assertEquals(URI.create(rotor + "/oauth2/revoke"), metadata.getRevocationEndpointURI());
        assertEquals(List.of(ResponseType.CODE), metadata.getResponseTypes());
        assertEquals(List.of(CodeChallengeMethod.S256), metadata.getCodeChallengeMethods());
        assertTrue(metadata.getGrantTypes().containsAll(List.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN,
                GrantType.CLIENT_CREDENTIALS, GrantType.PASSWORD)), "grants: " + metadata.getGrantTypes());
        assertEquals(Set.of(ClientAuthenticationMethod.NONE, ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
                ClientAuthenticationMethod.CLIENT_SECRET_POST), Set.copyOf(metadata.getTokenEndpointAuthMethods()));
        assertTrue(metadata.supportsAuthorizationResponseIssuerParam(), "RFC 9207 iss in the authorization response");
        assertNotNull(metadata.getScopes(), "scopes_supported");
        assertTrue(metadata.getScopes().containsAll(Scope.parse("openid profile orders.read orders.write")),
                "scopes: " + metadata.getScopes());
    }

    /** The metadata as a client gets it: GET the well-known URL, parse it with the library. */
    private AuthorizationServerMetadata metadata() throws IOException, ParseException {
        HTTPResponse response = send(new HTTPRequest(HTTPRequest.Method.GET, URI.create(rotor + "/.well-known/oauth-authorization-server")));
        assertEquals(200, response.getStatusCode());
        AuthorizationServerMetadata metadata = AuthorizationServerMetadata.parse(response.getBody());
        assertEquals(new Issuer(rotor), metadata.getIssuer(), "the issuer the metadata names is the one asked (RFC 8414 §3.3)");
        return metadata;
    }

    // ---------------------------------------------------------------- a public app

    @Test
    void publicAppSignsInWithCodeAndPkceRefreshesAndAReuseEndsOnlyItsSession() throws Exception {
        AuthorizationServerMetadata metadata = metadata();
        String user = api.newUser("fenna");
        String app = registerPublic(appCallback());
        WebDriver browser = browsers.open();

        var flow = new CodeFlow(metadata, app, URI.create(appCallback()));
        AuthorizationSuccessResponse success = flow.authorize(browser, user);
        Tokens tokens = flow.exchange(success, null);

        assertNotNull(tokens.getRefreshToken(), "a public app with refresh_token gets a refresh token");
        assertEquals(new Scope("openid"), tokens.getAccessToken().getScope(), "the answer says what was granted");
        JWTClaimsSet claims = verified(metadata, tokens.getAccessToken());
        assertEquals(rotor, claims.getIssuer());
        assertEquals("openid", claims.getStringClaim("scope"));
        Map<String, Object> me = me(tokens.getAccessToken());
        assertEquals(user, me.get("username"));
        String appSession = String.valueOf(me.get("sessionId"));

        // Refresh: a new refresh token; the old one is refused now (no grace window here).
        Tokens refreshed = refresh(metadata, new ClientID(app), tokens.getRefreshToken()).toSuccessResponse().getTokens();
        assertNotEquals(tokens.getRefreshToken(), refreshed.getRefreshToken(), "rotation");
        assertEquals(user, me(refreshed.getAccessToken()).get("username"));
        TokenResponse replay = refresh(metadata, new ClientID(app), tokens.getRefreshToken());
        assertFalse(replay.indicatesSuccess(), "the replaced refresh token is refused");
        assertEquals(OAuth2Error.INVALID_GRANT.getCode(), replay.toErrorResponse().getErrorObject().getCode());

        // That was a reuse: the app's session ended, the Rotor sign-in it is linked to did not.
        assertEquals(401, meStatus(refreshed.getAccessToken()));
        assertNotEquals("ACTIVE", Db.sessionStatus(appSession));
        String signIn = signInOf(appSession);
        assertEquals("ACTIVE", Db.sessionStatus(signIn), "a reuse in an app's family ends that family only");
    }

    @Test
    void secondAppInTheSameBrowserSignsInWithoutAPasswordAndGetsItsOwnSession() throws Exception {
        AuthorizationServerMetadata metadata = metadata();
        String user = api.newUser("sso");
        String first = registerPublic(appCallback());
        String second = registerPublic(appCallback());
        WebDriver browser = browsers.open();

        Tokens firstTokens = new CodeFlow(metadata, first, URI.create(appCallback())).signIn(browser, user);
        Tokens secondTokens = new CodeFlow(metadata, second, URI.create(appCallback())).signIn(browser, null);

        String firstSession = String.valueOf(me(firstTokens.getAccessToken()).get("sessionId"));
        String secondSession = String.valueOf(me(secondTokens.getAccessToken()).get("sessionId"));
        assertNotEquals(firstSession, secondSession, "each app has a session of its own");
        Map<String, Object> firstRow = sessionRow(firstSession);
        Map<String, Object> secondRow = sessionRow(secondSession);
        assertEquals(first, firstRow.get("client_id"));
        assertEquals(second, secondRow.get("client_id"));
        assertNotNull(firstRow.get("sign_in_id"));
        assertEquals(firstRow.get("sign_in_id"), secondRow.get("sign_in_id"), "both linked to the one sign-in");
        Map<String, Object> signIn = sessionRow(String.valueOf(firstRow.get("sign_in_id")));
        assertEquals("rotor-web", signIn.get("client_id"));
        assertEquals("ACTIVE", signIn.get("status"));
        assertEquals(firstRow.get("account_id"), signIn.get("account_id"));
        assertEquals(1, Db.query("SELECT id FROM session_family WHERE account_id = ? AND client_id = 'rotor-web'",
                signIn.get("account_id")).size(), "the second app asked for no password: still one sign-in");

        // Ending one app's session (RFC 7009 through the library) leaves the other app and the sign-in.
        HTTPResponse revoked = send(new TokenRevocationRequest(metadata.getRevocationEndpointURI(), new ClientID(first),
                firstTokens.getRefreshToken()).toHTTPRequest());
        assertEquals(200, revoked.getStatusCode(), revoked.getBody());
        TokenResponse afterRevoke = refresh(metadata, new ClientID(first), firstTokens.getRefreshToken());
        assertEquals(OAuth2Error.INVALID_GRANT.getCode(), afterRevoke.toErrorResponse().getErrorObject().getCode());
        assertEquals(401, meStatus(firstTokens.getAccessToken()), "revoking the refresh token ended the session");
        assertEquals(user, me(secondTokens.getAccessToken()).get("username"));
        assertTrue(refresh(metadata, new ClientID(second), secondTokens.getRefreshToken()).indicatesSuccess());
        assertEquals("ACTIVE", Db.sessionStatus(String.valueOf(firstRow.get("sign_in_id"))));
    }

    // ---------------------------------------------------------------- consent and prompt=none on Rotor's page

    @Test
    void aThirdPartyAppAsksForConsentOnceAndADenialReachesTheAppAsAccessDenied() throws Exception {
        AuthorizationServerMetadata metadata = metadata();
        String user = api.newUser("consent");
        String app = register(Map.of("firstParty", false, "type", "public", "redirectUris", List.of(appCallback()),
                "grantTypes", List.of("authorization_code", "refresh_token"), "scopes", List.of("openid", "profile"))).clientId();
        URI callback = URI.create(appCallback());
        WebDriver browser = browsers.open();

        var denied = new CodeFlow(metadata, app, callback);
        denied.start(browser, null);
        signInOnRotorsPage(browser, user);
        Browsers.until(browser, "the consent step naming the app", d -> d.findElement(By.id("consent")).isDisplayed()
                && d.findElement(By.id("signin-client")).getText().contains(nameOf(app)));
        browser.findElement(By.id("consent-deny")).click();
        AuthorizationResponse refusal = denied.response(browser);
        assertFalse(refusal.indicatesSuccess());
        assertEquals(OAuth2Error.ACCESS_DENIED.getCode(), refusal.toErrorResponse().getErrorObject().getCode());

        var allowed = new CodeFlow(metadata, app, callback);
        allowed.start(browser, null);
        Browsers.until(browser, "the consent step again (a denial is not remembered), no password this time",
                d -> d.findElement(By.id("consent")).isDisplayed() && !d.findElement(By.id("login-form")).isDisplayed());
        browser.findElement(By.id("consent-allow")).click();
        Tokens tokens = allowed.exchange(success(allowed.response(browser)), null);
        assertEquals(user, me(tokens.getAccessToken()).get("username"));

        var remembered = new CodeFlow(metadata, app, callback);
        assertNotNull(remembered.exchange(remembered.authorize(browser, null), null).getAccessToken(), "consent is remembered");
    }

    @Test
    void promptNoneAnswersLoginRequiredWithoutAPageThenACodeOnceSignedIn() throws Exception {
        AuthorizationServerMetadata metadata = metadata();
        String user = api.newUser("silent");
        String app = registerPublic(appCallback());
        URI callback = URI.create(appCallback());
        WebDriver browser = browsers.open();

        var silent = new CodeFlow(metadata, app, callback);
        silent.start(browser, Prompt.Type.NONE);
        AuthorizationResponse notSignedIn = silent.response(browser);
        assertFalse(notSignedIn.indicatesSuccess());
        assertEquals(OIDCError.LOGIN_REQUIRED.getCode(), notSignedIn.toErrorResponse().getErrorObject().getCode());

        new CodeFlow(metadata, app, callback).signIn(browser, user);
        var again = new CodeFlow(metadata, app, callback);
        again.start(browser, Prompt.Type.NONE);
        Tokens tokens = again.exchange(success(again.response(browser)), null);
        assertEquals(user, me(tokens.getAccessToken()).get("username"));
    }

    // ---------------------------------------------------------------- a confidential app

    @Test
    void confidentialAppAuthenticatesOnEveryGrant() throws Exception {
        AuthorizationServerMetadata metadata = metadata();
        String user = api.newUser("conf");
        Registered app = registerConfidential(List.of(appCallback()), List.of("authorization_code", "refresh_token"), List.of("openid"));
        var post = new ClientSecretPost(new ClientID(app.clientId()), new Secret(app.secret()));
        var basic = new ClientSecretBasic(new ClientID(app.clientId()), new Secret(app.secret()));

        var flow = new CodeFlow(metadata, app.clientId(), URI.create(appCallback()));
        Tokens tokens = flow.exchange(flow.authorize(browsers.open(), user), post);
        assertEquals(user, me(tokens.getAccessToken()).get("username"));

        TokenResponse unauthenticated = refresh(metadata, new ClientID(app.clientId()), tokens.getRefreshToken());
        ErrorObject refused = unauthenticated.toErrorResponse().getErrorObject();
        assertEquals(OAuth2Error.INVALID_CLIENT.getCode(), refused.getCode(), "a confidential client's refresh needs its secret");
        assertEquals(401, refused.getHTTPStatusCode());
        TokenResponse refreshed = TokenResponse.parse(send(new TokenRequest(metadata.getTokenEndpointURI(), basic,
                new RefreshTokenGrant(tokens.getRefreshToken())).toHTTPRequest()));
        assertTrue(refreshed.indicatesSuccess(), () -> error(refreshed));
    }

    @Test
    void clientCredentialsWithSecretBasicAndSecretPost() throws Exception {
        AuthorizationServerMetadata metadata = metadata();
        Registered service = registerConfidential(List.of(), List.of("client_credentials"), SHOP_SCOPES);
        ClientID id = new ClientID(service.clientId());

        Tokens basic = clientCredentials(metadata, new ClientSecretBasic(id, new Secret(service.secret())), new Scope("orders.read"));
        assertNull(basic.getRefreshToken(), "no refresh token without a user");
        assertEquals(new Scope("orders.read"), basic.getAccessToken().getScope());
        JWTClaimsSet claims = verified(metadata, basic.getAccessToken());
        assertEquals(service.clientId(), claims.getSubject());
        assertEquals(service.clientId(), claims.getStringClaim("client_id"));
        assertEquals("orders.read", claims.getStringClaim("scope"));
        assertEquals(403, meStatus(basic.getAccessToken()), "a client is no user: Rotor's account APIs refuse it");

        Tokens post = clientCredentials(metadata, new ClientSecretPost(id, new Secret(service.secret())), Scope.parse("orders.read orders.write"));
        assertNull(post.getRefreshToken());
        assertEquals(Scope.parse("orders.read orders.write"), post.getAccessToken().getScope());

        TokenResponse wrong = TokenResponse.parse(send(new TokenRequest(metadata.getTokenEndpointURI(),
                new ClientSecretBasic(id, new Secret("not-the-secret")), new ClientCredentialsGrant(), new Scope("orders.read"))
                .toHTTPRequest()));
        assertFalse(wrong.indicatesSuccess());
        assertEquals(OAuth2Error.INVALID_CLIENT.getCode(), wrong.toErrorResponse().getErrorObject().getCode());
        assertEquals(401, wrong.toErrorResponse().getErrorObject().getHTTPStatusCode());
    }

    private static Tokens clientCredentials(AuthorizationServerMetadata metadata, ClientAuthentication auth, Scope scope)
            throws IOException, ParseException {
        TokenResponse response = TokenResponse.parse(send(new TokenRequest(metadata.getTokenEndpointURI(), auth,
                new ClientCredentialsGrant(), scope).toHTTPRequest()));
        assertTrue(response.indicatesSuccess(), () -> auth.getMethod() + ": " + error(response));
        return response.toSuccessResponse().getTokens();
    }

    // ---------------------------------------------------------------- a single-page app on another origin

    @Test
    void singlePageAppOnASecondOriginSignsInAndCallsTheApi() {
        String user = api.newUser("spa");
        String page = spaOrigin() + "/spa/";
        String app = register(Map.of("type", "public", "redirectUris", List.of(page), "webOrigins", List.of(spaOrigin()),
                "grantTypes", List.of("authorization_code", "refresh_token"), "scopes", List.of("openid", "profile"))).clientId();
        spaPage = spaTemplate().replace("ROTOR_BASE", rotor).replace("CLIENT_ID", app);

        WebDriver browser = browsers.open();
        browser.get(page);
        browser.findElement(By.id("start")).click();
        signInOnRotorsPage(browser, user);
        Browsers.until(browser, "the SPA to show who signed in", d -> d.getCurrentUrl().startsWith(page)
                && user.equals(d.findElement(By.id("user")).getText()));
        assertFalse(browser.getCurrentUrl().contains("code="), "the SPA took the code out of the address bar");
    }

    @Test
    void corsAnswersOnlyRegisteredEnabledOriginsAndNeverWithCredentials() {
        // An origin of its own: other tests register clients with the SPA's origin, which stay enabled.
        String origin = "https://cors-" + UUID.randomUUID().toString().substring(0, 8) + ".example.test";
        String app = register(Map.of("type", "public", "redirectUris", List.of(origin + "/spa/"), "webOrigins", List.of(origin),
                "grantTypes", List.of("authorization_code", "refresh_token"), "scopes", List.of("openid"))).clientId();

        for (String path : List.of("/oauth2/token", "/oauth2/revoke", "/api/me")) {
            Reply allowed = preflight(path, origin);
            assertEquals(origin, allowed.header("Access-Control-Allow-Origin"), "preflight " + path + ": " + allowed);
            assertNull(allowed.header("Access-Control-Allow-Credentials"), "no credentials for a client origin: " + path);
            for (String stranger : List.of(appOrigin(), "https://evil.example", "null", origin + ".evil.example", origin.replace("https:", "http:"))) {
                assertNull(preflight(path, stranger).header("Access-Control-Allow-Origin"), stranger + " at " + path);
            }
        }
        Reply token = tokenCallFrom(origin, app);
        assertEquals(origin, token.header("Access-Control-Allow-Origin"), token.toString());
        assertNull(token.header("Access-Control-Allow-Credentials"));
        assertTrue(token.status() >= 400 && token.status() < 500, "a bad code is an OAuth error, not a 500: " + token);
        Reply stranger = tokenCallFrom(appOrigin(), app);
        assertNull(stranger.header("Access-Control-Allow-Origin"), "an origin nobody registered: " + stranger);
        Reply me = api.send(api.request("/api/me", api.login(api.newUser("cors")).access()).header("Origin", origin).GET().build());
        assertEquals(200, me.status());
        assertEquals(origin, me.header("Access-Control-Allow-Origin"));
        assertNull(me.header("Access-Control-Allow-Credentials"));

        Reply disabled = call("PATCH", "/admin/api/clients/" + app, "{\"enabled\":false}");
        assertEquals(200, disabled.status(), disabled.toString());
        assertNull(preflight("/oauth2/token", origin).header("Access-Control-Allow-Origin"), "a disabled client's origin is no longer allowed");
    }

    private Reply preflight(String path, String origin) {
        return api.send(api.request(path, null).header("Origin", origin)
                .header("Access-Control-Request-Method", path.equals("/api/me") ? "GET" : "POST")
                .header("Access-Control-Request-Headers", path.equals("/api/me") ? "authorization" : "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
    }

    private Reply tokenCallFrom(String origin, String clientId) {
        String form = "grant_type=authorization_code&code=no-such-code&code_verifier=" + new CodeVerifier().getValue()
                + "&client_id=" + clientId;
        return api.send(api.request("/oauth2/token", null).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    static String appOrigin() {
        return "http://127.0.0.1:" + apps.getAddress().getPort();
    }

    private static String spaTemplate() {
        try (InputStream in = FrontDoorIT.class.getResourceAsStream("/front-door-spa.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- open redirects

    @Test
    void aRedirectUriThatIsNotRegisteredGetsTheErrorPageNeverARedirect() throws Exception {
        AuthorizationServerMetadata metadata = metadata();
        String registeredHttps = "https://app.example.test/cb";
        String app = registerPublic(appCallback(), registeredHttps);

        // The control: a registered URI with a bad scope is redirected to, with error, state and iss.
        State state = new State();
        URI control = request(metadata, app, URI.create(registeredHttps), state, new Scope("no-such-scope")).toURI();
        Reply redirected = get(control);
        assertEquals(303, redirected.status(), redirected.toString());
        AuthorizationResponse parsed = AuthorizationResponse.parse(URI.create(redirected.header("Location")));
        assertFalse(parsed.indicatesSuccess());
        assertTrue(redirected.header("Location").startsWith(registeredHttps + "?"), redirected.header("Location"));
        assertEquals(OAuth2Error.INVALID_SCOPE.getCode(), parsed.toErrorResponse().getErrorObject().getCode());
        assertEquals(state, parsed.getState());
        assertEquals(new Issuer(rotor), parsed.getIssuer());

        String loopback = appCallback();
        List<String> notRegistered = List.of(
                appOrigin() + "/elsewhere",                      // unregistered
                loopback + "x", loopback + "/more", loopback + "/../evil", // registered one is a prefix
                "https://app.example.test.evil.example/cb", registeredHttps + ".evil.example",
                loopback.replace("/cb", "/CB"), "https://APP.example.test/cb", "HTTPS://app.example.test/cb", // case changed
                loopback + "?next=https://evil.example");
        for (String uri : notRegistered) {
            assertErrorPage(request(metadata, app, URI.create(uri), new State(), new Scope("openid")).toURI(), uri);
            // and a second error in the same request must not turn it into a redirect
            assertErrorPage(request(metadata, app, URI.create(uri), new State(), new Scope("no-such-scope")).toURI(), uri + " + bad scope");
        }
        // A fragment: the library will not build such a request, so its parameters are taken and the
        // redirect_uri replaced; the library still encodes them.
        for (String uri : List.of(loopback + "#frag", registeredHttps + "#", registeredHttps + "#https://evil.example")) {
            var parameters = new LinkedHashMap<>(request(metadata, app, URI.create(registeredHttps), new State(), new Scope("openid")).toParameters());
            parameters.put("redirect_uri", List.of(uri));
            assertErrorPage(URI.create(metadata.getAuthorizationEndpointURI() + "?" + URLUtils.serializeParameters(parameters)), uri);
        }
        // Two registered, none named: Rotor cannot know where to send an error, so it does not.
        var noRedirect = new LinkedHashMap<>(request(metadata, app, URI.create(loopback), new State(), new Scope("openid")).toParameters());
        noRedirect.remove("redirect_uri");
        assertErrorPage(URI.create(metadata.getAuthorizationEndpointURI() + "?" + URLUtils.serializeParameters(noRedirect)), "no redirect_uri");
        // Unknown and disabled clients: nothing is registered for them at all.
        assertErrorPage(request(metadata, "no-such-client", URI.create(loopback), new State(), new Scope("openid")).toURI(), "unknown client");
        assertEquals(200, call("PATCH", "/admin/api/clients/" + app, "{\"enabled\":false}").status());
        assertErrorPage(request(metadata, app, URI.create(loopback), new State(), new Scope("openid")).toURI(), "disabled client");
        assertTrue(CALLBACKS.isEmpty(), "nothing reached the app: " + CALLBACKS);
    }

    private void assertErrorPage(URI request, String what) {
        Reply reply = get(request);
        assertEquals(400, reply.status(), what + ": " + reply);
        assertNull(reply.header("Location"), what + ": no redirect");
        assertTrue(String.valueOf(reply.header("Content-Type")).startsWith("text/html"), what + ": an error page, " + reply.header("Content-Type"));
    }

    private Reply get(URI uri) {
        return api.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build());
    }

    // ---------------------------------------------------------------- the flow, through the library

    /** One authorization code + PKCE sign-in of one app, each message made and parsed by the library. */
    final class CodeFlow {
        final AuthorizationServerMetadata metadata;
        final ClientID client;
        final URI redirect;
        final CodeVerifier verifier = new CodeVerifier();
        final State state = new State();

        CodeFlow(AuthorizationServerMetadata metadata, String clientId, URI redirect) {
            this.metadata = metadata;
            this.client = new ClientID(clientId);
            this.redirect = redirect;
        }

        /** Opens the authorization request (with {@code prompt} when not null) in the browser. */
        void start(WebDriver browser, Prompt.Type prompt) {
            var builder = new AuthorizationRequest.Builder(ResponseType.CODE, client)
                    .endpointURI(metadata.getAuthorizationEndpointURI())
                    .redirectionURI(redirect)
                    .scope(new Scope("openid"))
                    .state(state)
                    .codeChallenge(verifier, CodeChallengeMethod.S256);
            if (prompt != null) {
                builder.prompt(prompt);
            }
            browser.get(builder.build().toURI().toString());
        }

        /** The authorization response the app received (success or error), with its state and Rotor's iss checked. */
        AuthorizationResponse response(WebDriver browser) throws ParseException {
            URI callback = Browsers.until(browser, "the app's callback", d -> CALLBACKS.poll());
            AuthorizationResponse response = AuthorizationResponse.parse(callback);
            assertEquals(state, response.getState(), "state comes back unchanged");
            assertEquals(new Issuer(rotor), response.getIssuer(), "iss names Rotor (RFC 9207)");
            return response;
        }

        /**
         * Opens the authorization request in the browser; signs in on Rotor's page as {@code username}
         * when given, or expects to be sent straight back (single sign-on) when null; returns the
         * successful authorization response the app received.
         */
        AuthorizationSuccessResponse authorize(WebDriver browser, String username) throws ParseException {
            start(browser, null);
            if (username != null) {
                signInOnRotorsPage(browser, username);
            } else {
                // Nobody types anything, yet the browser is back at the app (the tests also count sign-ins in the database).
                Browsers.until(browser, "single sign-on straight back to the app", d -> d.getCurrentUrl().startsWith(redirect.toString())
                        && !d.findElements(By.id("done")).isEmpty());
            }
            return success(response(browser));
        }

        /** The code exchange: a public client names itself; a confidential one authenticates. */
        Tokens exchange(AuthorizationSuccessResponse response, ClientAuthentication auth) throws IOException, ParseException {
            AuthorizationGrant grant = new AuthorizationCodeGrant(response.getAuthorizationCode(), redirect, verifier);
            TokenRequest request = auth == null ? new TokenRequest(metadata.getTokenEndpointURI(), client, grant)
                    : new TokenRequest(metadata.getTokenEndpointURI(), auth, grant);
            TokenResponse answer = TokenResponse.parse(send(request.toHTTPRequest()));
            assertTrue(answer.indicatesSuccess(), () -> "code exchange: " + error(answer));
            return answer.toSuccessResponse().getTokens();
        }

        Tokens signIn(WebDriver browser, String username) throws IOException, ParseException {
            return exchange(authorize(browser, username), null);
        }
    }

    static AuthorizationSuccessResponse success(AuthorizationResponse response) {
        assertTrue(response.indicatesSuccess(), () -> "authorization refused: " + response.toErrorResponse().getErrorObject().toJSONObject());
        return response.toSuccessResponse();
    }

    /** Rotor's hosted sign-in page: waits for its password form, fills it in, submits. */
    static void signInOnRotorsPage(WebDriver browser, String username) {
        Browsers.until(browser, "Rotor's sign-in form", d -> d.getCurrentUrl().contains("/signin/")
                && d.findElement(By.id("login-form")).isDisplayed());
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(Api.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
    }

    AuthorizationRequest request(AuthorizationServerMetadata metadata, String clientId, URI redirect, State state, Scope scope) {
        return new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(clientId))
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .redirectionURI(redirect)
                .scope(scope)
                .state(state)
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
                .build();
    }

    static TokenResponse refresh(AuthorizationServerMetadata metadata, ClientID client, RefreshToken token) throws IOException, ParseException {
        return TokenResponse.parse(send(new TokenRequest(metadata.getTokenEndpointURI(), client, new RefreshTokenGrant(token)).toHTTPRequest()));
    }

    /**
     * The access token's claims once the library verified it as a resource server would: signed by
     * a key of the metadata's {@code jwks_uri}, Rotor's issuer, unexpired.
     */
    private JWTClaimsSet verified(AuthorizationServerMetadata metadata, AccessToken token) throws Exception {
        var processor = new DefaultJWTProcessor<SecurityContext>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
                new ImmutableJWKSet<>(JWKSet.load(metadata.getJWKSetURI().toURL()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(new JWTClaimsSet.Builder().issuer(rotor).build(),
                Set.of("sub", "exp", "iat", "sid")));
        return processor.process(token.getValue(), null);
    }

    private Map<String, Object> me(AccessToken token) throws IOException, ParseException {
        HTTPResponse response = meCall(token);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return response.getBodyAsJSONObject();
    }

    private int meStatus(AccessToken token) throws IOException {
        return meCall(token).getStatusCode();
    }

    private HTTPResponse meCall(AccessToken token) throws IOException {
        var request = new HTTPRequest(HTTPRequest.Method.GET, URI.create(rotor + "/api/me"));
        request.setAuthorization(token.toAuthorizationHeader());
        return send(request);
    }

    private static String error(TokenResponse response) {
        if (response.indicatesSuccess()) {
            return "success";
        }
        TokenErrorResponse error = response.toErrorResponse();
        return error.getErrorObject().getHTTPStatusCode() + " " + error.getErrorObject().toJSONObject();
    }

    private static Map<String, Object> sessionRow(String sessionId) {
        List<Map<String, Object>> rows = Db.query(
                "SELECT id, account_id, client_id, status, sign_in_id FROM session_family WHERE id = ?", sessionId);
        assertEquals(1, rows.size(), "session " + sessionId);
        return rows.get(0);
    }

    private static String signInOf(String appSession) {
        return String.valueOf(sessionRow(appSession).get("sign_in_id"));
    }

    // ---------------------------------------------------------------- OpenID Connect

    @Test
    void openIdDiscoveryIsTheSameDocumentAndTheLibraryAcceptsIt() throws Exception {
        HTTPResponse response = send(new HTTPRequest(HTTPRequest.Method.GET, URI.create(rotor + "/.well-known/openid-configuration")));
        assertEquals(200, response.getStatusCode());
        OIDCProviderMetadata provider = OIDCProviderMetadata.parse(response.getBody());
        assertEquals(new Issuer(rotor), provider.getIssuer(), "issuer: identical to every token's iss");
        assertEquals(URI.create(rotor + "/oauth2/userinfo"), provider.getUserInfoEndpointURI());
        assertEquals(URI.create(rotor + "/oauth2/logout"), provider.getEndSessionEndpointURI());
        assertEquals(List.of(SubjectType.PUBLIC), provider.getSubjectTypes());
        assertEquals(List.of(JWSAlgorithm.RS256), provider.getIDTokenJWSAlgs());
        assertFalse(provider.supportsRequestURIParam(), "no request objects, said so (the default would be true)");
        assertTrue(provider.supportsBackChannelLogout(), "back-channel logout");
        assertTrue(provider.supportsBackChannelLogoutSession(), "with sid in the logout token");
        assertEquals(JSONObjectUtils.parse(response.getBody()),
                JSONObjectUtils.parse(send(new HTTPRequest(HTTPRequest.Method.GET,
                        URI.create(rotor + "/.well-known/oauth-authorization-server"))).getBody()),
                "RFC 8414 and OpenID Connect Discovery tell the same facts");
    }

    @Test
    void idTokensPassTheStrictValidatorOnTheCodeExchangeAndOnEveryRefresh() throws Exception {
        OIDCProviderMetadata provider = providerMetadata();
        String user = api.newUser("oidcid");
        String app = registerPublic(appCallback());
        var validator = new IDTokenValidator(new Issuer(rotor), new ClientID(app), JWSAlgorithm.RS256, provider.getJWKSetURI().toURL());
        WebDriver browser = browsers.open();
        Nonce nonce = new Nonce();
        OIDCTokens tokens = openIdSignIn(provider, browser, app, user, nonce);

        IDTokenClaimsSet claims = validator.validate(tokens.getIDToken(), nonce);
        AccessTokenValidator.validate(tokens.getAccessToken(), JWSAlgorithm.RS256, claims.getAccessTokenHash());
        assertEquals(user, claims.getStringClaim("preferred_username"));
        assertEquals(List.of("user"), claims.getStringListClaim("groups"));
        assertEquals(app, claims.getAuthorizedParty().getValue());
        assertEquals(List.of("pwd"), claims.getStringListClaim("amr"));
        assertNotNull(claims.getAuthenticationTime(), "auth_time");
        String appSession = String.valueOf(me(tokens.getAccessToken()).get("sessionId"));
        assertEquals(signInOf(appSession), claims.getStringClaim("sid"), "sid is the Rotor sign-in the app's session is linked to");
        assertThrows(BadJOSEException.class, () -> validator.validate(tokens.getIDToken(), new Nonce()),
                "an ID token is bound to its request's nonce: another nonce is refused");

        TokenResponse refreshed = OIDCTokenResponseParser.parse(send(new TokenRequest(provider.getTokenEndpointURI(), new ClientID(app),
                new RefreshTokenGrant(tokens.getRefreshToken())).toHTTPRequest()));
        assertTrue(refreshed.indicatesSuccess(), () -> error(refreshed));
        OIDCTokens renewed = ((OIDCTokenResponse) refreshed.toSuccessResponse()).getOIDCTokens();
        assertNotNull(renewed.getIDToken(), "every refresh of an openid session answers a new ID token");
        IDTokenClaimsSet again = validator.validate(renewed.getIDToken(), null);
        AccessTokenValidator.validate(renewed.getAccessToken(), JWSAlgorithm.RS256, again.getAccessTokenHash());
        assertEquals(claims.getSubject(), again.getSubject());
        assertEquals(claims.getAudience(), again.getAudience());
        assertEquals(claims.getAuthorizedParty(), again.getAuthorizedParty());
        assertEquals(claims.getAuthenticationTime(), again.getAuthenticationTime(), "auth_time is when the user signed in, not the refresh");
        assertNull(again.getNonce(), "a refresh's ID token carries no nonce");
    }

    @Test
    void userInfoAnswersATokenWithTheOpenIdScopeAndRefusesOneWithout() throws Exception {
        OIDCProviderMetadata provider = providerMetadata();
        String user = api.newUser("oidcui");
        String app = registerPublic(appCallback());
        OIDCTokens tokens = openIdSignIn(provider, browsers.open(), app, user, new Nonce());

        // GET as the library sends it; POST with the token in the Authorization header, the way Rotor takes
        // bearer tokens everywhere (RFC 6750 §2.1; the form-body way of §2.2 is not offered).
        for (HTTPRequest.Method method : List.of(HTTPRequest.Method.GET, HTTPRequest.Method.POST)) {
            HTTPRequest request = new UserInfoRequest(provider.getUserInfoEndpointURI(), tokens.getBearerAccessToken()).toHTTPRequest();
            if (method == HTTPRequest.Method.POST) {
                request = new HTTPRequest(HTTPRequest.Method.POST, provider.getUserInfoEndpointURI());
                request.setAuthorization(tokens.getBearerAccessToken().toAuthorizationHeader());
            }
            UserInfoResponse answer = UserInfoResponse.parse(send(request));
            assertTrue(answer.indicatesSuccess(), () -> method + " " + answer.toErrorResponse().getErrorObject().toJSONObject());
            UserInfo info = answer.toSuccessResponse().getUserInfo();
            assertEquals(tokens.getIDToken().getJWTClaimsSet().getSubject(), info.getSubject().getValue());
            assertEquals(user, info.getPreferredUsername());
            assertEquals(List.of("user"), info.getStringListClaim("groups"));
        }
        AccessToken withoutOpenId = new com.nimbusds.oauth2.sdk.token.BearerAccessToken(api.login(user).access());
        UserInfoResponse refused = UserInfoResponse.parse(send(new UserInfoRequest(provider.getUserInfoEndpointURI(),
                (com.nimbusds.oauth2.sdk.token.BearerAccessToken) withoutOpenId).toHTTPRequest()));
        assertFalse(refused.indicatesSuccess());
        assertEquals(403, refused.toErrorResponse().getErrorObject().getHTTPStatusCode());
        assertEquals("insufficient_scope", refused.toErrorResponse().getErrorObject().getCode());
    }

    @Test
    void logoutRefusesForgedAndMismatchedHintsAndNeverFollowsAnUnregisteredUri() throws Exception {
        OIDCProviderMetadata provider = providerMetadata();
        String user = api.newUser("oidcout");
        String loggedOut = appCallback() + "/logged-out";
        String app = registerPublicWithLogout(loggedOut);
        WebDriver browser = browsers.open();
        OIDCTokens tokens = openIdSignIn(provider, browser, app, user, new Nonce());
        String appSession = String.valueOf(me(tokens.getAccessToken()).get("sessionId"));
        String signIn = signInOf(appSession);

        State state = new State();
        // A hint signed by a key that is not Rotor's: the confirmation page, nothing ends.
        var forged = noRedirect(new LogoutRequest(provider.getEndSessionEndpointURI(), forgedIdToken(app, signIn), URI.create(loggedOut), state).toURI());
        assertEquals(303, forged.statusCode());
        assertTrue(forged.headers().firstValue("Location").orElseThrow().contains("/signout/"));
        assertEquals("ACTIVE", Db.sessionStatus(signIn), "a forged hint ends nothing");
        // A hint naming another client than client_id: nothing ends, nowhere to go.
        var mismatch = noRedirect(URI.create(new LogoutRequest(provider.getEndSessionEndpointURI(), tokens.getIDToken(),
                URI.create(loggedOut), state).toURI() + "&client_id=rotor-cli"));
        assertTrue(mismatch.headers().firstValue("Location").orElseThrow().contains("error=mismatch"));
        assertEquals("ACTIVE", Db.sessionStatus(signIn), "a hint for another client ends nothing");
        // The app's own valid hint with a post-logout URI it did not register: the sign-in ends, the browser stays at Rotor.
        var foreign = noRedirect(new LogoutRequest(provider.getEndSessionEndpointURI(), tokens.getIDToken(),
                URI.create("https://evil.example/after"), state).toURI());
        assertEquals(303, foreign.statusCode());
        String toPage = foreign.headers().firstValue("Location").orElseThrow();
        assertTrue(toPage.contains("/signout/"), toPage);
        assertFalse(toPage.contains("evil.example"), "an unregistered post_logout_redirect_uri is never followed: " + toPage);
        assertEquals("LOGOUT", Db.sessionStatus(signIn));
        assertEquals("LOGOUT", Db.sessionStatus(appSession));
    }

    @Test
    void logoutWithoutAHintAsksFirstThenEndsThisBrowsersSignInAndReturnsToTheApp() throws Exception {
        OIDCProviderMetadata provider = providerMetadata();
        String user = api.newUser("oidcask");
        String loggedOut = appCallback() + "/logged-out";
        String app = registerPublicWithLogout(loggedOut);
        WebDriver browser = browsers.open();
        OIDCTokens tokens = openIdSignIn(provider, browser, app, user, new Nonce());
        String appSession = String.valueOf(me(tokens.getAccessToken()).get("sessionId"));
        String signIn = signInOf(appSession);
        CALLBACKS.clear();

        State state = new State();
        browser.get(provider.getEndSessionEndpointURI() + "?client_id=" + app + "&post_logout_redirect_uri="
                + java.net.URLEncoder.encode(loggedOut, StandardCharsets.UTF_8) + "&state=" + state.getValue());
        Browsers.until(browser, "the sign-out question", d -> d.findElement(By.id("signout-ask")).isDisplayed());
        assertEquals("ACTIVE", Db.sessionStatus(signIn), "a link alone ends nothing");
        browser.findElement(By.id("signout-confirm")).click();
        URI back = Browsers.until(browser, "back at the app", d -> CALLBACKS.poll());
        assertTrue(back.toString().startsWith(loggedOut), back.toString());
        assertEquals(state.getValue(), URLUtils.parseParameters(back.getRawQuery()).get("state").get(0));
        assertEquals("LOGOUT", Db.sessionStatus(signIn));
        assertEquals("LOGOUT", Db.sessionStatus(appSession), "the app's session linked to the sign-in ended with it");
    }

    @Test
    void logoutWithAValidHintEndsAtOnceAndReturnsWithTheState() throws Exception {
        OIDCProviderMetadata provider = providerMetadata();
        String user = api.newUser("oidchint");
        String loggedOut = appCallback() + "/logged-out";
        String app = registerPublicWithLogout(loggedOut);
        OIDCTokens tokens = openIdSignIn(provider, browsers.open(), app, user, new Nonce());
        String appSession = String.valueOf(me(tokens.getAccessToken()).get("sessionId"));
        String signIn = signInOf(appSession);

        State state = new State();
        var answer = noRedirect(new LogoutRequest(provider.getEndSessionEndpointURI(), tokens.getIDToken(), URI.create(loggedOut), state).toURI());
        assertEquals(303, answer.statusCode());
        URI location = URI.create(answer.headers().firstValue("Location").orElseThrow());
        assertTrue(location.toString().startsWith(loggedOut + "?"), location.toString());
        assertEquals(state.getValue(), URLUtils.parseParameters(location.getRawQuery()).get("state").get(0));
        assertEquals("LOGOUT", Db.sessionStatus(signIn));
        assertEquals("LOGOUT", Db.sessionStatus(appSession));
        assertEquals(401, meStatus(tokens.getAccessToken()), "the app's access token died with its session");
    }

    @Test
    void anAuthenticationRequestThatReplaysANonceIsRefused() throws Exception {
        OIDCProviderMetadata provider = providerMetadata();
        String app = registerPublic(appCallback());
        Nonce nonce = new Nonce();
        java.util.function.Supplier<URI> request = () -> new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"),
                new ClientID(app), URI.create(appCallback()))
                .endpointURI(provider.getAuthorizationEndpointURI()).state(new State()).nonce(nonce)
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).build().toURI();
        var first = noRedirect(request.get());
        assertEquals(303, first.statusCode());
        assertTrue(first.headers().firstValue("Location").orElseThrow().contains("/signin/"), "the first request goes to the sign-in page");
        var replayed = noRedirect(request.get());
        assertEquals(303, replayed.statusCode());
        URI location = URI.create(replayed.headers().firstValue("Location").orElseThrow());
        assertTrue(location.toString().startsWith(appCallback() + "?"), location.toString());
        assertEquals("invalid_request", URLUtils.parseParameters(location.getRawQuery()).get("error").get(0), "the same nonce again is a replay");
    }

    @Test
    void anIdTokenHintNamesWhoMustBeSignedIn() throws Exception {
        OIDCProviderMetadata provider = providerMetadata();
        String app = registerPublic(appCallback());
        String alice = api.newUser("oidcalice");
        String bob = api.newUser("oidcbob");
        OIDCTokens alices = openIdSignIn(provider, browsers.open(), app, alice, new Nonce());
        WebDriver bobsBrowser = browsers.open();
        OIDCTokens bobs = openIdSignIn(provider, bobsBrowser, app, bob, new Nonce());

        assertEquals("login_required", silentWithHint(provider, bobsBrowser, app, alices.getIDToken().serialize()).getErrorObject().getCode(),
                "Bob is signed in, the hint names Alice");
        AuthorizationResponse own = silentWithHintResponse(provider, bobsBrowser, app, bobs.getIDToken().serialize());
        assertTrue(own.indicatesSuccess(), "Bob's own hint: a code without a page");
        var forged = noRedirect(new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), new ClientID(app), URI.create(appCallback()))
                .endpointURI(provider.getAuthorizationEndpointURI()).state(new State()).nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
                .idTokenHint(forgedIdToken(app, "x")).build().toURI());
        URI location = URI.create(forged.headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request", URLUtils.parseParameters(location.getRawQuery()).get("error").get(0),
                "a hint Rotor did not sign is refused at once");
    }

    private com.nimbusds.oauth2.sdk.AuthorizationErrorResponse silentWithHint(OIDCProviderMetadata provider, WebDriver browser, String app,
                                                                             String hint) throws Exception {
        AuthorizationResponse response = silentWithHintResponse(provider, browser, app, hint);
        assertFalse(response.indicatesSuccess());
        return response.toErrorResponse();
    }

    /** prompt=none with an id_token_hint in {@code browser}: the authorization response the app got. */
    private AuthorizationResponse silentWithHintResponse(OIDCProviderMetadata provider, WebDriver browser, String app, String hint) throws Exception {
        CALLBACKS.clear();
        browser.get(new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), new ClientID(app), URI.create(appCallback()))
                .endpointURI(provider.getAuthorizationEndpointURI()).state(new State()).nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256).prompt(new Prompt(Prompt.Type.NONE))
                .idTokenHint(com.nimbusds.jwt.JWTParser.parse(hint)).build().toURI().toString());
        URI callback = Browsers.until(browser, "the app's callback", d -> CALLBACKS.poll());
        return AuthorizationResponse.parse(callback);
    }

    private OIDCProviderMetadata providerMetadata() throws IOException, ParseException {
        return OIDCProviderMetadata.parse(send(new HTTPRequest(HTTPRequest.Method.GET, URI.create(rotor + "/.well-known/openid-configuration"))).getBody());
    }

    /** An OpenID Connect sign-in (code + PKCE, scope openid profile, the nonce) on Rotor's page; the tokens the library parsed. */
    private OIDCTokens openIdSignIn(OIDCProviderMetadata provider, WebDriver browser, String app, String user, Nonce nonce) throws Exception {
        URI redirect = URI.create(appCallback());
        var verifier = new CodeVerifier();
        var state = new State();
        var request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid", "profile"), new ClientID(app), redirect)
                .endpointURI(provider.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build();
        CALLBACKS.clear();
        browser.get(request.toURI().toString());
        signInOnRotorsPage(browser, user);
        URI callback = Browsers.until(browser, "the app's callback", d -> CALLBACKS.poll());
        AuthorizationResponse response = AuthorizationResponse.parse(callback);
        assertEquals(state, response.getState());
        TokenResponse answer = OIDCTokenResponseParser.parse(send(new TokenRequest(provider.getTokenEndpointURI(), new ClientID(app),
                new AuthorizationCodeGrant(success(response).getAuthorizationCode(), redirect, verifier)).toHTTPRequest()));
        assertTrue(answer.indicatesSuccess(), () -> error(answer));
        return ((OIDCTokenResponse) answer.toSuccessResponse()).getOIDCTokens();
    }

    /** An ID token shaped like Rotor's, for {@code app} and the sign-in, signed by a key Rotor never had. */
    private com.nimbusds.jwt.SignedJWT forgedIdToken(String app, String signIn) throws Exception {
        var key = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).keyID("not-rotors").generate();
        var jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(JWSAlgorithm.RS256).keyID("not-rotors").build(),
                new JWTClaimsSet.Builder().issuer(rotor).subject("someone").audience(app).claim("sid", signIn)
                        .issueTime(new java.util.Date()).expirationTime(new java.util.Date(System.currentTimeMillis() + 60_000)).build());
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));
        return jwt;
    }

    /** GET without following redirects: what Rotor answers, not where a browser would end up. */
    private static java.net.http.HttpResponse<String> noRedirect(URI uri) throws IOException, InterruptedException {
        var client = java.net.http.HttpClient.newBuilder().followRedirects(java.net.http.HttpClient.Redirect.NEVER).build();
        return client.send(HttpRequest.newBuilder(uri).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    // ---------------------------------------------------------------- registering through the admin API

    record Registered(String clientId, String secret) {
    }

    private String registerPublic(String... redirectUris) {
        return register(Map.of("type", "public", "redirectUris", List.of(redirectUris),
                "grantTypes", List.of("authorization_code", "refresh_token"), "scopes", List.of("openid", "profile"))).clientId();
    }

    /** A public client with {@link #appCallback()} as redirect URI and {@code loggedOut} as its post-logout redirect URI. */
    private String registerPublicWithLogout(String loggedOut) {
        return register(Map.of("type", "public", "redirectUris", List.of(appCallback()), "postLogoutRedirectUris", List.of(loggedOut),
                "grantTypes", List.of("authorization_code", "refresh_token"), "scopes", List.of("openid", "profile"))).clientId();
    }

    private Registered registerConfidential(List<String> redirectUris, List<String> grants, List<String> scopes) {
        Registered registered = register(Map.of("type", "confidential", "redirectUris", redirectUris, "grantTypes", grants, "scopes", scopes));
        assertNotNull(registered.secret(), "a confidential client's secret is shown once, at registration");
        return registered;
    }

    /** POST /admin/api/clients with a fresh id, first-party, and the given fields; 201 with the view. */
    private Registered register(Map<String, Object> fields) {
        String clientId = "fd-" + UUID.randomUUID().toString().substring(0, 8);
        var body = new LinkedHashMap<String, Object>();
        body.put("clientId", clientId);
        body.put("name", nameOf(clientId));
        body.put("firstParty", true);
        body.put("webOrigins", List.of());
        body.put("postLogoutRedirectUris", List.of());
        body.putAll(fields);
        Reply reply = call("POST", "/admin/api/clients", json(body));
        assertEquals(201, reply.status(), "registering " + body + ": " + reply);
        @SuppressWarnings("unchecked")
        var view = (Map<String, Object>) reply.json().get("client");
        assertEquals(clientId, view.get("clientId"));
        Object secret = reply.json().get("secret");
        return new Registered(clientId, secret == null ? null : secret.toString());
    }

    static String nameOf(String clientId) {
        return "Front door test app " + clientId;
    }

    private Reply call(String method, String path, String json) {
        var builder = api.request(path, admin);
        var body = json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return api.send(builder.method(method, body).build());
    }

    private static String json(Map<String, Object> fields) {
        var members = new ArrayList<String>();
        fields.forEach((key, value) -> members.add(quote(key) + ":" + jsonValue(value)));
        return "{" + String.join(",", members) + "}";
    }

    private static String jsonValue(Object value) {
        if (value instanceof List<?> list) {
            return "[" + String.join(",", list.stream().map(FrontDoorIT::jsonValue).toList()) + "]";
        }
        if (value instanceof Boolean || value instanceof Number) {
            return value.toString();
        }
        return quote(String.valueOf(value));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Sends a request the library made, with timeouts (it has none by default). */
    static HTTPResponse send(HTTPRequest request) throws IOException {
        request.setConnectTimeout(10_000);
        request.setReadTimeout(30_000);
        return request.send();
    }
}

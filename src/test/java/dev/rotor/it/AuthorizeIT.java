package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.rotor.client.control.ClientSecrets;
import dev.rotor.it.support.AccountPage;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Browsers;
import dev.rotor.it.support.CookieClient;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import dev.rotor.it.support.TestClients;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * {@code GET /oauth2/authorize} and the hosted sign-in page: over plain HTTP (no redirect
 * followed), a request with no safe redirect target is an HTML error page and never a redirect,
 * every other error a 303 to the registered URI with {@code error}, {@code state} and {@code iss},
 * a good one a 303 to {@code /signin/}; then in Chromium: a password sign-in lands on the client's
 * redirect URI (a local server) with a code bound to the client and the Rotor sign-in, a second
 * client signs in without the password (SSO), {@code prompt=login} asks again, {@code prompt=none}
 * answers {@code login_required}, and a third-party client asks consent once (deny, allow,
 * remembered, revoked on the account page, which ends the app's session, asked again). The page's
 * API takes only the {@code rotor-web} sign-in by cookie, with the CSRF and Origin rules and the
 * cut-off.
 */
class AuthorizeIT extends RotorIT {

    static final String APP = "https://app.example/cb";
    static final String VERIFIER = "dBjftJeZ4CVP-mJ92K9xQ7NPyLUHNZ_1uYkEjsPY0Kw_long-enough";

    static HttpServer callbackServer;
    static String callback;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor();
    }

    @RegisterExtension
    final Browsers browsers = new Browsers();

    String root;
    /** rotor.issuer, as the metadata states it: the {@code iss} of every authorization response. */
    static String ISSUER;

    @BeforeAll
    static void startCallback() throws Exception {
        callbackServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        callbackServer.createContext("/", exchange -> {
            byte[] body = "<!DOCTYPE html><title>callback</title><p id=\"callback\">back at the app</p>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        callbackServer.start();
        callback = "http://127.0.0.1:" + callbackServer.getAddress().getPort() + "/cb";
    }

    @AfterAll
    static void stopCallback() {
        if (callbackServer != null) {
            callbackServer.stop(0);
        }
    }

    @BeforeEach
    void browseLocalhost() {
        root = "http://localhost:" + base.getPort() + "/";
        ISSUER = api.get("/.well-known/oauth-authorization-server", null).string("issuer");
    }

    // --- plain HTTP ------------------------------------------------------------------------------

    @Test
    void requestsWithoutASafeRedirectTargetGetTheErrorPageNeverARedirect() {
        String client = TestClients.register("pages", true, APP);
        String two = TestClients.register("two", true, APP, "https://app.example/other");
        assertErrorPage(authorize(params("nobody-" + UUID.randomUUID().toString().substring(0, 8), APP)));
        for (String bad : List.of("https://app.example/other", "https://app.example/cb/more", "https://app.example/c",
                "https://APP.example/cb", "https://app.example/CB", APP + "#fragment", APP + "?x=1", "https://evil.example/cb")) {
            assertErrorPage(authorize(params(client, bad)));
        }
        var none = params(two, null);
        assertErrorPage(authorize(none));
        Db.update("UPDATE oauth_client SET enabled = FALSE WHERE client_id = ?", client);
        assertErrorPage(authorize(params(client, APP)));
    }

    @Test
    void everyOtherErrorRedirectsWithErrorStateAndIssuer() {
        String client = TestClients.register("errors", true, APP);
        String batch = TestClients.register("batch", "CONFIDENTIAL", false, List.of(APP), List.of("client_credentials"));

        var noChallenge = params(client, APP);
        noChallenge.remove("code_challenge");
        noChallenge.remove("code_challenge_method");
        assertErrorRedirect(authorize(noChallenge), "invalid_request");
        assertErrorRedirect(authorize(with(params(client, APP), "code_challenge_method", "plain")), "invalid_request");
        assertErrorRedirect(authorize(with(params(client, APP), "response_type", "token")), "unsupported_response_type");
        assertErrorRedirect(authorize(with(params(client, APP), "scope", "openid admin")), "invalid_scope");
        assertErrorRedirect(authorize(params(batch, APP)), "unauthorized_client");
        assertErrorRedirect(authorize(with(params(client, APP), "prompt", "select_account")), "invalid_request");
        // repeated parameters
        Reply repeated = api.get("/oauth2/authorize?" + query(params(client, APP)) + "&scope=openid&scope=profile", null);
        assertErrorRedirect(repeated, "invalid_request");
    }

    @Test
    void aGoodRequestGoesOnToTheSignInPage() {
        String client = TestClients.register("good", true, APP);
        Reply reply = authorize(with(params(client, APP), "scope", "openid profile"));
        assertEquals(303, reply.status(), reply.toString());
        URI location = URI.create(reply.header("Location"));
        assertEquals("/signin/", location.getPath());
        String id = query(location).get("request");
        assertTrue(id != null && id.length() >= 22, location.toString());
        var row = Db.query("SELECT client_id, redirect_uri, state, scope FROM authorization_request WHERE id = ?", id).get(0);
        assertEquals(client, row.get("client_id"));
        assertEquals("openid profile", row.get("scope"));

        Reply described = api.get("/oauth2/authorize/requests/" + id, null);
        assertEquals(200, described.status(), described.toString());
        assertEquals("The good app", ((Map<?, ?>) described.json().get("client")).get("name"));

        Reply anonymous = api.postJson("/oauth2/authorize/requests/" + id, "{}");
        assertEquals(401, anonymous.status(), anonymous.toString());
        assertEquals("https://rotor.dev/problems/sign-in-required", anonymous.string("type"));

        Reply unknown = api.postJson("/oauth2/authorize/requests/no-such-request", "{}");
        assertEquals(400, unknown.status(), unknown.toString());
        assertEquals("https://rotor.dev/problems/authorization-request-expired", unknown.string("type"));
        assertEquals(400, api.get("/oauth2/authorize/requests/no-such-request", null).status());
    }

    @Test
    void thePageApiActsOnlyForTheRotorSignInByCookieWithCsrfAndTheCutOff() {
        String user = api.newUser("cal");
        String client = TestClients.register("cookie", true, APP);
        String thirdParty = TestClients.register("stranger", false, APP);
        var jar = new CookieClient(api);
        assertEquals(200, jar.login(user, Api.PASSWORD).status());

        String id = requestId(params(client, APP));
        Reply noCsrf = proceed(jar, id, null);
        assertEquals(403, noCsrf.status(), noCsrf.toString());
        assertEquals("https://rotor.dev/problems/csrf", noCsrf.string("type"));
        jar.origin("https://evil.example");
        assertEquals(403, proceed(jar, id, jar.cookie(CookieClient.CSRF)).status());
        jar.origin(api.base());

        String cliToken = api.login(user).access(); // a rotor-cli token by header is no Rotor sign-in
        Reply byHeader = api.send(api.request("/oauth2/authorize/requests/" + id, cliToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(401, byHeader.status(), byHeader.toString());
        assertEquals("https://rotor.dev/problems/sign-in-required", byHeader.string("type"));

        Reply granted = proceed(jar, id, jar.cookie(CookieClient.CSRF));
        assertEquals(200, granted.status(), granted.toString());
        var answer = query(URI.create(granted.string("redirect")));
        assertTrue(granted.string("redirect").startsWith(APP + "?code="), granted.string("redirect"));
        assertEquals("xyz", answer.get("state"));
        assertEquals(ISSUER, answer.get("iss"));
        Reply again = proceed(jar, id, jar.cookie(CookieClient.CSRF));
        assertEquals(400, again.status(), "a request is answered once: " + again);
        assertEquals("https://rotor.dev/problems/authorization-request-expired", again.string("type"));

        Reply stale = proceed(jar, requestId(with(params(client, APP), "max_age", "0")), jar.cookie(CookieClient.CSRF));
        assertEquals(401, stale.status(), stale.toString());
        assertEquals(Boolean.TRUE, stale.json().get("fresh"));
        assertEquals(Boolean.FALSE, stale.json().get("secondFactor"));

        Reply silent = proceed(jar, requestId(with(params(thirdParty, APP), "prompt", "none")), jar.cookie(CookieClient.CSRF));
        assertEquals(200, silent.status(), silent.toString());
        assertEquals("consent_required", query(URI.create(silent.string("redirect"))).get("error"));
        Reply asked = proceed(jar, requestId(with(params(thirdParty, APP), "scope", "openid")), jar.cookie(CookieClient.CSRF));
        assertEquals(403, asked.status(), asked.toString());
        assertEquals("https://rotor.dev/problems/consent-required", asked.string("type"));
        assertEquals(List.of("openid"), asked.json().get("scopes"));

        // signed out: the access cookie still verifies, but its session has ended (the cut-off)
        String access = jar.cookie(CookieClient.ACCESS);
        String csrf = jar.cookie(CookieClient.CSRF);
        assertEquals(204, jar.post("/auth/logout").status());
        jar.set(CookieClient.ACCESS, access, "/");
        jar.set(CookieClient.CSRF, csrf, "/");
        String afterLogout = requestId(params(client, APP));
        assertEquals(401, proceed(jar, afterLogout, csrf).status());
        assertEquals(1, Db.query("SELECT id FROM authorization_request WHERE id = ?", afterLogout).size(), "still pending");
    }

    /**
     * Step-up, {@code acr_values=mfa}: a password-only sign-in answers a request without it (SSO),
     * but not one with it: the page is told to sign in again ({@code fresh}), {@code prompt=none}
     * gets {@code login_required}, and a new sign-in that still has no second factor ends the
     * request with {@code unmet_authentication_requirements}. Once the sign-in's amr has
     * {@code mfa} (set in the database, as the second-factor sign-in would), the request is
     * answered and the code's ID token says {@code amr} [.., mfa] and {@code acr} mfa.
     */
    @Test
    void acrValuesMfaIsAnsweredOnlyByASignInWithASecondFactor() throws Exception {
        var metadata = api.get("/.well-known/openid-configuration", null).json();
        assertEquals(List.of("mfa"), metadata.get("acr_values_supported"));
        assertTrue(((List<?>) metadata.get("claims_supported")).containsAll(List.of("amr", "acr", "auth_time")), metadata.toString());

        String user = api.newUser("stu");
        String client = TestClients.register("stepup", true, APP);
        var jar = new CookieClient(api);
        assertEquals(200, jar.login(user, Api.PASSWORD).status());
        String csrf = jar.cookie(CookieClient.CSRF);
        String firstSignIn = com.nimbusds.jwt.SignedJWT.parse(jar.cookie(CookieClient.ACCESS)).getJWTClaimsSet().getStringClaim("sid");

        Reply sso = proceed(jar, requestId(with(params(client, APP), "scope", "openid")), csrf);
        assertEquals(200, sso.status(), sso.toString());
        assertNotNull(query(URI.create(sso.string("redirect"))).get("code"), "without acr_values, the password sign-in answers: " + sso);

        String stepUp = requestId(with(with(params(client, APP), "scope", "openid"), "acr_values", "urn:example:other mfa"));
        assertEquals("mfa", Db.query("SELECT acr_values FROM authorization_request WHERE id = ?", stepUp).get(0).get("acr_values"));
        Reply again = proceed(jar, stepUp, csrf);
        assertEquals(401, again.status(), "not answered from SSO: " + again);
        assertEquals("https://rotor.dev/problems/sign-in-required", again.string("type"));
        assertEquals(Boolean.TRUE, again.json().get("fresh"), "the page asks for the sign-in again");
        assertEquals(Boolean.TRUE, again.json().get("secondFactor"), "with the second factor");
        assertEquals(1, Db.query("SELECT id FROM authorization_request WHERE id = ?", stepUp).size(), "still pending");

        Reply silent = proceed(jar, requestId(with(with(params(client, APP), "acr_values", "mfa"), "prompt", "none")), csrf);
        assertEquals(200, silent.status(), silent.toString());
        var silentAnswer = query(URI.create(silent.string("redirect")));
        assertEquals("login_required", silentAnswer.get("error"), silent.toString());
        assertNull(silentAnswer.get("code"));

        // the user signs in again for the request; the account has no second factor
        assertEquals(200, jar.login(user, Api.PASSWORD).status());
        csrf = jar.cookie(CookieClient.CSRF);
        Reply unmet = proceed(jar, stepUp, csrf);
        assertEquals(200, unmet.status(), unmet.toString());
        var unmetAnswer = query(URI.create(unmet.string("redirect")));
        assertTrue(unmet.string("redirect").startsWith(APP + "?"), unmet.toString());
        assertEquals("unmet_authentication_requirements", unmetAnswer.get("error"), unmet.toString());
        assertEquals("xyz", unmetAnswer.get("state"));
        assertEquals(ISSUER, unmetAnswer.get("iss"));
        assertNull(unmetAnswer.get("code"));
        assertEquals(0, Db.query("SELECT id FROM authorization_request WHERE id = ?", stepUp).size(), "the request is used up");

        // the sign-in now had a second factor
        String signIn = com.nimbusds.jwt.SignedJWT.parse(jar.cookie(CookieClient.ACCESS)).getJWTClaimsSet().getStringClaim("sid");
        assertFalse(signIn.equals(firstSignIn), "a new sign-in");
        assertEquals(1, Db.update("UPDATE session_family SET amr = 'pwd otp mfa' WHERE id = ?", signIn));
        Reply answered = proceed(jar, requestId(with(with(params(client, APP), "scope", "openid"), "acr_values", "mfa")), csrf);
        assertEquals(200, answered.status(), answered.toString());
        String code = query(URI.create(answered.string("redirect"))).get("code");
        assertNotNull(code, answered.toString());
        assertEquals(signIn, codeRow(code).get("sign_in_id"));
        Reply tokens = api.postForm("/oauth2/token", Map.of("grant_type", "authorization_code", "client_id", client, "code", code,
                "redirect_uri", APP, "code_verifier", VERIFIER));
        assertEquals(200, tokens.status(), tokens.toString());
        var idToken = com.nimbusds.jwt.SignedJWT.parse(tokens.string("id_token")).getJWTClaimsSet();
        assertEquals(List.of("pwd", "otp", "mfa"), idToken.getStringListClaim("amr"));
        assertEquals("mfa", idToken.getStringClaim("acr"));
        assertEquals(signIn, idToken.getStringClaim("sid"));
        var access = com.nimbusds.jwt.SignedJWT.parse(tokens.string("access_token")).getJWTClaimsSet();
        assertEquals(List.of("pwd", "otp", "mfa"), access.getStringListClaim("amr"), "the app's session has the sign-in's amr");

        Reply sameSignInAgain = proceed(jar, requestId(with(params(client, APP), "acr_values", "mfa")), csrf);
        assertNotNull(query(URI.create(sameSignInAgain.string("redirect"))).get("code"), "a multi-factor sign-in answers from SSO: " + sameSignInAgain);
    }

    String requestId(Map<String, String> params) {
        Reply reply = authorize(params);
        assertEquals(303, reply.status(), reply.toString());
        return query(URI.create(reply.header("Location"))).get("request");
    }

    static Reply proceed(CookieClient jar, String id, String csrf) {
        var builder = jar.builder("/oauth2/authorize/requests/" + id).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (csrf != null) {
            builder.header("X-CSRF-Token", csrf);
        }
        return jar.send(builder);
    }

    // --- the sign-in page in a browser ------------------------------------------------------------

    @Test
    void passwordSignInThenSingleSignOnThenPromptLogin() {
        String user = api.newUser("ada");
        String first = TestClients.register("first", true, callback);
        String second = TestClients.register("second", true, callback);
        WebDriver driver = browsers.open();

        driver.get(authorizeUrl(first, "state-1", Map.of()));
        signIn(driver, user);
        Map<String, String> answer = landed(driver);
        assertEquals("state-1", answer.get("state"));
        assertEquals(ISSUER, answer.get("iss"));
        String code = answer.get("code");
        assertNotNull(code, answer.toString());
        var row = Db.query("SELECT c.client_id, c.sign_in_id, c.account_id, c.code_challenge, s.client_id AS sign_in_client, a.username "
                + "FROM authorization_code c JOIN session_family s ON s.id = c.sign_in_id JOIN account a ON a.id = c.account_id "
                + "WHERE c.code_hash = ?", ClientSecrets.hash(code));
        assertEquals(1, row.size(), "the code's row, found by its SHA-256");
        assertEquals(first, row.get(0).get("client_id"));
        assertEquals("rotor-web", row.get(0).get("sign_in_client"));
        assertEquals(user, row.get(0).get("username"));
        assertEquals(challenge(), row.get(0).get("code_challenge"));
        String signIn = (String) row.get(0).get("sign_in_id");

        // a second app in the same browser: no password
        driver.get(authorizeUrl(second, "state-2", Map.of()));
        Map<String, String> sso = landed(driver);
        assertEquals("state-2", sso.get("state"));
        assertEquals(signIn, codeRow(sso.get("code")).get("sign_in_id"));
        assertEquals(second, codeRow(sso.get("code")).get("client_id"));

        // prompt=none, signed in: a code without any page
        driver.get(authorizeUrl(second, "state-silent", Map.of("prompt", "none")));
        Map<String, String> silent = landed(driver);
        assertEquals("state-silent", silent.get("state"));
        assertNotNull(silent.get("code"), silent.toString());

        // prompt=login: the password again, even though the browser is signed in
        driver.get(authorizeUrl(second, "state-3", Map.of("prompt", "login")));
        signIn(driver, user);
        Map<String, String> again = landed(driver);
        assertEquals("state-3", again.get("state"));
        assertFalse(signIn.equals(codeRow(again.get("code")).get("sign_in_id")), "a fresh sign-in");
    }

    @Test
    void promptNoneWithoutASignInAnswersLoginRequired() {
        String client = TestClients.register("silent", true, callback);
        WebDriver driver = browsers.open();
        driver.get(authorizeUrl(client, "quiet", Map.of("prompt", "none")));
        Map<String, String> answer = landed(driver);
        assertEquals("login_required", answer.get("error"));
        assertEquals("quiet", answer.get("state"));
        assertEquals(ISSUER, answer.get("iss"));
        assertNull(answer.get("code"));
    }

    @Test
    void aThirdPartyAppAsksConsentOnceUntilItIsRevoked() {
        String user = api.newUser("bea");
        String client = TestClients.register("thirdparty", false, callback);
        WebDriver driver = browsers.open();

        driver.get(authorizeUrl(client, "c1", Map.of("scope", "openid profile")));
        signIn(driver, user);
        waitConsent(driver);
        assertEquals("The thirdparty app", driver.findElement(By.id("signin-client")).getText());
        driver.findElement(By.id("consent-deny")).click();
        Map<String, String> denied = landed(driver);
        assertEquals("access_denied", denied.get("error"));
        assertEquals("c1", denied.get("state"));

        driver.get(authorizeUrl(client, "c2", Map.of("scope", "openid profile")));
        waitConsent(driver);
        driver.findElement(By.id("consent-allow")).click();
        Map<String, String> allowed = landed(driver);
        assertNotNull(allowed.get("code"), allowed.toString());
        String signIn = (String) codeRow(allowed.get("code")).get("sign_in_id");
        String appSession = appSessionLinkedTo(signIn, client);
        assertEquals(1, Db.query("SELECT scopes FROM client_consent WHERE client_id = ?", client).size());

        driver.get(authorizeUrl(client, "c3", Map.of("scope", "openid")));
        assertNotNull(landed(driver).get("code"), "no consent asked the second time");

        var page = new AccountPage(driver, root).open();
        page.until("the app in Apps you allowed", d -> !d.findElements(By.cssSelector("#consents tr[data-client-id='" + client + "'] button.revoke-consent")).isEmpty());
        driver.findElement(By.cssSelector("#consents tr[data-client-id='" + client + "'] button.revoke-consent")).click();
        page.until("the app gone from the list", d -> d.findElements(By.cssSelector("#consents tr[data-client-id='" + client + "']")).isEmpty());
        assertEquals(0, Db.query("SELECT scopes FROM client_consent WHERE client_id = ?", client).size());
        assertEquals("CONSENT_REVOKED", Db.sessionStatus(appSession), "the app's session ended with the consent");
        assertEquals("ACTIVE", Db.sessionStatus(signIn), "the Rotor sign-in stays");
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE type = 'CONSENT_REVOKED' AND detail LIKE ?", "client=" + client + " %").size());

        driver.get(authorizeUrl(client, "c4", Map.of("scope", "openid")));
        waitConsent(driver);
    }

    // --- helpers -------------------------------------------------------------------------------------

    Reply authorize(Map<String, String> params) {
        return api.get("/oauth2/authorize?" + query(params), null);
    }

    static Map<String, String> params(String clientId, String redirectUri) {
        var params = new LinkedHashMap<String, String>();
        params.put("response_type", "code");
        params.put("client_id", clientId);
        if (redirectUri != null) {
            params.put("redirect_uri", redirectUri);
        }
        params.put("state", "xyz");
        params.put("code_challenge", challenge());
        params.put("code_challenge_method", "S256");
        return params;
    }

    static Map<String, String> with(Map<String, String> params, String name, String value) {
        params.put(name, value);
        return params;
    }

    String authorizeUrl(String clientId, String state, Map<String, String> extra) {
        var params = params(clientId, callback);
        params.put("state", state);
        params.putAll(extra);
        return root + "oauth2/authorize?" + query(params);
    }

    static String challenge() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String query(Map<String, String> params) {
        var out = new StringBuilder();
        params.forEach((name, value) -> out.append(out.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return out.toString();
    }

    static Map<String, String> query(URI uri) {
        var out = new LinkedHashMap<String, String>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static void assertErrorPage(Reply reply) {
        assertEquals(400, reply.status(), reply.toString());
        assertNull(reply.header("Location"), reply.toString());
        assertTrue(reply.header("Content-Type").startsWith("text/html"), reply.header("Content-Type"));
        assertTrue(reply.body().contains("/assets/rotor.css"), reply.body());
    }

    static void assertErrorRedirect(Reply reply, String error) {
        assertEquals(303, reply.status(), reply.toString());
        String location = reply.header("Location");
        assertTrue(location.startsWith(APP + "?"), location);
        var answer = query(URI.create(location));
        assertEquals(error, answer.get("error"), location);
        assertEquals("xyz", answer.get("state"), location);
        assertEquals(ISSUER, answer.get("iss"), location);
        assertNotNull(answer.get("error_description"), location);
    }

    static Map<String, Object> codeRow(String code) {
        var rows = Db.query("SELECT client_id, sign_in_id FROM authorization_code WHERE code_hash = ?", ClientSecrets.hash(code));
        assertEquals(1, rows.size(), "the code's row");
        return rows.get(0);
    }

    /**
     * An active session of {@code clientId} linked to the sign-in, as the token endpoint would start
     * on redeeming a code (written as a copy of the sign-in's row: that endpoint is not this test's).
     */
    static String appSessionLinkedTo(String signIn, String clientId) {
        String id = UUID.randomUUID().toString();
        Db.update("INSERT INTO session_family (id, account_id, client_id, created_at, last_used_at, absolute_expires_at, idle_expires_at, "
                + "generation, rotated_at, current_hash, chain_seed, status, user_agent, client_ip, device_name, sign_in_id, scope, auth_time) "
                + "SELECT ?, account_id, ?, created_at, last_used_at, absolute_expires_at, idle_expires_at, generation, rotated_at, "
                + "current_hash, chain_seed, status, user_agent, client_ip, device_name, id, 'openid', created_at "
                + "FROM session_family WHERE id = ?", id, clientId, signIn);
        assertEquals("ACTIVE", Db.sessionStatus(id));
        return id;
    }

    void signIn(WebDriver driver, String user) {
        Browsers.until(driver, "the sign-in form", d -> d.findElement(By.id("signed-out")).isDisplayed());
        var username = driver.findElement(By.id("username"));
        username.clear();
        username.sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(Api.PASSWORD);
        driver.findElement(By.id("login-submit")).click();
    }

    void waitConsent(WebDriver driver) {
        Browsers.until(driver, "the consent question", d -> d.findElement(By.id("consent")).isDisplayed());
    }

    /** Waits until the browser is at the app's redirect URI and returns its query. */
    Map<String, String> landed(WebDriver driver) {
        Browsers.until(driver, "the app's redirect URI", d -> d.getCurrentUrl().startsWith(callback));
        return query(URI.create(driver.getCurrentUrl()));
    }
}

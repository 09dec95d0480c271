package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.example.oidcapp.OidcApps;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Browsers;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.ExampleServer;
import dev.rotor.it.support.FreePort;
import dev.rotor.it.support.Reply;
import dev.rotor.oauth.control.SecretHash;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * The proof that a Jakarta EE web app signs its users in through Rotor with nothing but Jakarta
 * Security's {@code @OpenIdAuthenticationMechanismDefinition} (the example app under
 * {@code dev.rotor.example.oidcapp}, on a second Payara Micro at 127.0.0.1, another site than
 * Rotor's localhost): sign-in through Rotor's page, single sign-on into a second app, the app's
 * token refresh past an access-token expiry, and logout from the app ending the Rotor sign-in.
 */
class OidcAppIT extends RotorIT {

    static final int ACCESS_SECONDS = 15;
    static final String ROTOR = "http://localhost:" + Integer.getInteger("rotor.it.port", 8080);
    static final String APP_HOST = "127.0.0.1";

    static ExampleServer apps;
    static int appPort;

    @RegisterExtension
    final Browsers browsers = new Browsers();

    /** The apps' kit follows Rotor's revocation feed as this resource server (it is there to receive back-channel logouts). */
    static final String KIT_ID = "oidc-apps";
    static final String KIT_SECRET = "oidc-apps-kit-it-secret-0123456789";

    @Deployment(testable = false)
    static WebArchive deployment() {
        // No grace window: a replaced refresh token presented again is a reuse at once.
        return Deployments.rotor("rotor.access.ttl=PT" + ACCESS_SECONDS + "S", "rotor.refresh.grace=PT0S",
                "rotor.resource-servers=" + KIT_ID + ":" + SecretHash.of(KIT_SECRET, 1024).format());
    }

    @BeforeEach
    void startApps() throws Exception {
        if (apps != null) {
            return;
        }
        assertEquals(ROTOR, "http://localhost:" + base.getPort(), "Rotor runs where its issuer (rotor.it.port) says");
        appPort = FreePort.next();
        String admin = Api.Tokens.of(api.passwordGrant("admin", AdminApiIT.ADMIN_PASSWORD, Api.CLIENT)).access();
        String secret1 = register(admin, "oidc-app-1");
        String secret2 = register(admin, "oidc-app-2");
        apps = ExampleServer.start("oidc-it", appPort, List.of(
                new ExampleServer.App("app1", OidcApps.war("app1", ROTOR, "oidc-app-1", secret1, KIT_ID, KIT_SECRET), "/signed-out", 200),
                new ExampleServer.App("app2", OidcApps.war("app2", ROTOR, "oidc-app-2", secret2, KIT_ID, KIT_SECRET), "/signed-out", 200)));
    }

    @AfterAll
    static void stopApps() throws InterruptedException {
        if (apps != null) {
            apps.close();
        }
    }

    /** Registers a confidential first-party client for the example app {@code app1}/{@code app2}; its secret. */
    private String register(String admin, String clientId) {
        String app = clientId.endsWith("1") ? "app1" : "app2";
        String base = "http://" + APP_HOST + ":" + appPort + "/" + app;
        String json = "{\"clientId\":\"" + clientId + "\",\"name\":\"Example " + app + "\",\"type\":\"confidential\",\"firstParty\":true,"
                + "\"redirectUris\":[\"" + base + "/callback\"],\"postLogoutRedirectUris\":[\"" + base + "/signed-out\"],"
                + "\"backchannelLogoutUri\":\"" + base + "/backchannel-logout\","
                + "\"grantTypes\":[\"authorization_code\",\"refresh_token\"],\"scopes\":[\"openid\",\"profile\"]}";
        Reply reply = api.send(api.request("/admin/api/clients", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertEquals(201, reply.status(), reply.body());
        return reply.string("secret");
    }

    private String hello(String app) {
        return apps.url(APP_HOST, app) + "/hello";
    }

    /** Opens the app's protected page, signs in on Rotor's page, and returns once the app greets the user. */
    private void signIn(WebDriver browser, String app, String username) {
        browser.get(hello(app));
        Browsers.until(browser, "Rotor's sign-in page", d -> d.getCurrentUrl().startsWith(ROTOR + "/signin/")
                && !d.findElements(By.id("username")).isEmpty() && d.findElement(By.id("username")).isDisplayed());
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(Api.PASSWORD);
        browser.findElement(By.id("login-submit")).click();
        awaitHello(browser, username);
    }

    private static void awaitHello(WebDriver browser, String username) {
        Browsers.until(browser, "the app's greeting", d -> !d.findElements(By.id("hello")).isEmpty()
                && d.findElement(By.id("hello")).getText().equals("Hello " + username));
    }

    /** The sessions of {@code clientId} linked to the user's Rotor sign-in, from the database. */
    private static List<Map<String, Object>> appSessions(String username, String clientId) {
        return Db.query("SELECT f.id, f.status, f.generation, f.sign_in_id FROM session_family f JOIN account a ON a.id = f.account_id "
                + "WHERE a.username = ? AND f.client_id = ? ORDER BY f.created_at", username, clientId);
    }

    @Test
    void aJakartaSecurityAppSignsInThroughRotorAndASecondAppNeedsNoPassword() {
        String user = api.newUser("oidc");
        WebDriver browser = browsers.open();
        signIn(browser, "app1", user);
        assertEquals("user=true admin=false", browser.findElement(By.id("roles")).getText());

        browser.get(hello("app2"));
        awaitHello(browser, user); // no password form on the way: single sign-on
        var first = appSessions(user, "oidc-app-1");
        var second = appSessions(user, "oidc-app-2");
        assertEquals(1, first.size(), "one session for the first app");
        assertEquals(1, second.size(), "one session of its own for the second app");
        assertEquals(first.get(0).get("sign_in_id"), second.get(0).get("sign_in_id"), "both linked to the same Rotor sign-in");
        assertEquals("ACTIVE", Db.sessionStatus(String.valueOf(first.get(0).get("sign_in_id"))));
    }

    @Test
    void theAppRefreshesItsTokensAtRotorPastAnAccessTokenExpiry() throws InterruptedException {
        String user = api.newUser("oidcrefresh");
        WebDriver browser = browsers.open();
        signIn(browser, "app1", user);
        String sessionId = String.valueOf(appSessions(user, "oidc-app-1").get(0).get("id"));
        assertEquals(0, Db.sessionGeneration(sessionId));

        Thread.sleep((ACCESS_SECONDS + 2) * 1000L);
        browser.get(hello("app1"));
        awaitHello(browser, user);
        assertTrue(Db.sessionGeneration(sessionId) >= 1, "the app refreshed (its session rotated at Rotor)");
        assertEquals(1, appSessions(user, "oidc-app-1").size(), "it refreshed rather than signing in again");
        assertEquals("ACTIVE", Db.sessionStatus(sessionId));
    }

    @Test
    void loggingOutOfTheAppEndsTheRotorSignInAndTheAppsSessions() {
        String user = api.newUser("oidclogout");
        WebDriver browser = browsers.open();
        signIn(browser, "app1", user);
        browser.get(hello("app2"));
        awaitHello(browser, user);
        String signIn = String.valueOf(appSessions(user, "oidc-app-1").get(0).get("sign_in_id"));

        browser.get(apps.url(APP_HOST, "app1") + "/logout");
        Browsers.until(browser, "the app's signed-out page", d -> d.getCurrentUrl().startsWith(apps.url(APP_HOST, "app1") + "/signed-out")
                && !d.findElements(By.id("signed-out")).isEmpty());
        assertEquals("LOGOUT", Db.sessionStatus(signIn), "the Rotor sign-in ended");
        assertEquals("LOGOUT", appSessions(user, "oidc-app-1").get(0).get("status"));
        assertEquals("LOGOUT", appSessions(user, "oidc-app-2").get(0).get("status"), "the second app's session ended with the sign-in");

        browser.get(hello("app1"));
        Browsers.until(browser, "Rotor's sign-in page again", d -> d.getCurrentUrl().startsWith(ROTOR + "/signin/"));
    }

    @Test
    void aRefreshTokenReplayAtRotorSendsTheAppsBackToTheSignInPageWithinTwoSeconds() throws Exception {
        String user = api.newUser("oidcreuse");
        WebDriver browser = browsers.open();
        signIn(browser, "app1", user);
        browser.get(hello("app2"));
        awaitHello(browser, user);
        String signIn = String.valueOf(appSessions(user, "oidc-app-1").get(0).get("sign_in_id"));

        // The browser's Rotor sign-in holds its refresh token in an HttpOnly cookie under /auth; a thief has a copy.
        browser.get(ROTOR + "/auth/");
        String stolen = browser.manage().getCookieNamed("__Secure-rotor-rt").getValue();
        assertEquals(200, refresh(stolen).statusCode(), "the thief refreshes first");
        HttpResponse<String> replay = refresh(stolen); // the same token again: reuse detected
        Instant detected = Instant.now();
        assertEquals(400, replay.statusCode(), replay.body());
        assertEquals("REUSE_DETECTED", Db.sessionStatus(signIn));
        assertEquals("SIGN_IN_REUSE", appSessions(user, "oidc-app-1").get(0).get("status"), "the apps' sessions linked to the sign-in end with it");
        assertEquals("SIGN_IN_REUSE", appSessions(user, "oidc-app-2").get(0).get("status"));

        sleepUntil(detected.plus(Duration.ofSeconds(2)));
        for (String app : List.of("app1", "app2")) {
            browser.get(hello(app));
            Browsers.until(browser, app + " sends the browser to Rotor's sign-in form", d -> d.getCurrentUrl().startsWith(ROTOR + "/signin/")
                    && !d.findElements(By.id("username")).isEmpty() && d.findElement(By.id("username")).isDisplayed());
        }
        var delivered = Db.query("SELECT client_id FROM logout_outbox WHERE sid = ? AND delivered_at IS NOT NULL", signIn);
        assertEquals(2, delivered.size(), "one back-channel logout delivered to each app: " + delivered);
    }

    /** POST /oauth2/token, refresh_token grant, as the browser's client (rotor-web): what a thief holding its token can do. */
    private static HttpResponse<String> refresh(String refreshToken) throws Exception {
        String form = "grant_type=refresh_token&client_id=rotor-web&refresh_token="
                + java.net.URLEncoder.encode(refreshToken, java.nio.charset.StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ROTOR + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

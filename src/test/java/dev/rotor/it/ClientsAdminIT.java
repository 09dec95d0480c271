package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.client.control.ClientSecrets;
import dev.rotor.it.support.AdminConsole;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Browsers;
import dev.rotor.it.support.CookieClient;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.FreePort;
import dev.rotor.it.support.Reply;
import dev.rotor.session.control.RefreshTokens;
import java.net.http.HttpRequest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Registered clients through the admin API and the console: registering public and confidential
 * clients (a secret shown once, stored as its hash, two at most), the validation answers, the
 * audit, built-ins listed read-only, disabling and deleting (the client's sessions end in the
 * database and their refresh tokens stop working), and CORS for the clients' web origins.
 */
class ClientsAdminIT extends RotorIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor();
    }

    @RegisterExtension
    final Browsers browsers = new Browsers();

    String admin;

    @BeforeEach
    void signInAdmin() {
        admin = Tokens.of(api.passwordGrant(AdminConsole.ADMIN, AdminConsole.ADMIN_PASSWORD, Api.CLIENT)).access();
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Reply call(String method, String path, String bearer, String json) {
        var builder = api.request(path, bearer);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return api.send(builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private Reply register(String json) {
        return call("POST", "/admin/api/clients", admin, json);
    }

    static String publicClient(String clientId, String extra) {
        return "{\"clientId\":\"" + clientId + "\",\"name\":\"Shop front\",\"type\":\"public\",\"firstParty\":false,"
                + "\"redirectUris\":[\"https://shop.example/callback\",\"http://127.0.0.1/callback\"],"
                + "\"webOrigins\":[\"https://shop.example\"],\"postLogoutRedirectUris\":[\"https://shop.example/\"],"
                + "\"grantTypes\":[\"authorization_code\",\"refresh_token\"],\"scopes\":[\"openid\",\"profile\"]" + extra + "}";
    }

    static String confidentialClient(String clientId) {
        return "{\"clientId\":\"" + clientId + "\",\"name\":\"Billing batch\",\"type\":\"confidential\",\"firstParty\":true,"
                + "\"grantTypes\":[\"client_credentials\"],\"scopes\":[\"openid\"],\"audience\":\"https://billing.shop.example\"}";
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private List<String> auditDetails(String type, String clientId) {
        return Db.query("SELECT detail FROM audit_event WHERE type = ? AND detail LIKE ? ORDER BY occurred_at", type,
                "client=" + clientId + "%").stream().map(row -> String.valueOf(row.get("detail"))).toList();
    }

    @Test
    void aPublicClientIsRegisteredWithoutSecretAndAConfidentialOneGetsItOnceStoredHashed() {
        String shop = id("shop");
        Reply created = register(publicClient(shop, ""));
        assertEquals(201, created.status(), created.toString());
        assertTrue(created.header("Location").endsWith("/admin/api/clients/" + shop));
        assertEquals("no-store", created.header("Cache-Control"));
        assertFalse(created.json().containsKey("secret"), "a public client has no secret");
        var view = map(created.json().get("client"));
        assertEquals(shop, view.get("clientId"));
        assertEquals("public", view.get("type"));
        assertEquals(true, view.get("enabled"));
        assertEquals(false, view.get("builtIn"));
        assertEquals(List.of("https://shop.example/callback", "http://127.0.0.1/callback"), view.get("redirectUris"));
        assertEquals(List.of("https://shop.example"), view.get("webOrigins"));
        assertEquals(List.of("authorization_code", "refresh_token"), view.get("grantTypes"));
        assertTrue(view.containsKey("audience") && view.get("audience") == null, "every field named: " + view);
        assertEquals(List.of(), view.get("warnings"));

        String billing = id("billing");
        Reply confidential = register(confidentialClient(billing));
        assertEquals(201, confidential.status(), confidential.toString());
        String secret = confidential.string("secret");
        assertEquals(43, secret.length());
        var rows = Db.query("SELECT secret_hash FROM oauth_client_secret WHERE client_id = ?", billing);
        assertEquals(1, rows.size());
        assertEquals(ClientSecrets.hash(secret), rows.get(0).get("secret_hash"), "stored as its SHA-256");
        assertNotEquals(secret, rows.get(0).get("secret_hash"));

        Reply shown = api.get("/admin/api/clients/" + billing, admin);
        assertEquals(200, shown.status());
        assertFalse(shown.body().contains(secret), "never shown again");
        assertFalse(shown.body().contains(ClientSecrets.hash(secret)), "nor its hash");
        var secrets = list(shown.json().get("secrets"));
        assertEquals(1, secrets.size());
        assertEquals(List.of("id", "createdAt", "expiresAt"), List.copyOf(map(secrets.get(0)).keySet()));
        assertEquals("https://billing.shop.example", shown.string("audience"));
        assertFalse(api.get("/admin/api/clients?size=100", admin).body().contains(secret));

        assertEquals(1, auditDetails("CLIENT_REGISTERED", shop).size());
        assertEquals(1, auditDetails("CLIENT_REGISTERED", billing).size());
        assertTrue(Db.query("SELECT detail FROM audit_event WHERE detail LIKE ?", "%" + secret + "%").isEmpty(), "no secret in the audit");
    }

    @Test
    void twoSecretsAtMostEachShownOnce() {
        String billing = id("billing");
        String first = map(register(confidentialClient(billing)).json().get("client")).get("secrets").toString();
        Reply second = call("POST", "/admin/api/clients/" + billing + "/secrets", admin, "{\"expiresAt\":\"2099-01-01T00:00:00Z\"}");
        assertEquals(201, second.status(), second.toString());
        assertEquals("2099-01-01T00:00:00Z", second.string("expiresAt"));
        assertEquals(43, second.string("secret").length());
        assertEquals(ClientSecrets.hash(second.string("secret")),
                Db.query("SELECT secret_hash FROM oauth_client_secret WHERE id = ?", second.string("id")).get(0).get("secret_hash"));

        Reply third = call("POST", "/admin/api/clients/" + billing + "/secrets", admin, null);
        assertEquals(409, third.status(), third.toString());
        assertTrue(third.string("type").endsWith("/too-many-secrets"), third.toString());

        assertEquals(204, api.delete("/admin/api/clients/" + billing + "/secrets/" + second.string("id"), admin).status());
        assertEquals(404, api.delete("/admin/api/clients/" + billing + "/secrets/" + second.string("id"), admin).status());
        assertEquals(201, call("POST", "/admin/api/clients/" + billing + "/secrets", admin, "{}").status());
        assertEquals(2, Db.query("SELECT id FROM oauth_client_secret WHERE client_id = ?", billing).size());
        assertEquals(400, call("POST", "/admin/api/clients/" + billing + "/secrets", admin, "{\"expiresAt\":\"soon\"}").status());
        assertEquals(2, auditDetails("CLIENT_SECRET_ADDED", billing).size());
        assertEquals(1, auditDetails("CLIENT_SECRET_REMOVED", billing).size());
        assertTrue(first.contains("createdAt"));

        String shop = id("shop");
        register(publicClient(shop, ""));
        assertEquals(409, call("POST", "/admin/api/clients/" + shop + "/secrets", admin, null).status(), "a public client holds none");
    }

    @Test
    void badRegistrationsAre400ProblemsAndRegisterNothing() {
        String[][] cases = {
                {"invalid-redirect-uri", publicClient(id("w"), "").replace("https://shop.example/callback", "https://*.shop.example/callback")},
                {"invalid-redirect-uri", publicClient(id("h"), "").replace("https://shop.example/callback", "http://shop.example/callback")},
                {"invalid-redirect-uri", publicClient(id("f"), "").replace("https://shop.example/callback", "https://shop.example/callback#x")},
                {"invalid-grant-type", publicClient(id("g"), "").replace("\"refresh_token\"]", "\"implicit\"]")},
                {"invalid-grant-type", publicClient(id("c"), "").replace("\"refresh_token\"]", "\"client_credentials\"]")},
                {"invalid-client-scope", publicClient(id("s"), "").replace("\"profile\"]", "\"admin\"]")},
                {"invalid-web-origin", publicClient(id("o"), "").replace("\"https://shop.example\"]", "\"https://shop.example/\"]")},
                {"invalid-web-origin", publicClient(id("p"), "").replace("\"https://shop.example\"]", "\"http://shop.example\"]")},
                {"invalid-client-id", publicClient("rotor-web", "")},
                {"invalid-client-id", publicClient("-" + id("x"), "")},
                {"invalid-client-type", publicClient(id("t"), "").replace("\"public\"", "\"secret\"")},
                {"invalid-field", publicClient(id("l"), "").replace("[\"https://shop.example\"]", "\"https://shop.example\"")},
                {"invalid-client-type", "{\"name\":\"x\"}"},
                {"malformed-body", "{not json"},
        };
        long before = Db.query("SELECT client_id FROM oauth_client").size();
        for (String[] c : cases) {
            Reply reply = register(c[1]);
            assertEquals(400, reply.status(), c[1] + " -> " + reply);
            assertTrue(reply.header("Content-Type").startsWith("application/problem+json"), reply.toString());
            String type = reply.string("type");
            assertTrue(type.endsWith("/" + c[0]), c[1] + " -> " + reply);
        }
        assertEquals(before, Db.query("SELECT client_id FROM oauth_client").size(), "nothing registered");

        String taken = id("taken");
        assertEquals(201, register(publicClient(taken, "")).status());
        assertEquals(409, register(publicClient(taken, "")).status());
        assertEquals(404, api.get("/admin/api/clients/" + id("nobody"), admin).status());
        assertEquals(404, call("PATCH", "/admin/api/clients/" + id("nobody"), admin, "{\"enabled\":false}").status());
    }

    @Test
    void onlyAdminsMayManageClients() {
        String userToken = api.login(api.newUser("cleo")).access();
        String shop = id("shop");
        String[][] endpoints = {
                {"GET", "/admin/api/clients", null},
                {"POST", "/admin/api/clients", publicClient(shop, "")},
                {"GET", "/admin/api/clients/rotor-web", null},
                {"PATCH", "/admin/api/clients/" + shop, "{\"enabled\":false}"},
                {"DELETE", "/admin/api/clients/" + shop, null},
                {"POST", "/admin/api/clients/" + shop + "/secrets", null},
                {"DELETE", "/admin/api/clients/" + shop + "/secrets/x", null},
        };
        for (String[] e : endpoints) {
            assertEquals(401, call(e[0], e[1], null, e[2]).status(), "anonymous " + e[0] + " " + e[1]);
            assertEquals(403, call(e[0], e[1], userToken, e[2]).status(), "user " + e[0] + " " + e[1]);
        }
        assertTrue(Db.query("SELECT client_id FROM oauth_client WHERE client_id = ?", shop).isEmpty());
    }

    @Test
    void builtInsAreListedButReadOnly() {
        Reply listed = api.get("/admin/api/clients?size=100", admin);
        assertEquals(200, listed.status());
        var items = list(listed.json().get("items"));
        var first = map(items.get(0));
        var second = map(items.get(1));
        assertEquals("rotor-web", first.get("clientId"));
        assertEquals("rotor-cli", second.get("clientId"));
        assertEquals(true, first.get("builtIn"));
        assertEquals(List.of("refresh_token", "password"), second.get("grantTypes"), "password grant on by default for the built-ins");
        assertFalse(list(second.get("warnings")).isEmpty(), "and warned about");
        assertTrue(((Number) listed.json().get("total")).longValue() >= 2);
        assertEquals(0L, ((Number) listed.json().get("page")).longValue());

        assertEquals(200, api.get("/admin/api/clients/rotor-cli", admin).status());
        assertEquals(409, call("PATCH", "/admin/api/clients/rotor-web", admin, "{\"enabled\":false}").status());
        assertEquals(409, api.delete("/admin/api/clients/rotor-cli", admin).status());
        assertEquals(409, call("POST", "/admin/api/clients/rotor-cli/secrets", admin, null).status());
        assertEquals(200, api.me(admin).status(), "the built-ins still work");
    }

    @Test
    void disablingEndsTheClientsSessionsAndTheirRefreshTokensFail() {
        String app = id("app");
        assertEquals(201, register("{\"clientId\":\"" + app + "\",\"name\":\"Legacy app\",\"type\":\"public\","
                + "\"grantTypes\":[\"password\",\"refresh_token\"],\"scopes\":[]}").status());
        var shown = api.get("/admin/api/clients/" + app, admin);
        assertTrue(shown.body().contains("password grant"), "warned: " + shown);
        String oldTokenSid = String.valueOf(Db.query("SELECT token_sid FROM oauth_client WHERE client_id = ?", app).get(0).get("token_sid"));

        String user = api.newUser("lena");
        String accountId = api.me(api.login(user).access()).string("id");
        Started session = startSession(accountId, app);
        Started other = startSession(accountId, Api.CLIENT);

        Reply disabled = call("PATCH", "/admin/api/clients/" + app, admin, "{\"enabled\":false}");
        assertEquals(200, disabled.status(), disabled.toString());
        assertEquals(false, disabled.json().get("enabled"));

        assertEquals("CLIENT_DISABLED", Db.sessionStatus(session.id()));
        assertEquals("ACTIVE", Db.sessionStatus(other.id()), "another client's session lives");
        assertEquals(1, Db.query("SELECT seq FROM revocation WHERE session_id = ? AND reason = 'CLIENT_DISABLED'", session.id()).size(),
                "in the revocation log");
        assertEquals(1, Db.query("SELECT seq FROM revocation WHERE account_id = ? AND session_id = ?", app, oldTokenSid).size(),
                "its client-credentials tokens end too");
        assertEquals(List.of("client=" + app + " sessions ended=1"), auditDetails("CLIENT_DISABLED", app));
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE type = 'ADMIN_ENDED_SESSION' AND session_id = ?", session.id()).size());
        Reply refresh = api.refresh(session.refreshToken(), app);
        assertTrue(refresh.status() == 400 || refresh.status() == 401, refresh.toString());
        assertEquals(200, api.refresh(other.refreshToken(), Api.CLIENT).status(), "the other client's session refreshes");

        Reply enabled = call("PATCH", "/admin/api/clients/" + app, admin, "{\"enabled\":true}");
        assertEquals(true, enabled.json().get("enabled"));
        assertEquals("CLIENT_DISABLED", Db.sessionStatus(session.id()), "an ended session stays ended");
        assertEquals(1, auditDetails("CLIENT_ENABLED", app).size());
    }

    @Test
    void deletingEndsSessionsAndDropsSecretsAndConsents() {
        String billing = id("billing");
        register(confidentialClient(billing));
        String user = api.newUser("dora");
        String accountId = api.me(api.login(user).access()).string("id");
        Started session = startSession(accountId, billing);
        Db.update("INSERT INTO client_consent (account_id, client_id, scopes, granted_at) VALUES (?, ?, ?, ?)",
                accountId, billing, "openid", OffsetDateTime.now(ZoneOffset.UTC));

        assertEquals(204, api.delete("/admin/api/clients/" + billing, admin).status());

        assertEquals(404, api.get("/admin/api/clients/" + billing, admin).status());
        assertEquals("CLIENT_DISABLED", Db.sessionStatus(session.id()));
        assertTrue(Db.query("SELECT id FROM oauth_client_secret WHERE client_id = ?", billing).isEmpty());
        assertTrue(Db.query("SELECT account_id FROM client_consent WHERE client_id = ?", billing).isEmpty());
        assertEquals(List.of("client=" + billing + " sessions ended=1"), auditDetails("CLIENT_DELETED", billing));
        assertEquals(404, api.delete("/admin/api/clients/" + billing, admin).status());
    }

    @Test
    void aClientsWebOriginMayCallWithoutCookiesAndNeverWithThem() {
        String spa = id("spa");
        String origin = "https://" + spa + ".example";
        assertEquals(201, register(publicClient(spa, "").replace("\"https://shop.example\"]", "\"" + origin + "\"]")).status());

        Reply preflight = api.send(api.request("/api/me", null).header("Origin", origin).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(origin, preflight.header("Access-Control-Allow-Origin"), preflight.toString());
        assertNull(preflight.header("Access-Control-Allow-Credentials"));
        assertTrue(preflight.header("Access-Control-Allow-Headers").contains("Authorization"));

        Tokens tokens = api.login(api.newUser("sam"));
        Reply me = api.send(api.request("/api/me", tokens.access()).header("Origin", origin).GET().build());
        assertEquals(200, me.status());
        assertEquals(origin, me.header("Access-Control-Allow-Origin"));
        assertNull(me.header("Access-Control-Allow-Credentials"), "no cookies for a client's origin");
        assertTrue(me.headers("Vary").stream().anyMatch(v -> v.contains("Origin")));
        Reply foreign = api.send(api.request("/api/me", tokens.access()).header("Origin", "https://" + spa + ".example.evil.example").GET().build());
        assertNull(foreign.header("Access-Control-Allow-Origin"));

        assertEquals(403, new CookieClient(api).origin(origin).login(api.newUser("cora"), Api.PASSWORD).status(),
                "a client's origin never passes the cookie Origin check");

        call("PATCH", "/admin/api/clients/" + spa, admin, "{\"enabled\":false}");
        Reply afterDisable = api.send(api.request("/api/me", tokens.access()).header("Origin", origin).GET().build());
        assertNull(afterDisable.header("Access-Control-Allow-Origin"), "a disabled client's origin is dropped at once on this instance");
    }

    @Test
    void aBackchannelLogoutUriIsShownCheckedRemovedAndItsDeliveryStateShown() throws Exception {
        String app = registerUnreachable("bc");
        var view = api.get("/admin/api/clients/" + app, admin).json();
        String nowhere = String.valueOf(view.get("backchannelLogoutUri"));
        assertTrue(nowhere.matches("http://127\\.0\\.0\\.1:\\d+/bc"), "the view shows it: " + view);
        assertEquals(true, view.get("backchannelLogoutSessionRequired"));
        var none = new java.util.HashMap<String, Object>();
        none.put("lastDeliveredAt", null);
        none.put("lastFailedAt", null);
        none.put("lastError", null);
        none.put("pending", 0);
        assertEquals(none, normalized(map(view.get("backchannelLogout"))), "no delivery yet: " + view);
        assertTrue(auditDetails("CLIENT_REGISTERED", app).get(0).contains("backchannelLogoutUri=" + nowhere));

        var builtIn = api.get("/admin/api/clients/rotor-web", admin).json();
        assertNull(builtIn.get("backchannelLogoutUri"));
        assertEquals(false, builtIn.get("backchannelLogoutSessionRequired"));
        assertEquals(none, normalized(map(builtIn.get("backchannelLogout"))));

        Map<String, Object> state = failedDelivery(app);
        assertTrue(state.get("lastError") != null, "with what went wrong: " + state);
        assertTrue(((Number) state.get("pending")).longValue() >= 1, "and still waits to be retried: " + state);
        assertNull(state.get("lastDeliveredAt"));

        // PATCH it away; a bad one is refused
        Reply removed = call("PATCH", "/admin/api/clients/" + app, admin, "{\"backchannelLogoutUri\":null,\"backchannelLogoutSessionRequired\":false}");
        assertEquals(200, removed.status(), removed.toString());
        assertNull(removed.json().get("backchannelLogoutUri"));
        assertTrue(removed.json().containsKey("backchannelLogoutUri"), "named, null");
        assertEquals(false, removed.json().get("backchannelLogoutSessionRequired"));
        assertTrue(auditDetails("CLIENT_UPDATED", app).get(0).contains("backchannelLogoutUri=none"), auditDetails("CLIENT_UPDATED", app).toString());

        for (Reply bad : List.of(call("PATCH", "/admin/api/clients/" + app, admin, "{\"backchannelLogoutUri\":\"http://example.com/bc\"}"),
                register(publicClient(id("bad"), ",\"backchannelLogoutUri\":\"http://example.com/bc\"")))) {
            assertEquals(400, bad.status(), bad.toString());
            assertTrue(bad.string("type").endsWith("/invalid-backchannel-logout-uri"), bad.toString());
            assertTrue(bad.string("detail").contains("https"), "with the reason: " + bad);
        }
        assertNull(api.get("/admin/api/clients/" + app, admin).json().get("backchannelLogoutUri"), "unchanged by the refused PATCH");
    }

    /**
     * Ends a session of {@code app} (registered with the password grant and a back-channel logout URI
     * nothing listens on) and waits, up to 10 s, for its view to show the failed delivery.
     */
    private Map<String, Object> failedDelivery(String app) throws InterruptedException {
        String user = api.newUser("bea");
        Reply grant = api.passwordGrant(user, Api.PASSWORD, app);
        assertEquals(200, grant.status(), grant.toString());
        assertEquals(204, api.post("/auth/logout-all", Tokens.of(grant).access()).status());
        Map<String, Object> state = null;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            state = map(api.get("/admin/api/clients/" + app, admin).json().get("backchannelLogout"));
            if (state.get("lastFailedAt") != null) {
                break;
            }
            Thread.sleep(250);
        }
        assertTrue(state.get("lastFailedAt") != null, "the failed delivery shows: " + state);
        return state;
    }

    /** A client with the password grant whose back-channel logout URI refuses connections. */
    private String registerUnreachable(String prefix) {
        String app = id(prefix);
        Reply created = register("{\"clientId\":\"" + app + "\",\"name\":\"Back-channel app\",\"type\":\"public\","
                + "\"grantTypes\":[\"password\",\"refresh_token\"],\"scopes\":[],"
                + "\"backchannelLogoutUri\":\"http://127.0.0.1:" + FreePort.next() + "/bc\",\"backchannelLogoutSessionRequired\":true}");
        assertEquals(201, created.status(), created.toString());
        return app;
    }

    /** A delivery state with its count as an int, to compare with a literal map. */
    private static Map<String, Object> normalized(Map<String, Object> state) {
        var copy = new java.util.HashMap<String, Object>(state);
        copy.put("pending", ((Number) state.get("pending")).intValue());
        return copy;
    }

    @Test
    void theConsoleRegistersAClientShowsItsSecretOnceEditsDisablesAndDeletesIt() throws Exception {
        String failing = registerUnreachable("bc-console");
        failedDelivery(failing);
        var console = new AdminConsole(browsers.open(), "http://localhost:" + base.getPort() + "/").signInAsAdmin();
        WebDriver driver = console.driver();
        console.until("the clients listed", d -> d.findElement(By.id("clients-rows")).getAttribute("aria-busy") == null
                && !d.findElements(By.cssSelector("#clients-rows tr[data-client-id='rotor-cli']")).isEmpty());
        assertFalse(driver.findElements(By.cssSelector("#clients-rows tr[data-client-id='rotor-cli'] .password-warning")).isEmpty(),
                "the password grant is flagged in the list");

        String clientId = id("console");
        driver.findElement(By.id("client-new")).click();
        console.until("the registration form", d -> console.shown("client-form"));
        console.type("client-form-id", clientId);
        console.type("client-form-name", "Console billing");
        driver.findElement(By.id("client-form-confidential")).click();
        driver.findElement(By.id("client-grant-authorization_code")).click(); // off
        driver.findElement(By.id("client-grant-refresh_token")).click(); // off
        driver.findElement(By.id("client-grant-client_credentials")).click(); // on
        assertFalse(console.shown("client-form-password-warning"));
        driver.findElement(By.id("client-grant-password")).click();
        assertTrue(console.shown("client-form-password-warning"), "checking password shows the warning");
        driver.findElement(By.id("client-grant-password")).click();
        assertFalse(console.shown("client-form-password-warning"));
        console.type("client-form-backchannel-uri", "https://billing.example/backchannel-logout");
        driver.findElement(By.id("client-form-backchannel-session")).click();
        driver.findElement(By.id("client-save")).click();

        WebElement value = console.until("the secret shown once", d -> console.shown("client-secret-once")
                && !d.findElement(By.id("client-secret-value")).getAttribute("value").isEmpty() ? d.findElement(By.id("client-secret-value")) : null);
        String secret = value.getAttribute("value");
        assertTrue(driver.findElement(By.id("client-secret-once")).getText().contains("Copy it now"));
        assertEquals(ClientSecrets.hash(secret),
                Db.query("SELECT secret_hash FROM oauth_client_secret WHERE client_id = ?", clientId).get(0).get("secret_hash"));
        assertTrue(console.shown("client-detail"));
        assertEquals(clientId, driver.findElement(By.id("client-detail-id")).getText());
        assertEquals("https://billing.example/backchannel-logout", driver.findElement(By.id("client-detail-backchannel-uri")).getText());
        assertEquals("Yes", driver.findElement(By.id("client-detail-backchannel-session")).getText());
        String delivery = driver.findElement(By.id("client-detail-backchannel-delivery")).getText();
        assertTrue(delivery.contains("Last delivered: never") && delivery.contains("Pending: 0"), delivery);
        assertTrue(driver.findElements(By.cssSelector("#client-detail-backchannel-delivery .backchannel-failure")).isEmpty());
        var stored = api.get("/admin/api/clients/" + clientId, admin).json();
        assertEquals("https://billing.example/backchannel-logout", stored.get("backchannelLogoutUri"));
        assertEquals(true, stored.get("backchannelLogoutSessionRequired"));
        Browsers.screenshot(driver, Browsers.SCREENSHOTS.resolve("admin-client-secret.png"));

        driver.findElement(By.id("client-secret-done")).click();
        console.until("the secret gone", d -> !console.shown("client-secret-once"));
        driver.findElement(By.cssSelector("#clients-rows tr[data-client-id='" + clientId + "'] button.open-client")).click();
        console.until("the client reopened", d -> console.shown("client-detail") && d.findElements(By.cssSelector("#client-secrets tr[data-secret-id]")).size() == 1);
        assertFalse(driver.getPageSource().contains(secret), "the secret is shown once only");
        assertEquals("confidential", map(api.get("/admin/api/clients/" + clientId, admin).json()).get("type"));

        driver.findElement(By.id("client-edit")).click();
        console.until("the edit form", d -> console.shown("client-form") && !d.findElement(By.id("client-form-public")).isEnabled());
        assertEquals("https://billing.example/backchannel-logout",
                driver.findElement(By.id("client-form-backchannel-uri")).getAttribute("value"), "the form holds the URI");
        assertTrue(driver.findElement(By.id("client-form-backchannel-session")).isSelected());
        console.type("client-form-name", "Console billing v2");
        driver.findElement(By.id("client-save")).click();
        console.until("the renamed client", d -> console.shown("client-detail")
                && "Console billing v2".equals(d.findElement(By.id("client-detail-name")).getText()));
        assertEquals("https://billing.example/backchannel-logout",
                api.get("/admin/api/clients/" + clientId, admin).json().get("backchannelLogoutUri"), "kept by the edit");

        driver.findElement(By.id("client-toggle")).click();
        Alert confirm = console.until("the confirmation", ExpectedConditions.alertIsPresent());
        assertTrue(confirm.getText().contains("Every session it started ends"), confirm.getText());
        confirm.accept();
        console.until("the client disabled", d -> "Disabled".equals(d.findElement(By.id("client-detail-status")).getText()));
        assertEquals(false, Db.query("SELECT enabled FROM oauth_client WHERE client_id = ?", clientId).get(0).get("enabled"));
        assertEquals(1, auditDetails("CLIENT_UPDATED", clientId).size());
        assertEquals(1, auditDetails("CLIENT_DISABLED", clientId).size());

        driver.findElement(By.id("client-delete")).click();
        console.until("the delete confirmation", ExpectedConditions.alertIsPresent()).accept();
        console.until("the client gone from the list", d -> !console.shown("client-detail")
                && d.findElements(By.cssSelector("#clients-rows tr[data-client-id='" + clientId + "']")).isEmpty());
        assertTrue(Db.query("SELECT client_id FROM oauth_client WHERE client_id = ?", clientId).isEmpty());

        console.until("the client with the failing delivery listed", d -> !d.findElements(By.cssSelector("#clients-rows tr[data-client-id='" + failing + "']")).isEmpty());
        driver.findElement(By.cssSelector("#clients-rows tr[data-client-id='" + failing + "'] button.open-client")).click();
        WebElement failure = console.until("the failed delivery warned about",
                d -> console.shown("client-detail") && failing.equals(d.findElement(By.id("client-detail-id")).getText())
                        && !d.findElements(By.cssSelector("#client-detail-backchannel-delivery .backchannel-failure")).isEmpty()
                        ? d.findElement(By.cssSelector("#client-detail-backchannel-delivery .backchannel-failure")) : null);
        assertTrue(failure.isDisplayed());
        assertTrue(failure.getText().startsWith("Last back-channel logout delivery failed at "), failure.getText());
        assertTrue(failure.getText().contains("(") && failure.getText().endsWith(")"), "with the error: " + failure.getText());
        assertTrue(driver.findElement(By.id("client-detail-backchannel-delivery")).getText().matches("(?s).*Pending: [1-9].*"),
                driver.findElement(By.id("client-detail-backchannel-delivery")).getText());
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", failure);
        Browsers.screenshot(driver, Browsers.SCREENSHOTS.resolve("admin-client-backchannel-failure.png"));
    }

    /** A session of {@code clientId} written straight into the database, and a refresh token that is its current one. */
    record Started(String id, String refreshToken) {
    }

    private static Started startSession(String accountId, String clientId) {
        String id = UUID.randomUUID().toString();
        byte[] secret = RefreshTokens.newSecret();
        var now = OffsetDateTime.now(ZoneOffset.UTC);
        Db.update("INSERT INTO session_family (id, account_id, client_id, created_at, last_used_at, absolute_expires_at, idle_expires_at, "
                        + "generation, rotated_at, current_hash, chain_seed, status) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 'ACTIVE')",
                id, accountId, clientId, now, now, now.plusDays(30), now.plusDays(7), now, RefreshTokens.hash(secret), RefreshTokens.newChainSeed());
        return new Started(id, RefreshTokens.format(id, 0, secret));
    }
}

package dev.rotor.it;

import static dev.rotor.it.support.CookieClient.ACCESS;
import static dev.rotor.it.support.CookieClient.CSRF;
import static dev.rotor.it.support.CookieClient.REFRESH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.Api;
import dev.rotor.it.support.CookieClient;
import dev.rotor.it.support.CookieClient.SetCookie;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * The browser session over HTTP: cookies, CSRF and Origin (bound to the resource method, so every
 * spelling of a path gets the canonical verdict or a 404), duplicate cookies refused, CORS, headers.
 */
class BrowserFlowIT extends RotorIT {

    static final String ALLOWED = "https://app.example";
    static final String EVIL = "https://evil.example";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("rotor.cors.allowed-origins=" + ALLOWED);
    }

    private CookieClient signedIn(String name) {
        var browser = new CookieClient(api);
        Reply login = browser.login(name, Api.PASSWORD);
        assertEquals(200, login.status(), login.toString());
        return browser;
    }

    @Test
    void loginSetsThreeCookiesWithTheRightAttributesAndNoTokenInTheBody() {
        String name = api.newUser("bea");
        var browser = new CookieClient(api);
        Reply login = browser.login(name, Api.PASSWORD);
        assertEquals(200, login.status(), login.toString());
        assertCookies(login);
        Map<String, SetCookie> cookies = CookieClient.setCookies(login);
        for (SetCookie cookie : cookies.values()) {
            assertFalse(login.body().contains(cookie.value()), "a cookie value is in the body: " + cookie.name());
        }
        assertFalse(login.body().contains("eyJ"), "no JWT in the body");
        assertEquals(name, ((Map<?, ?>) login.json().get("user")).get("username"));
        assertNotNull(login.string("sessionId"));
        assertNotNull(login.string("accessExpiresAt"));
        assertNotNull(login.string("refreshExpiresAt"));
        assertEquals(CSRF, login.string("csrfCookie"), "the page reads the CSRF cookie the server names");
        assertEquals("no-store", login.header("Cache-Control"));
    }

    @Test
    void refreshSetsTheSameCookieAttributesWithNewValues() {
        var browser = signedIn(api.newUser("ben"));
        String oldRefresh = browser.cookie(REFRESH);
        Reply refresh = browser.post("/auth/refresh");
        assertEquals(200, refresh.status(), refresh.toString());
        assertCookies(refresh);
        assertNotEquals(oldRefresh, browser.cookie(REFRESH));
        String sessionId = browser.cookie(REFRESH).split("\\.")[0];
        assertEquals(1L, ((Number) Db.query("SELECT generation FROM session_family WHERE id = ?", sessionId)
                .get(0).get("generation")).longValue(), "the database moved the session to generation 1");
        assertFalse(refresh.body().contains(browser.cookie(REFRESH)));
    }

    private static void assertCookies(Reply reply) {
        Map<String, SetCookie> cookies = CookieClient.setCookies(reply);
        SetCookie access = cookies.get(ACCESS);
        assertNotNull(access, "access cookie");
        assertTrue(access.has("HttpOnly") && access.has("Secure"));
        assertEquals("Strict", access.attributes().get("samesite"));
        assertEquals("/", access.attributes().get("path"));
        assertEquals(900, access.maxAge(), 2);

        SetCookie refresh = cookies.get(REFRESH);
        assertNotNull(refresh, "refresh cookie");
        assertTrue(refresh.has("HttpOnly") && refresh.has("Secure"));
        assertEquals("Strict", refresh.attributes().get("samesite"));
        assertEquals("/auth", refresh.attributes().get("path"));
        assertTrue(refresh.maxAge() > 0 && refresh.maxAge() <= 30L * 24 * 3600, "refresh Max-Age " + refresh.maxAge());

        SetCookie csrf = cookies.get(CSRF);
        assertNotNull(csrf, "CSRF cookie");
        assertFalse(csrf.has("HttpOnly"), "scripts must read the CSRF cookie");
        assertTrue(csrf.has("Secure"));
        assertEquals("Strict", csrf.attributes().get("samesite"));
        assertEquals("/", csrf.attributes().get("path"));
    }

    @Test
    void refreshWithoutTheRightCsrfTokenOrFromAnotherSiteIsRefusedAndChangesNothing() {
        var browser = signedIn(api.newUser("cal"));
        var other = signedIn(api.newUser("cid"));
        String sessionId = browser.get("/api/me").string("sessionId");

        assertCsrfRefusal(browser.post("/auth/refresh", null));
        assertCsrfRefusal(browser.post("/auth/refresh", "forged-value"));
        assertCsrfRefusal(browser.post("/auth/refresh", other.cookie(CSRF)));
        browser.origin("https://evil.example");
        assertCsrfRefusal(browser.post("/auth/refresh"));
        browser.origin(null);
        assertCsrfRefusal(browser.send(browser.builder("/auth/refresh").header("Sec-Fetch-Site", "cross-site")
                .header("X-CSRF-Token", browser.cookie(CSRF)).POST(HttpRequest.BodyPublishers.noBody())));

        // The row, not the cookie jar: a refused answer sets no cookie, and a rotation behind it
        // would stay hidden, since the old token still refreshes inside the grace window.
        assertEquals(0L, Db.sessionGeneration(sessionId), "nothing rotated");
        assertEquals("ACTIVE", Db.sessionStatus(sessionId));
        assertEquals(200, browser.post("/auth/refresh").status(), "the refresh cookie still works");
        assertEquals(1L, Db.sessionGeneration(sessionId), "and the accepted refresh is the first rotation");
    }

    @Test
    void nonBrowserClientWithCookiesStillNeedsTheCsrfHeader() {
        var browser = signedIn(api.newUser("dan"));
        String sessionId = browser.get("/api/me").string("sessionId");
        browser.origin(null);
        assertCsrfRefusal(browser.post("/auth/logout-all", null));
        assertEquals("ACTIVE", Db.sessionStatus(sessionId), "nothing ended");
        assertEquals(200, browser.get("/api/me").status());
    }

    private static void assertCsrfRefusal(Reply reply) {
        assertEquals(403, reply.status(), reply.toString());
        assertTrue(reply.header("Content-Type").startsWith("application/problem+json"));
    }

    @Test
    void getIsNotALogout() {
        var browser = signedIn(api.newUser("gus"));
        assertEquals(405, browser.get("/auth/logout").status());
        assertEquals(200, browser.get("/api/me").status());
        assertEquals(200, browser.post("/auth/refresh").status());
    }

    @Test
    void logoutClearsTheCookiesAndTheOldAccessCookieStopsWorking() {
        var browser = signedIn(api.newUser("hal"));
        String access = browser.cookie(ACCESS);
        Reply me = browser.get("/api/me");
        assertEquals(200, me.status(), "the access cookie opens /api/me");

        Reply logout = browser.post("/auth/logout");
        assertEquals(204, logout.status(), logout.toString());
        Map<String, SetCookie> cleared = CookieClient.setCookies(logout);
        assertEquals(0, cleared.get(ACCESS).maxAge());
        assertEquals("/", cleared.get(ACCESS).attributes().get("path"));
        assertEquals(0, cleared.get(REFRESH).maxAge());
        assertEquals("/auth", cleared.get(REFRESH).attributes().get("path"));
        assertEquals(0, cleared.get(CSRF).maxAge());
        assertNull(browser.cookie(ACCESS));

        var replay = new CookieClient(api);
        replay.set(ACCESS, access, "/");
        assertEquals(401, replay.get("/api/me").status());
        assertEquals(401, browser.post("/auth/refresh").status());
    }

    @Test
    void aForgedRefreshCookieNamingARealSessionLogsNothingOut() {
        var browser = signedIn(api.newUser("fay"));
        String sessionId = browser.get("/api/me").string("sessionId");
        String csrf = browser.cookie(CSRF);
        for (String forged : Api.forgeriesOf(browser.cookie(REFRESH))) {
            // The session's own CSRF header and Origin: only the refresh cookie is forged, so the
            // request reaches the logout itself.
            Reply logout = api.send(api.request("/auth/logout", null).header("Origin", api.base())
                    .header("Cookie", REFRESH + "=" + forged + "; " + CSRF + "=" + csrf).header("X-CSRF-Token", csrf)
                    .POST(HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(401, logout.status(), forged + " -> " + logout);
            assertEquals("ACTIVE", Db.sessionStatus(sessionId), "a forgery ends nothing: " + forged);
        }
        assertEquals(0L, Db.sessionGeneration(sessionId));
        assertEquals(200, browser.get("/api/me").status(), "the access cookie is not cut off");
        assertEquals(204, browser.post("/auth/logout").status(), "the real cookie logs out");
        assertEquals("LOGOUT", Db.sessionStatus(sessionId));
    }

    @Test
    void cookieLogoutAllAndSessionDeleteNeedCsrfAndWork() {
        String name = api.newUser("ida");
        var laptop = signedIn(name);
        var phone = signedIn(name);
        String phoneSession = phone.get("/api/me").string("sessionId");

        assertEquals(204, laptop.delete("/auth/sessions/" + phoneSession).status());
        assertEquals(401, phone.get("/api/me").status());

        var tablet = signedIn(name);
        assertEquals(204, laptop.post("/auth/logout-all").status());
        assertEquals(401, laptop.get("/api/me").status());
        assertEquals(401, tablet.get("/api/me").status());
        assertEquals(401, tablet.post("/auth/refresh").status());
    }

    @Test
    void loginCannotBeForgedFromAnotherSite() {
        String name = api.newUser("jo");
        var browser = new CookieClient(api).origin("https://evil.example");
        assertEquals(403, browser.login(name, Api.PASSWORD).status());
        Reply form = api.send(api.request("/auth/login", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + name + "&password=x")).build());
        assertTrue(form.status() == 403 || form.status() == 415, form.toString());
        assertTrue(CookieClient.setCookies(form).isEmpty());
        Reply crossSite = api.send(api.request("/auth/login", null).header("Content-Type", "application/json")
                .header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\"}")).build());
        assertEquals(403, crossSite.status());
    }

    @Test
    void corsEchoesOnlyAllowlistedOrigins() {
        Reply foreign = api.send(api.request("/.well-known/jwks.json", null).header("Origin", "https://evil.example").GET().build());
        assertNull(foreign.header("Access-Control-Allow-Origin"));
        assertNull(foreign.header("Access-Control-Allow-Credentials"));

        Reply allowed = api.send(api.request("/.well-known/jwks.json", null).header("Origin", ALLOWED).GET().build());
        assertEquals(ALLOWED, allowed.header("Access-Control-Allow-Origin"));
        assertEquals("true", allowed.header("Access-Control-Allow-Credentials"));

        Reply preflight = api.send(api.request("/auth/refresh", null).header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(ALLOWED, preflight.header("Access-Control-Allow-Origin"));
        Reply foreignPreflight = api.send(api.request("/auth/refresh", null).header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertNull(foreignPreflight.header("Access-Control-Allow-Origin"));
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (Reply reply : new Reply[] {api.get("/.well-known/jwks.json", null), api.me(null), api.get("/account/", null),
                api.postJson("/auth/login", "{}"), api.get("/nothing-here", null)}) {
            assertEquals("nosniff", reply.header("X-Content-Type-Options"), reply.toString());
            assertEquals("no-referrer", reply.header("Referrer-Policy"));
            assertTrue(reply.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
            assertNotNull(reply.header("Strict-Transport-Security"));
            assertNull(reply.header("Server"), "no Server header");
            assertNull(reply.header("X-Powered-By"));
        }
        assertEquals("no-store", api.postJson("/auth/login", "{}").header("Cache-Control"));
        assertEquals("no-store", api.postForm("/oauth2/token", Map.of()).header("Cache-Control"));
    }

    @Test
    void accountPageIsServedWithoutInlineScript() {
        Reply page = api.get("/account/", null);
        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.body().contains("type=\"module\""), "loads its script as a module");
        assertFalse(page.body().matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script");
        assertEquals(200, api.get("/admin/", null).status());
    }

    /** Spellings Jersey may route to the same resource method as {@code path}. */
    static List<String> variants(String path) {
        int cut = path.lastIndexOf('/');
        String last = path.substring(cut + 1);
        String encoded = path.substring(0, cut + 1) + "%" + Integer.toHexString(last.charAt(0)).toUpperCase() + last.substring(1);
        return List.of(path, path + "/", path + ";x=1", path.replaceFirst("/", "//"), path.replace("/auth/", "/auth//"), encoded);
    }

    /** The canonical spelling (first of {@link #variants}) must get the refusal itself: a 404 there means the endpoint moved. */
    private static void assertRefusedOrUnknown(int refusal, Reply reply, String path, String canonical) {
        if (path.equals(canonical)) {
            assertEquals(refusal, reply.status(), path + " -> " + reply);
        } else {
            assertTrue(reply.status() == refusal || reply.status() == 404, path + " -> " + reply);
        }
    }

    @Test
    void logoutAndRefreshWithoutTheCsrfHeaderChangeNothingWhateverThePathSpelling() {
        for (String endpoint : List.of("/auth/logout", "/auth/refresh", "/auth/logout-all")) {
            for (String path : variants(endpoint)) {
                var browser = signedIn(api.newUser("csrf"));
                String sessionId = browser.get("/api/me").string("sessionId");
                Reply reply = browser.post(path, null);
                assertRefusedOrUnknown(403, reply, path, endpoint);
                assertEquals("ACTIVE", Db.sessionStatus(sessionId), path);
                // The database, not the cookie jar: a rotation the grace window would hide still moves the generation.
                assertEquals(0L, Db.sessionGeneration(sessionId), "no rotation through " + path);
            }
        }
    }

    @Test
    void endingASessionWithoutTheCsrfHeaderChangesNothingWhateverThePathSpelling() {
        var browser = signedIn(api.newUser("csrfdel"));
        String sessionId = browser.get("/api/me").string("sessionId");
        for (String path : variants("/auth/sessions/" + sessionId)) {
            Reply reply = browser.send(browser.builder(path).DELETE());
            assertRefusedOrUnknown(403, reply, path, "/auth/sessions/" + sessionId);
            assertEquals("ACTIVE", Db.sessionStatus(sessionId), path);
        }
    }

    @Test
    void signInFromAnotherSiteIsRefusedWhateverThePathSpelling() {
        String name = api.newUser("logincsrf");
        for (String path : variants("/auth/login")) {
            var evil = new CookieClient(api).origin(EVIL);
            Reply reply = evil.send(evil.builder(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\"}")));
            assertRefusedOrUnknown(403, reply, path, "/auth/login");
            assertEquals(null, evil.cookie(ACCESS), "no session cookie through " + path);
        }
    }

    @Test
    void theCsrfHeaderStillWorksOnTheCanonicalPaths() {
        var browser = signedIn(api.newUser("csrfok"));
        assertEquals(200, browser.post("/auth/refresh").status());
        assertEquals(204, browser.post("/auth/logout").status());
    }

    @Test
    void aRequestCarryingARotorCookieTwiceIsRefusedAndEndsNoSession() {
        var browser = signedIn(api.newUser("dup"));
        String sessionId = browser.get("/api/me").string("sessionId");
        String cookies = REFRESH + "=planted; " + REFRESH + "=" + browser.cookie(REFRESH) + "; " + CSRF + "=" + browser.cookie(CSRF);
        Reply reply = api.send(api.request("/auth/refresh", null).header("Cookie", cookies)
                .header("X-CSRF-Token", browser.cookie(CSRF)).POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(401, reply.status(), reply.toString());
        TokenFlowIT.assertProblem(reply);
        Map<String, CookieClient.SetCookie> cleared = CookieClient.setCookies(reply);
        assertEquals(0, cleared.get(REFRESH).maxAge());
        assertEquals(0, cleared.get(ACCESS).maxAge());
        assertEquals("ACTIVE", Db.sessionStatus(sessionId));
        assertEquals(200, browser.post("/auth/refresh").status(), "with one cookie each, refresh works again");
    }
}

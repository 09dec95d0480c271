package dev.rotor.it;

import static dev.rotor.it.support.CookieClient.ACCESS;
import static dev.rotor.it.support.CookieClient.CSRF;
import static dev.rotor.it.support.CookieClient.REFRESH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.CookieClient;
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
 * Issue 11 over HTTP: CSRF and Origin rules bound to resource methods (every spelling of a path
 * gets the canonical verdict or a 404), JSON only where JSON is read, duplicate cookies refused,
 * uniform answers for bad refresh tokens, and cut-offs that cannot be dodged.
 */
class HardeningIT extends RotorIT {

    static final String EVIL = "https://evil.example";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("rotor.sessions.max-per-user=3");
    }

    /** Spellings Jersey may route to the same resource method as {@code path}. */
    static List<String> variants(String path) {
        int cut = path.lastIndexOf('/');
        String last = path.substring(cut + 1);
        String encoded = path.substring(0, cut + 1) + "%" + Integer.toHexString(last.charAt(0)).toUpperCase() + last.substring(1);
        return List.of(path, path + "/", path + ";x=1", path.replaceFirst("/", "//"), path.replace("/auth/", "/auth//"), encoded);
    }

    private CookieClient signedIn(String name) {
        var browser = new CookieClient(api);
        Reply login = browser.login(name, Api.PASSWORD);
        assertEquals(200, login.status(), login.toString());
        return browser;
    }

    private static String sessionStatus(String sessionId) {
        return Db.sessionStatus(sessionId);
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
                assertEquals("ACTIVE", sessionStatus(sessionId), path);
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
            assertEquals("ACTIVE", sessionStatus(sessionId), path);
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
        assertEquals("ACTIVE", sessionStatus(sessionId));
        assertEquals(200, browser.post("/auth/refresh").status(), "with one cookie each, refresh works again");
    }

    @Test
    void everyBadRefreshTokenGetsTheSameAnswerWhateverItsLength() {
        Reply random = api.refresh("not-a-token");
        Reply oversized = api.refresh("x".repeat(5000));
        String real = api.login(api.newUser("uniform")).refresh();
        Reply longerThanReal = api.refresh(real + "A".repeat(3000));
        for (Reply reply : List.of(random, oversized, longerThanReal)) {
            assertEquals(400, reply.status(), reply.toString());
            assertEquals("invalid_grant", reply.string("error"));
            assertEquals(random.body(), reply.body());
        }
    }

    @Test
    void aRoleChangeCutsOffTokensIssuedInTheSameSecond() {
        String admin = api.login("admin", "admin-it-password").access();
        String name = Api.uniqueName("demoted");
        Reply created = api.send(api.request("/admin/api/users", admin).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\"" + Api.PASSWORD
                        + "\",\"roles\":[\"user\",\"admin\"]}")).build());
        assertEquals(201, created.status(), created.toString());
        String id = created.string("id");
        Tokens demoted = api.login(name);
        Reply change = api.send(api.request("/admin/api/users/" + id, admin).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"roles\":[\"user\"]}")).build());
        assertEquals(200, change.status(), change.toString());
        Reply stale = api.get("/admin/api/users", demoted.access());
        assertEquals(401, stale.status(), "the admin token from before the change, even in the same second: " + stale);
        assertTrue(stale.header("WWW-Authenticate").startsWith("Bearer realm=\"rotor\", error=\"invalid_token\""), stale.header("WWW-Authenticate"));
        Tokens refreshed = Tokens.of(api.refresh(demoted.refresh()));
        assertEquals(403, api.get("/admin/api/users", refreshed.access()).status(), "the refreshed token carries the new roles");
        assertEquals(200, api.me(refreshed.access()).status());
    }

    @Test
    void everyRevocationIsWrittenToTheLog() {
        String name = api.newUser("logged");
        Tokens tokens = api.login(name);
        String sid = api.me(tokens.access()).string("sessionId");
        String sub = api.me(tokens.access()).string("id");
        assertEquals(204, api.post("/auth/logout-all", tokens.access()).status());
        List<Map<String, Object>> rows = Db.query("SELECT kind, session_id, min_token_version FROM revocation WHERE account_id = ?", sub);
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("ACCOUNT", rows.get(0).get("kind"));
        assertEquals(1L, ((Number) rows.get(0).get("min_token_version")).longValue());
        Tokens other = api.login(name);
        String otherSid = api.me(other.access()).string("sessionId");
        assertEquals(200, api.postForm("/oauth2/revoke", Map.of("token", other.refresh(), "client_id", Api.CLIENT)).status());
        assertEquals(1, Db.query("SELECT seq FROM revocation WHERE kind = 'SESSION' AND session_id = ?", otherSid).size());
        assertTrue(!sid.equals(otherSid));
    }

    @Test
    void signingInPastTheSessionLimitEndsTheOldestSession() {
        String name = api.newUser("many");
        List<Tokens> sessions = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sessions.add(api.login(name));
        }
        String oldest = api.me(sessions.get(1).access()).string("sessionId");
        assertEquals(401, api.me(sessions.get(0).access()).status(), "the oldest session's access token is cut off");
        assertEquals(400, api.refresh(sessions.get(0).refresh()).status());
        for (Tokens kept : sessions.subList(1, 4)) {
            assertEquals(200, api.me(kept.access()).status());
        }
        String sub = api.me(sessions.get(3).access()).string("id");
        assertEquals(1, Db.query("SELECT id FROM session_family WHERE account_id = ? AND status = 'EVICTED'", sub).size());
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE account_id = ? AND type = 'SESSION_EVICTED'", sub).size());
        assertEquals("ACTIVE", sessionStatus(oldest));
    }

    @Test
    void forgedRefreshTokensForARealSessionAreAuditedOncePerMinute() {
        String name = api.newUser("forged");
        Tokens tokens = api.login(name);
        String sid = api.me(tokens.access()).string("sessionId");
        for (int i = 0; i < 20; i++) {
            String forged = sid + ".0." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]).replace('A', (char) ('B' + i % 20));
            assertEquals("invalid_grant", api.refresh(forged).string("error"));
        }
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE session_id = ? AND type = 'REFRESH_REFUSED'", sid).size());
        assertEquals("ACTIVE", sessionStatus(sid), "a forgery revokes nothing");
        assertEquals(200, api.refresh(tokens.refresh()).status());
    }

    @Test
    void sessionListsArePagedForTheOwnerAndTheAdmin() {
        String name = api.newUser("paged");
        Tokens last = null;
        for (int i = 0; i < 3; i++) {
            last = api.login(name);
        }
        Reply first = api.get("/auth/sessions?size=2", last.access());
        assertEquals(200, first.status(), first.toString());
        assertEquals(2, ((List<?>) first.json().get("sessions")).size());
        assertEquals(3L, ((Number) first.json().get("total")).longValue());
        Reply second = api.get("/auth/sessions?page=1&size=2", last.access());
        assertEquals(1, ((List<?>) second.json().get("sessions")).size());
        assertEquals(400, api.get("/auth/sessions?size=0", last.access()).status());
        assertEquals(400, api.get("/auth/sessions?page=x", last.access()).status());
        String admin = api.login("admin", "admin-it-password").access();
        String id = api.me(last.access()).string("id");
        Reply asAdmin = api.get("/admin/api/users/" + id + "/sessions?size=1", admin);
        assertEquals(1, ((List<?>) asAdmin.json().get("sessions")).size(), asAdmin.toString());
        assertEquals(3L, ((Number) asAdmin.json().get("total")).longValue());
    }

    @Test
    void signInsRacingADisableEndUpCutOff() throws Exception {
        String admin = api.login("admin", "admin-it-password").access();
        String name = api.newUser("racer");
        String id = api.me(api.login(name).access()).string("id");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<Reply> replies = new java.util.ArrayList<>();
        try {
            List<java.util.concurrent.Future<Reply>> signIns = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                signIns.add(pool.submit(() -> api.passwordGrant(name, Api.PASSWORD, Api.CLIENT)));
            }
            Reply disable = api.send(api.request("/admin/api/users/" + id, admin).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":false}")).build());
            assertEquals(200, disable.status(), disable.toString());
            for (var signIn : signIns) {
                replies.add(signIn.get());
            }
        } finally {
            pool.shutdown();
        }
        for (Reply reply : replies) {
            if (reply.status() == 200) {
                assertEquals(401, api.me(reply.string("access_token")).status(),
                        "a token from a sign-in that raced the disable is cut off");
            }
        }
        assertEquals(0, Db.query("SELECT id FROM session_family WHERE account_id = ? AND status = 'ACTIVE'", id).size(),
                "no session of the disabled account survives");
    }
}

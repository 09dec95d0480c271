package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.Api.Tokens;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 5 over HTTP: who may call the admin API, and what each call does. */
class AdminApiIT extends RotorIT {

    static final String ADMIN_PASSWORD = "admin-it-password";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor();
    }

    String admin;

    @BeforeEach
    void signInAdmin() {
        admin = Tokens.of(api.passwordGrant("admin", ADMIN_PASSWORD, Api.CLIENT)).access();
    }

    private String idOf(String username) {
        Reply found = api.get("/admin/api/users?q=" + username, admin);
        @SuppressWarnings("unchecked")
        var items = (List<Map<String, Object>>) found.json().get("items");
        return items.stream().filter(u -> username.equals(u.get("username"))).findFirst().orElseThrow().get("id").toString();
    }

    private Reply call(String method, String path, String bearer, String json) {
        var builder = api.request(path, bearer);
        var body = json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json);
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return api.send(builder.method(method, body).build());
    }

    @Test
    void everyAdminEndpointIsForAdminsOnly() {
        String user = api.newUser("ursula");
        String userToken = api.login(user).access();
        String userId = idOf(user);
        String sessionId = api.me(userToken).string("sessionId");
        String[][] endpoints = {
                {"GET", "/admin/api/users?q=u", null},
                {"POST", "/admin/api/users", "{\"username\":\"" + Api.uniqueName("x") + "\",\"password\":\"" + Api.PASSWORD + "\",\"roles\":[\"user\"]}"},
                {"GET", "/admin/api/users/" + userId, null},
                {"PATCH", "/admin/api/users/" + userId, "{\"enabled\":true}"},
                {"GET", "/admin/api/users/" + userId + "/sessions", null},
                {"GET", "/admin/api/audit", null},
                {"DELETE", "/admin/api/sessions/" + sessionId, null},
                {"POST", "/admin/api/users/" + userId + "/logout-all", null},
        };
        for (String[] e : endpoints) {
            assertEquals(401, call(e[0], e[1], null, e[2]).status(), "anonymous " + e[0] + " " + e[1]);
            assertEquals(403, call(e[0], e[1], userToken, e[2]).status(), "user " + e[0] + " " + e[1]);
        }
        assertEquals(200, api.me(userToken).status(), "the user's session survived all of that");
        for (String[] e : endpoints) {
            int status = call(e[0], e[1], admin, e[2]).status();
            assertTrue(status >= 200 && status < 300, "admin " + e[0] + " " + e[1] + " -> " + status);
        }
    }

    @Test
    void noWayAroundTheRoleCheck() {
        String userToken = api.login(api.newUser("vic")).access();
        assertEquals(403, call("GET", "/admin/api/users/", userToken, null).status(), "trailing slash");
        Reply override = api.send(api.request("/admin/api/users?q=", userToken).header("X-HTTP-Method-Override", "GET")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertTrue(override.status() == 403 || override.status() == 405, "method override: " + override);
        int upper = call("GET", "/ADMIN/API/users", userToken, null).status();
        assertTrue(upper == 404 || upper == 403, "case: " + upper);
        assertEquals(403, call("GET", "/admin/api/users;x=1", userToken, null).status(), "matrix parameter");
        int dot = call("GET", "/admin/api/./users", userToken, null).status();
        assertTrue(dot == 404 || dot == 403, "dot segment: " + dot);
    }

    @Test
    void oneUserCannotSeeOrEndAnothersSessions() {
        String a = api.login(api.newUser("amy")).access();
        String bName = api.newUser("bert");
        Tokens b = api.login(bName);
        String bId = idOf(bName);
        String bSession = api.me(b.access()).string("sessionId");
        assertEquals(403, api.get("/admin/api/users/" + bId + "/sessions", a).status());
        assertEquals(403, api.delete("/admin/api/sessions/" + bSession, a).status());
        assertEquals(403, api.post("/admin/api/users/" + bId + "/logout-all", a).status());
        assertEquals(404, api.delete("/auth/sessions/" + bSession, a).status());
        @SuppressWarnings("unchecked")
        var own = (List<Map<String, Object>>) api.get("/auth/sessions", a).json().get("sessions");
        assertTrue(own.stream().noneMatch(s -> bSession.equals(s.get("id"))));
        assertEquals(200, api.me(b.access()).status(), "bert is still signed in");
    }

    @Test
    void adminLogoutAllEndsEverySessionAndItsAccessTokensAtOnce() {
        String name = api.newUser("bob");
        Tokens phone = api.login(name);
        Tokens laptop = Tokens.of(api.passwordGrant(name, Api.PASSWORD, "rotor-web"));
        String id = idOf(name);

        @SuppressWarnings("unchecked")
        var sessions = (List<Map<String, Object>>) api.get("/admin/api/users/" + id + "/sessions", admin).json().get("sessions");
        assertEquals(2, sessions.size());
        assertTrue(sessions.get(0).containsKey("ip") && sessions.get(0).containsKey("userAgent"));

        Reply logout = api.post("/admin/api/users/" + id + "/logout-all", admin);
        assertEquals(200, logout.status(), logout.toString());
        assertEquals(2L, ((Number) logout.json().get("ended")).longValue());
        assertEquals(401, api.me(phone.access()).status());
        assertEquals(401, api.me(laptop.access()).status());
        assertEquals("invalid_grant", api.refresh(phone.refresh()).string("error"));
        assertEquals(200, api.me(admin).status(), "the admin stays signed in");

        Reply audit = api.get("/admin/api/audit?userId=" + id + "&type=ADMIN_LOGOUT_ALL", admin);
        @SuppressWarnings("unchecked")
        var events = (List<Map<String, Object>>) audit.json().get("items");
        assertEquals(1, events.size(), audit.toString());
        assertEquals(api.me(admin).string("id"), events.get(0).get("actorId"), "the audit names the acting admin");
        assertEquals(id, events.get(0).get("accountId"));
    }

    @Test
    void disablingEndsSessionsAndBlocksLoginLikeAWrongPassword() {
        String name = api.newUser("dina");
        Tokens tokens = api.login(name);
        String id = idOf(name);
        Reply disabled = call("PATCH", "/admin/api/users/" + id, admin, "{\"enabled\":false}");
        assertEquals(200, disabled.status(), disabled.toString());
        assertEquals(Boolean.FALSE, disabled.json().get("enabled"));
        assertEquals(401, api.me(tokens.access()).status());
        assertEquals("invalid_grant", api.refresh(tokens.refresh()).string("error"));

        Reply blocked = api.passwordGrant(name, Api.PASSWORD, Api.CLIENT);
        Reply wrong = api.passwordGrant(name, "wrong password!", Api.CLIENT);
        assertEquals(wrong.status(), blocked.status());
        assertEquals(wrong.body(), blocked.body());
        Reply browser = new CookieClient(api).login(name, Api.PASSWORD);
        assertEquals(401, browser.status());

        assertEquals(200, call("PATCH", "/admin/api/users/" + id, admin, "{\"enabled\":true}").status());
        assertEquals(200, api.passwordGrant(name, Api.PASSWORD, Api.CLIENT).status());
        var types = Db.query("SELECT type, actor_id FROM audit_event WHERE account_id = ? AND type LIKE 'ADMIN_%'", id);
        assertTrue(types.stream().anyMatch(r -> "ADMIN_DISABLED_USER".equals(r.get("type")) && r.get("actor_id") != null), types.toString());
    }

    @Test
    void adminsCannotLockThemselvesOut() {
        String adminId = api.me(admin).string("id");
        assertEquals(409, call("PATCH", "/admin/api/users/" + adminId, admin, "{\"enabled\":false}").status());
        assertEquals(409, call("PATCH", "/admin/api/users/" + adminId, admin, "{\"roles\":[\"user\"]}").status());
        assertEquals(200, api.me(admin).status());
    }

    @Test
    void searchPagesAndCountsSessions() {
        String prefix = "pg" + Api.uniqueName("").substring(1, 6);
        for (int i = 0; i < 3; i++) {
            api.register(prefix + "-" + i, Api.PASSWORD);
        }
        api.login(prefix + "-0");
        Reply first = api.get("/admin/api/users?q=" + prefix + "&size=2&page=0", admin);
        assertEquals(3L, ((Number) first.json().get("total")).longValue());
        @SuppressWarnings("unchecked")
        var items = (List<Map<String, Object>>) first.json().get("items");
        assertEquals(2, items.size());
        assertEquals(1L, ((Number) items.get(0).get("activeSessions")).longValue());
        Reply second = api.get("/admin/api/users?q=" + prefix + "&size=2&page=1", admin);
        assertEquals(1, ((List<?>) second.json().get("items")).size());
        assertEquals(400, api.get("/admin/api/users?page=x", admin).status());
        assertEquals(400, api.get("/admin/api/audit?from=yesterday", admin).status());
        assertEquals(400, api.get("/admin/api/audit?type=NOPE", admin).status());
        assertEquals(400, call("POST", "/admin/api/users", admin, "{\"username\":\"" + Api.uniqueName("r") + "\",\"password\":\"" + Api.PASSWORD + "\",\"roles\":[\"root\"]}").status());
        assertEquals(404, api.get("/admin/api/users/no-such-id", admin).status());
    }

    @Test
    void cookieAuthenticatedAdminCallsFollowTheCsrfRule() {
        var browser = new CookieClient(api);
        assertEquals(200, browser.login("admin", ADMIN_PASSWORD).status());
        String name = api.newUser("cora");
        api.login(name);
        String id = idOf(name);
        assertEquals(200, browser.get("/admin/api/users/" + id + "/sessions").status());
        assertEquals(403, browser.post("/admin/api/users/" + id + "/logout-all", null).status());
        Reply withCsrf = browser.post("/admin/api/users/" + id + "/logout-all");
        assertEquals(200, withCsrf.status(), withCsrf.toString());
        assertNotEquals(0L, ((Number) withCsrf.json().get("ended")).longValue());
    }
}

package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.audit.entity.AuditType;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.CookieClient;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who may call the admin API, and what each call does (role changes and disabling cut off tokens at once, even racing sign-ins). */
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
        String passwordHash = String.valueOf(accountRow(userId).get("password_hash"));
        // {method, path, body, what the admin gets: 2xx unless named (an unknown key or address: the call got past the role check)}
        String[][] endpoints = {
                {"GET", "/admin/api/users?q=u", null, null},
                {"POST", "/admin/api/users", "{\"username\":\"" + Api.uniqueName("x") + "\",\"password\":\"" + Api.PASSWORD + "\",\"roles\":[\"user\"]}", null},
                {"GET", "/admin/api/users/" + userId, null, null},
                {"PATCH", "/admin/api/users/" + userId, "{\"enabled\":true}", null},
                {"POST", "/admin/api/users/" + userId + "/unblock", null, null},
                {"GET", "/admin/api/users/" + userId + "/sessions", null, null},
                {"GET", "/admin/api/audit", null, null},
                {"GET", "/admin/api/audit/types", null, null},
                {"GET", "/admin/api/throttle/addresses", null, null},
                {"DELETE", "/admin/api/throttle/addresses/203.0.113.254", null, "404"},
                {"GET", "/admin/api/keys", null, null},
                {"POST", "/admin/api/keys/no-such-key/revoke", null, "404"},
                {"DELETE", "/admin/api/sessions/" + sessionId, null, null},
                {"POST", "/admin/api/users/" + userId + "/logout-all", null, null},
                {"POST", "/admin/api/users/" + userId + "/password", "{\"temporaryPassword\":\"" + Api.PASSWORD + " 2\"}", null},
        };
        for (String[] e : endpoints) {
            assertEquals(401, call(e[0], e[1], null, e[2]).status(), "anonymous " + e[0] + " " + e[1]);
            assertEquals(403, call(e[0], e[1], userToken, e[2]).status(), "user " + e[0] + " " + e[1]);
        }
        assertEquals(200, api.me(userToken).status(), "the user's session survived all of that");
        assertEquals("ACTIVE", Db.sessionStatus(sessionId));
        assertEquals(passwordHash, String.valueOf(accountRow(userId).get("password_hash")), "nobody but an admin sets a password");
        for (String[] e : endpoints) {
            int status = call(e[0], e[1], admin, e[2]).status();
            if (e[3] == null) {
                assertTrue(status >= 200 && status < 300, "admin " + e[0] + " " + e[1] + " -> " + status);
            } else {
                assertEquals(Integer.parseInt(e[3]), status, "admin " + e[0] + " " + e[1]);
            }
        }
    }

    private static Map<String, Object> accountRow(String id) {
        return Db.query("SELECT username, password_hash, roles, enabled, password_change_required, token_version FROM account WHERE id = ?", id)
                .get(0);
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

    /**
     * Every admin mutation, called by a signed-in admin's browser (its cookies and Origin) without
     * the CSRF header: a CSRF refusal, and nothing changed in the database. Then the same calls
     * with the header do change it, so these checks can see a change.
     */
    @Test
    void everyCookieAuthenticatedAdminMutationWithoutTheCsrfHeaderIsRefusedAndChangesNothing() {
        var browser = new CookieClient(api);
        assertEquals(200, browser.login("admin", ADMIN_PASSWORD).status());
        String name = api.newUser("cora");
        String sessionId = api.me(api.login(name).access()).string("sessionId");
        String id = idOf(name);
        assertEquals(200, browser.get("/admin/api/users/" + id + "/sessions").status(), "the cookies authenticate the admin");

        Set<Object> before = throttleSubjects("ACCOUNT");
        assertEquals("invalid_grant", api.passwordGrant(name, "wrong password!", Api.CLIENT).string("error"));
        Set<Object> counted = throttleSubjects("ACCOUNT");
        counted.removeAll(before);
        assertEquals(1, counted.size(), "one failure counted against the username: " + counted);
        Object usernameRow = counted.iterator().next();
        String address = "198.51.100." + (1 + new java.util.Random().nextInt(250));
        var now = java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC);
        Db.update("DELETE FROM sign_in_throttle WHERE kind = 'ADDRESS' AND subject = ?", address);
        Db.update("INSERT INTO sign_in_throttle (kind, subject, failures, first_failure_at, last_failure_at, blocked_until) "
                + "VALUES ('ADDRESS', ?, 100, ?, ?, ?)", address, now, now, now.plusMinutes(15));

        String created = Api.uniqueName("never");
        Map<String, Object> account = accountRow(id);
        String kid = String.valueOf(Db.query("SELECT kid FROM signing_key WHERE revoked_at IS NULL ORDER BY activates_at DESC").get(0).get("kid"));
        List<Map<String, Object>> keys = signingKeys();
        String addressAudit = "SELECT id FROM audit_event WHERE type LIKE 'ADMIN_%' AND detail LIKE '%address=" + address + "'";
        int addressAuditBefore = Db.query(addressAudit).size();
        String[][] mutations = {
                {"POST", "/admin/api/users", "{\"username\":\"" + created + "\",\"password\":\"" + Api.PASSWORD + "\",\"roles\":[\"user\"]}"},
                {"POST", "/admin/api/users/" + id + "/unblock", null},
                {"DELETE", "/admin/api/sessions/" + sessionId, null},
                {"DELETE", "/admin/api/throttle/addresses/" + address, null},
                {"POST", "/admin/api/users/" + id + "/password", "{\"temporaryPassword\":\"" + Api.PASSWORD + " 2\"}"},
                {"PATCH", "/admin/api/users/" + id, "{\"enabled\":false,\"roles\":[\"user\",\"admin\"]}"},
                {"POST", "/admin/api/users/" + id + "/logout-all", null},
                {"POST", "/admin/api/keys/rotate?immediate=true", null},
                {"POST", "/admin/api/keys/" + kid + "/revoke", null},
        };
        for (String[] m : mutations) {
            Reply refused = browser.send(cookieCall(browser, m, false));
            assertEquals(403, refused.status(), m[0] + " " + m[1] + " -> " + refused);
            assertEquals("https://rotor.dev/problems/csrf", refused.string("type"), "refused by the CSRF rule: " + m[0] + " " + m[1]);
        }
        assertEquals(List.of(), Db.query("SELECT id FROM account WHERE username = ?", created), "no user created");
        assertEquals(account, accountRow(id), "not disabled, no new role, no new password, no cut-off");
        assertTrue(throttleSubjects("ACCOUNT").contains(usernameRow), "the username's failure count is still there");
        assertTrue(throttleSubjects("ADDRESS").contains(address), "the address is still throttled");
        assertEquals("ACTIVE", Db.sessionStatus(sessionId), "the session was not ended");
        assertEquals(keys, signingKeys(), "no key rotated or revoked");
        assertEquals(List.of(), Db.query("SELECT type FROM audit_event WHERE type LIKE 'ADMIN_%' AND account_id = ?", id),
                "no admin action on the user audited");
        assertEquals(addressAuditBefore, Db.query(addressAudit).size(), "no address unblock audited");

        // The same calls with the header change what was checked above (key changes are KeysIT's).
        for (String[] m : Arrays.copyOfRange(mutations, 0, 7)) {
            Reply done = browser.send(cookieCall(browser, m, true));
            assertTrue(done.status() >= 200 && done.status() < 300, m[0] + " " + m[1] + " -> " + done);
        }
        assertEquals(1, Db.query("SELECT id FROM account WHERE username = ?", created).size());
        assertEquals(Boolean.FALSE, accountRow(id).get("enabled"));
        assertEquals(Boolean.TRUE, accountRow(id).get("password_change_required"));
        assertFalse(throttleSubjects("ACCOUNT").contains(usernameRow));
        assertFalse(throttleSubjects("ADDRESS").contains(address));
        assertNotEquals("ACTIVE", Db.sessionStatus(sessionId));
    }

    private static HttpRequest.Builder cookieCall(CookieClient browser, String[] call, boolean withCsrfHeader) {
        var builder = browser.builder(call[1]);
        if (withCsrfHeader) {
            builder.header("X-CSRF-Token", browser.cookie(CookieClient.CSRF));
        }
        if (call[2] != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.method(call[0], call[2] == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(call[2]));
    }

    private static Set<Object> throttleSubjects(String kind) {
        return Db.query("SELECT subject FROM sign_in_throttle WHERE kind = ?", kind).stream().map(row -> row.get("subject"))
                .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
    }

    private static List<Map<String, Object>> signingKeys() {
        var keys = new ArrayList<>(Db.query("SELECT kid, activates_at, retires_at, revoked_at FROM signing_key ORDER BY kid"));
        keys.addAll(Db.query("SELECT generation FROM cluster_lock WHERE name = 'signing-keys'"));
        return keys;
    }

    @Test
    void theAuditTypeListIsEveryAuditTypeForAdminsOnly() {
        String userToken = api.login(api.newUser("tess")).access();
        assertEquals(401, api.get("/admin/api/audit/types", null).status());
        assertEquals(403, api.get("/admin/api/audit/types", userToken).status());
        Reply types = api.get("/admin/api/audit/types", admin);
        assertEquals(200, types.status(), types.toString());
        assertEquals(Arrays.stream(AuditType.values()).map(Enum::name).toList(), types.json().get("types"));
    }

    /** The wire shapes the console and other callers read: every key, in order, nulls named, instants in ISO-8601. */
    @Test
    @SuppressWarnings("unchecked")
    void answersKeepTheirShape() {
        String name = Api.uniqueName("shape");
        Reply created = call("POST", "/admin/api/users", admin, "{\"username\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\"}");
        assertEquals(201, created.status(), created.toString());
        List<String> user = List.of("id", "username", "roles", "enabled", "passwordChangeRequired", "activeSessions", "createdAt");
        assertEquals(user, keys(created.json()));
        String id = created.string("id");
        assertTrue(created.header("Location").endsWith("/admin/api/users/" + id), created.header("Location"));
        assertEquals(List.of("user"), created.json().get("roles"));
        assertEquals(Boolean.TRUE, created.json().get("enabled"));
        assertEquals(Boolean.FALSE, created.json().get("passwordChangeRequired"));
        assertEquals(0L, ((Number) created.json().get("activeSessions")).longValue());
        assertIso(created.string("createdAt"));
        String userToken = api.login(name).access();

        Reply found = api.get("/admin/api/users?q=" + name, admin);
        assertEquals(List.of("items", "page", "size", "total"), keys(found.json()));
        assertEquals(20L, ((Number) found.json().get("size")).longValue());
        assertEquals(user, keys(((List<Map<String, Object>>) found.json().get("items")).get(0)));

        Reply detail = api.get("/admin/api/users/" + id, admin);
        var withThrottle = new ArrayList<>(user);
        withThrottle.add("signInThrottle");
        withThrottle.add("secondFactors");
        assertEquals(withThrottle, keys(detail.json()));
        assertTrue(detail.json().containsKey("signInThrottle") && detail.json().get("signInThrottle") == null, detail.toString());
        assertEquals(List.of(), detail.json().get("secondFactors"), "the kinds of second factor, never a secret");
        assertEquals("no-store", detail.header("Cache-Control"));

        Reply sessions = api.get("/admin/api/users/" + id + "/sessions", admin);
        assertEquals(List.of("sessions", "page", "size", "total"), keys(sessions.json()));
        assertEquals(50L, ((Number) sessions.json().get("size")).longValue());
        var session = ((List<Map<String, Object>>) sessions.json().get("sessions")).get(0);
        List<String> sessionKeys = List.of("id", "clientId", "createdAt", "lastUsedAt", "expiresAt", "current", "deviceName", "userAgent", "ip");
        assertEquals(sessionKeys, keys(session));
        assertEquals(Boolean.FALSE, session.get("current"), "an admin has no current session among a user's");
        assertTrue(session.containsKey("deviceName") && session.get("deviceName") == null, session.toString());
        assertIso((String) session.get("createdAt"));
        assertIso((String) session.get("expiresAt"));
        var own = ((List<Map<String, Object>>) api.get("/auth/sessions", userToken).json().get("sessions")).get(0);
        assertEquals(sessionKeys, keys(own));
        assertEquals(Boolean.TRUE, own.get("current"));

        Reply audit = api.get("/admin/api/audit?userId=" + id + "&type=ADMIN_CREATED_USER", admin);
        assertEquals(List.of("items", "page", "size", "total"), keys(audit.json()));
        var event = ((List<Map<String, Object>>) audit.json().get("items")).get(0);
        assertEquals(List.of("id", "type", "occurredAt", "accountId", "actorId", "sessionId", "clientIp", "userAgent", "detail"), keys(event));
        assertEquals("ADMIN_CREATED_USER", event.get("type"));
        assertTrue(event.containsKey("sessionId") && event.get("sessionId") == null, event.toString());
        assertIso((String) event.get("occurredAt"));

        Reply unblocked = api.post("/admin/api/users/" + id + "/unblock", admin);
        assertEquals(List.of("cleared"), keys(unblocked.json()));
        assertEquals(Boolean.FALSE, unblocked.json().get("cleared"));
        Reply ended = api.post("/admin/api/users/" + id + "/logout-all", admin);
        assertEquals(List.of("ended"), keys(ended.json()));
        assertEquals(1L, ((Number) ended.json().get("ended")).longValue());
    }

    @Test
    void badQueryValuesAndBodiesAreNamedProblems() {
        String id = idOf(api.newUser("quinn"));
        assertProblem("invalid-paging", api.get("/admin/api/users?size=0", admin));
        assertProblem("invalid-paging", api.get("/admin/api/users/" + id + "/sessions?page=-1", admin));
        assertProblem("invalid-paging", api.get("/admin/api/audit?page=30000000&size=100", admin));
        assertProblem("invalid-type", api.get("/admin/api/audit?type=NOPE", admin));
        assertProblem("invalid-time", api.get("/admin/api/audit?to=tomorrow", admin));
        assertProblem("invalid-field", call("PATCH", "/admin/api/users/" + id, admin, "{\"enabled\":\"no\"}"));
        assertProblem("invalid-roles", call("PATCH", "/admin/api/users/" + id, admin, "{\"roles\":\"admin\"}"));
        assertProblem("missing-field", call("POST", "/admin/api/users/" + id + "/password", admin, "{}"));
        assertEquals(Boolean.TRUE, api.get("/admin/api/users/" + id, admin).json().get("enabled"), "nothing changed");
    }

    private static List<String> keys(Map<String, Object> json) {
        return new ArrayList<>(json.keySet());
    }

    private static void assertIso(String instant) {
        assertEquals(instant, Instant.parse(instant).toString(), "an ISO-8601 instant as Instant.toString() writes it");
    }

    private static void assertProblem(String slug, Reply reply) {
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("https://rotor.dev/problems/" + slug, reply.string("type"), reply.toString());
        assertTrue(reply.header("Content-Type").startsWith("application/problem+json"), reply.toString());
    }

    @Test
    void aRoleChangeCutsOffTokensIssuedInTheSameSecond() {
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
    void signInsRacingADisableEndUpCutOff() throws Exception {
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

package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.FromAddress;
import dev.rotor.it.support.Reply;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in throttling over HTTP, per username and per address, registration
 * throttling, the admin's view and unblock. Each test talks from loopback addresses of its own,
 * so address counts never leak between tests. Limits are the defaults except: back-off starts
 * after 8 failures (so 10 failures take one short wait), the address limit is 15 and the
 * registration limit 3; 127.0.99.0/24 is a trusted reverse proxy.
 */
class ThrottlingIT extends RotorIT {

    static final int BACKOFF_SECONDS = 3;

    /** Requests from these loopback addresses are taken to come through a reverse proxy. */
    static final String PROXIES = "127.0.99.0/24";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor(
                "rotor.throttle.account.free-failures=8",
                "rotor.throttle.backoff.base=PT" + BACKOFF_SECONDS + "S",
                "rotor.throttle.backoff.max=PT" + BACKOFF_SECONDS + "S",
                "rotor.throttle.address.max-failures=15",
                "rotor.throttle.registration.max-per-address=3",
                "rotor.http.trusted-proxies=" + PROXIES);
    }

    String admin;

    @BeforeEach
    void signInAdmin() {
        admin = Tokens.of(api.passwordGrant("admin", AdminApiIT.ADMIN_PASSWORD, Api.CLIENT)).access();
    }

    private String newUser() {
        String name = Api.uniqueName("thr");
        Reply created = FromAddress.random(base).register(name, Api.PASSWORD);
        assertEquals(201, created.status(), created.toString());
        return name;
    }

    private String idOf(String username) {
        return Db.query("SELECT id FROM account WHERE username = ?", username).get(0).get("id").toString();
    }

    /** Ten failed sign-ins on /auth/login: eight free, the ninth earns a back-off, the tenth a lockout. */
    private void failTenTimes(FromAddress from, String username) throws InterruptedException {
        for (int i = 1; i <= 9; i++) {
            Reply wrong = from.login(username, "wrong password " + i);
            assertEquals(401, wrong.status(), "failure " + i + ": " + wrong);
        }
        Reply backoff = from.login(username, Api.PASSWORD);
        assertEquals(429, backoff.status(), "after 9 failures the back-off holds even the right password: " + backoff);
        long wait = Long.parseLong(backoff.header("Retry-After"));
        assertTrue(wait >= 1 && wait <= BACKOFF_SECONDS, "back-off Retry-After " + wait);
        Thread.sleep(wait * 1000 + 300);
        assertEquals(401, from.login(username, "wrong password 10").status(), "the tenth failure is still counted");
    }

    @Test
    void afterTenFailuresTheNextAttemptIs429EvenWithTheRightPassword() throws Exception {
        String name = newUser();
        FromAddress from = FromAddress.random(base);
        failTenTimes(from, name);

        Reply login = from.login(name, Api.PASSWORD);
        assertEquals(429, login.status(), login.toString());
        TokenFlowIT.assertProblem(login);
        assertEquals("https://rotor.dev/problems/too-many-attempts", login.string("type"));
        long retryAfter = Long.parseLong(login.header("Retry-After"));
        assertTrue(retryAfter > 800 && retryAfter <= 900, "locked for the 15-minute lockout: " + retryAfter);

        Reply grant = FromAddress.random(base).passwordGrant(name, Api.PASSWORD);
        assertEquals(429, grant.status(), grant.toString());
        assertEquals("slow_down", grant.string("error"));
        assertNotNull(grant.string("error_description"));
        assertNotNull(grant.header("Retry-After"));
        assertEquals("no-store", grant.header("Cache-Control"));

        String id = idOf(name);
        assertTrue(Db.query("SELECT id FROM session_family WHERE account_id = ?", id).isEmpty(), "no session started");
        var throttled = Db.query("SELECT id FROM audit_event WHERE account_id = ? AND type = 'LOGIN_THROTTLED'", id);
        assertEquals(1, throttled.size(), "one LOGIN_THROTTLED per lockout, however many refusals: " + throttled);
        var subjects = Db.query("SELECT subject FROM sign_in_throttle WHERE kind = 'ACCOUNT'");
        assertFalse(subjects.isEmpty());
        assertTrue(subjects.stream().noneMatch(row -> row.get("subject").toString().contains(name)), "the username is not stored");
        assertTrue(subjects.stream().allMatch(row -> row.get("subject").toString().matches("[0-9a-f]{64}")));
    }

    @Test
    void anUnknownUsernameIsThrottledExactlyLikeAKnownOne() throws Exception {
        String known = newUser();
        String unknown = Api.uniqueName("ghost");
        FromAddress a = FromAddress.random(base);
        FromAddress b = FromAddress.random(base);
        for (int i = 1; i <= 9; i++) {
            Reply k = a.passwordGrant(known, "wrong password " + i);
            Reply u = b.passwordGrant(unknown, "wrong password " + i);
            assertEquals(400, k.status(), k.toString());
            assertEquals(k.status(), u.status());
            assertEquals(k.body(), u.body(), "failure " + i);
        }
        Reply kBackoff = a.passwordGrant(known, Api.PASSWORD);
        Reply uBackoff = b.passwordGrant(unknown, Api.PASSWORD);
        assertSameRefusal(kBackoff, uBackoff);
        Thread.sleep(BACKOFF_SECONDS * 1000 + 300);
        assertEquals(a.passwordGrant(known, "wrong 10").body(), b.passwordGrant(unknown, "wrong 10").body());

        Reply kLocked = a.passwordGrant(known, Api.PASSWORD);
        Reply uLocked = b.passwordGrant(unknown, Api.PASSWORD);
        assertSameRefusal(kLocked, uLocked);
        Reply kBrowser = a.login(known, Api.PASSWORD);
        Reply uBrowser = b.login(unknown, Api.PASSWORD);
        assertSameRefusal(kBrowser, uBrowser);
        assertEquals("https://rotor.dev/problems/too-many-attempts", uBrowser.string("type"));
    }

    private static void assertSameRefusal(Reply known, Reply unknown) {
        assertEquals(429, known.status(), known.toString());
        assertEquals(429, unknown.status(), unknown.toString());
        assertNotNull(known.header("Retry-After"));
        assertNotNull(unknown.header("Retry-After"));
        assertEquals(known.header("Content-Type"), unknown.header("Content-Type"));
        assertEquals(known.body().replaceAll("\\d+", "N"), unknown.body().replaceAll("\\d+", "N"));
    }

    @Test
    void aSuccessfulSignInResetsTheAccountCount() {
        String name = newUser();
        FromAddress from = FromAddress.random(base);
        for (int i = 0; i < 8; i++) {
            assertEquals(401, from.login(name, "wrong password").status());
        }
        assertEquals(200, from.login(name, Api.PASSWORD).status());
        FromAddress elsewhere = FromAddress.random(base); // the first address keeps its count (limit 15)
        for (int i = 0; i < 8; i++) {
            assertEquals(401, elsewhere.login(name, "wrong password").status(), "counting starts again at 0: failure " + (i + 1));
        }
        assertEquals(200, elsewhere.login(name, Api.PASSWORD).status(), "without the reset, the 10th failure in all would have locked the account");
    }

    @Test
    void anAddressIsThrottledAfterItsLimitWhateverTheUsername() {
        String victim = newUser();
        FromAddress attacker = FromAddress.random(base);
        for (int i = 1; i <= 15; i++) {
            assertEquals(400, attacker.passwordGrant(Api.uniqueName("spray"), "wrong password").status(), "failure " + i);
        }
        Reply refused = attacker.passwordGrant(victim, Api.PASSWORD);
        assertEquals(429, refused.status(), refused.toString());
        assertNotNull(refused.header("Retry-After"));
        assertEquals(429, attacker.login(victim, Api.PASSWORD).status());
        assertEquals(200, FromAddress.random(base).passwordGrant(victim, Api.PASSWORD).status(), "other addresses are not affected");
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE type = 'LOGIN_THROTTLED' AND client_ip = ?", attacker.address()).size());

        Reply listed = api.get("/admin/api/throttle/addresses", admin);
        assertEquals(200, listed.status(), listed.toString());
        @SuppressWarnings("unchecked")
        var items = (List<Map<String, Object>>) listed.json().get("items");
        assertTrue(items.stream().anyMatch(item -> attacker.address().equals(item.get("address"))), listed.toString());
        String user = api.login(newUserViaAdmin()).access();
        assertEquals(403, api.get("/admin/api/throttle/addresses", user).status());
        assertEquals(403, api.delete("/admin/api/throttle/addresses/" + attacker.address(), user).status());

        assertEquals(204, api.delete("/admin/api/throttle/addresses/" + attacker.address(), admin).status());
        assertEquals(200, attacker.passwordGrant(victim, Api.PASSWORD).status(), "unblocked by the admin");
        assertEquals(404, api.delete("/admin/api/throttle/addresses/" + attacker.address(), admin).status());
    }

    private String newUserViaAdmin() {
        String name = Api.uniqueName("adm");
        var created = api.send(api.request("/admin/api/users", admin).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\",\"roles\":[\"user\"]}")).build());
        assertEquals(201, created.status(), created.toString());
        return name;
    }

    @Test
    void registrationIsThrottledPerAddress() {
        FromAddress from = FromAddress.random(base);
        for (int i = 1; i <= 3; i++) {
            assertEquals(201, from.register(Api.uniqueName("reg"), Api.PASSWORD).status(), "registration " + i);
        }
        Reply refused = from.register(Api.uniqueName("reg"), Api.PASSWORD);
        assertEquals(429, refused.status(), refused.toString());
        TokenFlowIT.assertProblem(refused);
        assertNotNull(refused.header("Retry-After"));
        assertEquals(201, FromAddress.random(base).register(Api.uniqueName("reg"), Api.PASSWORD).status());
    }

    @Test
    void theAdminSeesTheLockoutOnTheUserAndUnblocksIt() throws Exception {
        String name = newUser();
        String id = idOf(name);
        assertEquals(null, api.get("/admin/api/users/" + id, admin).json().get("signInThrottle"));
        FromAddress from = FromAddress.random(base);
        failTenTimes(from, name);
        assertEquals(429, from.login(name, Api.PASSWORD).status());

        Reply detail = api.get("/admin/api/users/" + id, admin);
        @SuppressWarnings("unchecked")
        var throttle = (Map<String, Object>) detail.json().get("signInThrottle");
        assertEquals(Boolean.TRUE, throttle.get("blocked"), detail.toString());
        assertEquals(10L, ((Number) throttle.get("failures")).longValue());

        String user = api.login(newUserViaAdmin()).access();
        assertEquals(403, api.post("/admin/api/users/" + id + "/unblock", user).status());
        assertEquals(429, from.login(name, Api.PASSWORD).status(), "a user cannot unblock");

        Reply unblock = api.post("/admin/api/users/" + id + "/unblock", admin);
        assertEquals(200, unblock.status(), unblock.toString());
        assertEquals(Boolean.TRUE, unblock.json().get("cleared"));
        assertEquals(200, from.login(name, Api.PASSWORD).status());
        assertEquals(null, api.get("/admin/api/users/" + id, admin).json().get("signInThrottle"));
        var audited = Db.query("SELECT actor_id FROM audit_event WHERE account_id = ? AND type = 'ADMIN_UNBLOCKED'", id);
        assertEquals(1, audited.size());
        assertEquals(api.me(admin).string("id"), audited.get(0).get("actor_id"));
    }

    @Test
    void parallelFailuresAreAllCountedAndNoneIsCheckedPastTheBackOff() throws Exception {
        String name = newUser();
        int burst = 16;
        var go = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(burst);
        List<Reply> replies = new java.util.ArrayList<>();
        try {
            List<java.util.concurrent.Future<Reply>> attempts = new java.util.ArrayList<>();
            for (int i = 0; i < burst; i++) {
                FromAddress from = FromAddress.random(base);
                attempts.add(pool.submit(() -> {
                    go.await();
                    return from.passwordGrant(name, "wrong password");
                }));
            }
            go.countDown();
            for (var attempt : attempts) {
                replies.add(attempt.get());
            }
        } finally {
            pool.shutdown();
        }
        long checked = replies.stream().filter(reply -> reply.status() == 400).count();
        long refused = replies.stream().filter(reply -> reply.status() == 429).count();
        assertEquals(burst, checked + refused, replies.toString());

        @SuppressWarnings("unchecked")
        var throttle = (Map<String, Object>) api.get("/admin/api/users/" + idOf(name), admin).json().get("signInThrottle");
        assertEquals(checked, ((Number) throttle.get("failures")).longValue(),
                "every attempt whose password was checked is counted: " + replies);
        assertEquals(9, checked, "eight free failures and the one that earned the back-off; the rest were refused unchecked");
        assertEquals(checked, Db.query("SELECT id FROM audit_event WHERE account_id = ? AND type = 'LOGIN_FAILED'", idOf(name)).size(),
                "and every checked one is audited");
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnCount() {
        String victim = newUser();
        FromAddress proxy = FromAddress.at("127.0.99." + java.util.concurrent.ThreadLocalRandom.current().nextInt(2, 255), base);
        String attacker = "203.0.113." + java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 255);
        String user = "198.51.100." + java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 255);
        for (int i = 1; i <= 15; i++) {
            assertEquals(400, grantVia(proxy, attacker, Api.uniqueName("spray"), "wrong password").status(), "failure " + i);
        }
        assertEquals(429, grantVia(proxy, attacker, victim, Api.PASSWORD).status(), "the forwarded attacker is throttled");
        Reply other = grantVia(proxy, user, victim, Api.PASSWORD);
        assertEquals(200, other.status(), "another client behind the same proxy is not: " + other);
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE type = 'LOGIN_THROTTLED' AND client_ip = ?", attacker).size());
        String session = api.me(other.string("access_token")).string("sessionId");
        assertEquals(user, Db.query("SELECT client_ip FROM session_family WHERE id = ?", session).get(0).get("client_ip"),
                "sessions keep the forwarded address");

        FromAddress direct = FromAddress.random(base);
        Reply spoofed = direct.send("POST", "/oauth2/token", Map.of("Content-Type", "application/x-www-form-urlencoded",
                "X-Forwarded-For", attacker), "grant_type=password&client_id=" + Api.CLIENT + "&username=" + victim + "&password="
                + java.net.URLEncoder.encode(Api.PASSWORD, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, spoofed.status(), "from an untrusted address the header is ignored: " + spoofed);
        String spoofedSession = api.me(spoofed.string("access_token")).string("sessionId");
        assertEquals(direct.address(), Db.query("SELECT client_ip FROM session_family WHERE id = ?", spoofedSession).get(0).get("client_ip"));
    }

    private static Reply grantVia(FromAddress proxy, String client, String username, String password) {
        return proxy.send("POST", "/oauth2/token", Map.of("Content-Type", "application/x-www-form-urlencoded",
                "X-Forwarded-For", client), "grant_type=password&client_id=" + Api.CLIENT + "&username=" + username + "&password="
                + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8));
    }
}

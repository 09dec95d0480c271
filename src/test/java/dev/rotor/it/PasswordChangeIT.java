package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.CookieClient;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Passwords over HTTP: changing a password, temporary passwords, the rules, rehashing. */
class PasswordChangeIT extends RotorIT {

    static final String NEW_PASSWORD = "a brand new passphrase";

    @Deployment(testable = false)
    static WebArchive deployment() {
        // Room for the race below: every attempt on a username counts as a failure until its
        // password proves right, so parallel sign-ins of one user would otherwise meet the back-off.
        return Deployments.rotor("rotor.throttle.account.free-failures=40", "rotor.throttle.account.max-failures=50");
    }

    String admin;

    @BeforeEach
    void signInAdmin() {
        admin = Tokens.of(api.passwordGrant("admin", AdminApiIT.ADMIN_PASSWORD, Api.CLIENT)).access();
    }

    private Reply change(String bearer, String current, String next) {
        return api.send(api.request("/auth/password", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}")).build());
    }

    private String idOf(String username) {
        return Db.query("SELECT id FROM account WHERE username = ?", username).get(0).get("id").toString();
    }

    private static String status(String sessionId) {
        return Db.query("SELECT status FROM session_family WHERE id = ?", sessionId).get(0).get("status").toString();
    }

    @Test
    void changingThePasswordEndsEveryOtherSessionButNotThisOne() {
        String name = api.newUser("pia");
        Tokens here = api.login(name);
        Tokens phone = api.login(name);
        var browser = new CookieClient(api);
        assertEquals(200, browser.login(name, Api.PASSWORD).status());
        String hereId = api.me(here.access()).string("sessionId");
        String phoneId = api.me(phone.access()).string("sessionId");
        String browserId = browser.get("/api/me").string("sessionId");

        Reply changed = change(here.access(), Api.PASSWORD, NEW_PASSWORD);
        assertEquals(204, changed.status(), changed.toString());

        assertEquals(200, api.me(here.access()).status(), "this session stays");
        assertEquals(401, api.me(phone.access()).status(), "the other session's access token is cut off");
        assertEquals(401, browser.get("/api/me").status());
        assertEquals("invalid_grant", api.refresh(phone.refresh()).string("error"));
        assertEquals(200, api.refresh(here.refresh()).status());
        assertEquals("ACTIVE", status(hereId));
        assertEquals("PASSWORD_CHANGED", status(phoneId));
        assertEquals("PASSWORD_CHANGED", status(browserId));

        assertEquals(400, api.passwordGrant(name, Api.PASSWORD, Api.CLIENT).status(), "the old password is gone");
        assertEquals(200, api.passwordGrant(name, NEW_PASSWORD, Api.CLIENT).status());
        var audited = Db.query("SELECT session_id FROM audit_event WHERE account_id = ? AND type = 'PASSWORD_CHANGED'", idOf(name));
        assertEquals(1, audited.size());
        assertEquals(hereId, audited.get(0).get("session_id"));
    }

    @Test
    void aCookieCallerChangesThePasswordWithTheCsrfHeaderOnly() {
        String name = api.newUser("cole");
        var browser = new CookieClient(api);
        assertEquals(200, browser.login(name, Api.PASSWORD).status());
        String body = "{\"currentPassword\":\"" + Api.PASSWORD + "\",\"newPassword\":\"" + NEW_PASSWORD + "\"}";
        Reply withoutCsrf = browser.send(browser.builder("/auth/password").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(403, withoutCsrf.status(), withoutCsrf.toString());
        assertEquals(200, api.passwordGrant(name, Api.PASSWORD, Api.CLIENT).status(), "nothing changed");

        Reply withCsrf = browser.send(browser.builder("/auth/password").header("Content-Type", "application/json")
                .header("X-CSRF-Token", browser.cookie(CookieClient.CSRF))
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(204, withCsrf.status(), withCsrf.toString());
        assertEquals(200, browser.get("/api/me").status(), "the browser session stays");
        assertEquals(200, api.passwordGrant(name, NEW_PASSWORD, Api.CLIENT).status());
        assertEquals(401, change(null, NEW_PASSWORD, "yet another passphrase").status(), "no caller, no change");
    }

    @Test
    void aWrongCurrentPasswordIsRefusedAndCountedLikeAFailedSignIn() {
        String name = api.newUser("wendy");
        Tokens tokens = api.login(name);
        Tokens other = api.login(name);
        Reply wrong = change(tokens.access(), "not my password", NEW_PASSWORD);
        assertEquals(403, wrong.status(), wrong.toString());
        TokenFlowIT.assertProblem(wrong);
        assertEquals("https://rotor.dev/problems/wrong-password", wrong.string("type"));
        assertEquals(200, api.me(other.access()).status(), "no session ended");
        assertEquals(200, api.passwordGrant(name, Api.PASSWORD, Api.CLIENT).status(), "the password did not change");

        assertEquals(403, change(tokens.access(), "not my password", NEW_PASSWORD).status());
        Reply detail = api.get("/admin/api/users/" + idOf(name), admin);
        @SuppressWarnings("unchecked")
        var throttle = (Map<String, Object>) detail.json().get("signInThrottle");
        assertEquals(1L, ((Number) throttle.get("failures")).longValue(), "counted against the username: " + detail);
        assertEquals(2, refusals(idOf(name)), "each wrong current password is audited");
    }

    private static int refusals(String accountId) {
        return Db.query("SELECT id FROM audit_event WHERE account_id = ? AND type = 'PASSWORD_CHANGE_REFUSED'", accountId).size();
    }

    @Test
    void newPasswordsFollowTheRules() {
        String name = api.newUser("rula");
        String access = api.login(name).access();
        assertRefused(change(access, Api.PASSWORD, "short"), "password-too-short");
        assertRefused(change(access, Api.PASSWORD, name.toUpperCase()), "password-is-username");
        assertRefused(change(access, Api.PASSWORD, Api.PASSWORD), "password-unchanged");
        assertRefused(change(access, Api.PASSWORD, "p".repeat(1025)), "password-too-long");
        assertEquals(204, change(access, Api.PASSWORD, "e".repeat(1024)).status(), "1,024 bytes is allowed");
        String other = Api.uniqueName("ruth");
        assertRefused(api.register(other, other), "password-is-username");
    }

    private static void assertRefused(Reply reply, String type) {
        assertEquals(400, reply.status(), reply.toString());
        TokenFlowIT.assertProblem(reply);
        assertEquals("https://rotor.dev/problems/" + type, reply.string("type"));
    }

    @Test
    void aTemporaryPasswordOnlyLetsTheOwnerChooseANewOne() {
        String name = api.newUser("tess");
        String id = idOf(name);
        Tokens before = api.login(name);
        String temporary = "temporary passphrase 1";
        String user = api.login(api.newUser("ulla")).access();
        assertEquals(403, setTemporary(id, temporary, user).status(), "admins only");

        assertEquals(204, setTemporary(id, temporary, admin).status());
        assertEquals(401, api.me(before.access()).status(), "every session ended");
        assertEquals(Boolean.TRUE, api.get("/admin/api/users/" + id, admin).json().get("passwordChangeRequired"));
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE account_id = ? AND type = 'ADMIN_SET_PASSWORD'", id).size());

        Reply login = new CookieClient(api).login(name, temporary);
        assertEquals(403, login.status(), login.toString());
        assertEquals("https://rotor.dev/problems/password-change-required", login.string("type"));
        assertTrue(login.headers("Set-Cookie").isEmpty(), "no cookies");
        Reply grant = api.passwordGrant(name, temporary, Api.CLIENT);
        assertEquals(400, grant.status());
        assertEquals("invalid_grant", grant.string("error"));
        assertTrue(grant.string("error_description").contains("/auth/temporary-password"), grant.toString());
        assertEquals(401, new CookieClient(api).login(name, Api.PASSWORD).status(), "the old password is gone");
        assertEquals(0, Db.query("SELECT id FROM session_family WHERE account_id = ? AND status = 'ACTIVE'", id).size());

        assertEquals(401, replaceTemporary(name, "not the temporary one", NEW_PASSWORD).status());
        assertEquals(1, refusals(id), "a wrong temporary password is audited");
        assertEquals(401, replaceTemporary(Api.uniqueName("nobody"), temporary, NEW_PASSWORD).status());
        assertRefused(replaceTemporary(name, temporary, temporary), "password-unchanged");
        Reply replaced = replaceTemporary(name, temporary, NEW_PASSWORD);
        assertEquals(204, replaced.status(), replaced.toString());

        assertEquals(200, new CookieClient(api).login(name, NEW_PASSWORD).status());
        assertEquals(400, api.passwordGrant(name, temporary, Api.CLIENT).status());
        assertEquals(Boolean.FALSE, api.get("/admin/api/users/" + id, admin).json().get("passwordChangeRequired"));
        Reply again = replaceTemporary(name, NEW_PASSWORD, "one more passphrase");
        assertEquals(409, again.status(), "only a temporary password takes this way: " + again);
        assertEquals(2, refusals(id), "a right password that is not temporary is audited too");
    }

    @Test
    void anExpiredTemporaryPasswordOpensNothing() {
        String name = api.newUser("exp");
        String id = idOf(name);
        String temporary = "temporary passphrase 2";
        assertEquals(204, setTemporary(id, temporary, admin).status());
        var expiresAt = Db.query("SELECT temporary_password_expires_at FROM account WHERE id = ?", id).get(0).get("temporary_password_expires_at");
        assertTrue(expiresAt != null, "a temporary password has an end (rotor.password.temporary-ttl)");
        assertEquals(1, Db.update("UPDATE account SET temporary_password_expires_at = created_at WHERE id = ?", id));

        Reply login = new CookieClient(api).login(name, temporary);
        assertEquals(401, login.status(), "expired: as if it were wrong, not 'change it': " + login);
        assertEquals(400, api.passwordGrant(name, temporary, Api.CLIENT).status());
        assertEquals(401, replaceTemporary(name, temporary, NEW_PASSWORD).status());
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE account_id = ? AND type = 'PASSWORD_CHANGE_REFUSED'"
                + " AND detail LIKE '%expired%'", id).size());
        assertEquals(Boolean.TRUE, api.get("/admin/api/users/" + id, admin).json().get("passwordChangeRequired"), "nothing changed");
        @SuppressWarnings("unchecked")
        var throttle = (Map<String, Object>) api.get("/admin/api/users/" + id, admin).json().get("signInThrottle");
        assertEquals(3L, ((Number) throttle.get("failures")).longValue(), "each refusal counted like a failed sign-in: " + throttle);
        assertEquals(204, setTemporary(id, temporary, admin).status(), "an admin sets a new one");
        assertEquals(204, replaceTemporary(name, temporary, NEW_PASSWORD).status());
    }

    @Test
    void signInsRacingAPasswordChangeDoNotOutliveIt() throws Exception {
        String name = api.newUser("racer");
        String id = idOf(name);
        Tokens mine = api.login(name);
        String kept = api.me(mine.access()).string("sessionId");
        int racers = 6;
        var pool = Executors.newFixedThreadPool(racers + 1);
        var go = new CountDownLatch(1);
        try {
            List<Future<List<Reply>>> signIns = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                // Each racer signs in with the old password again and again until it is refused, so
                // that sign-ins are in flight on every side of the change's commit.
                signIns.add(pool.submit(() -> {
                    go.await();
                    List<Reply> replies = new ArrayList<>();
                    for (int n = 0; n < 40; n++) {
                        Reply reply = api.passwordGrant(name, Api.PASSWORD, Api.CLIENT);
                        replies.add(reply);
                        if (reply.status() != 200) {
                            break;
                        }
                    }
                    return replies;
                }));
            }
            Future<Reply> change = pool.submit(() -> {
                go.await();
                Thread.sleep(20);
                return change(mine.access(), Api.PASSWORD, NEW_PASSWORD);
            });
            go.countDown();
            assertEquals(204, change.get().status(), change.get().toString());
            int started = 0;
            for (var racer : signIns) {
                for (Reply reply : racer.get()) {
                    started += reply.status() == 200 ? 1 : 0;
                    assertTrue(reply.status() == 200 || reply.status() == 400 || reply.status() == 429, reply.toString());
                }
            }
            assertTrue(started > 0, "some sign-ins came before the change (and were ended by it)");
        } finally {
            pool.shutdownNow();
        }
        var active = Db.query("SELECT id FROM session_family WHERE account_id = ? AND status = 'ACTIVE'", id);
        assertEquals(List.of(kept), active.stream().map(row -> row.get("id").toString()).toList(),
                "only the session that changed the password survives it");
    }

    @Test
    void deeplyNestedJsonIsABadRequestOnEveryJsonEndpoint() {
        String deep = "[".repeat(1000);
        String access = api.login(api.newUser("deep")).access();
        for (Reply reply : List.of(new CookieClient(api).send(new CookieClient(api).builder("/auth/login")
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(deep))),
                api.postJson("/auth/register", deep),
                api.postJson("/auth/temporary-password", deep),
                api.send(api.request("/auth/password", access).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(deep)).build()))) {
            assertEquals(400, reply.status(), reply.toString());
            TokenFlowIT.assertProblem(reply);
            assertEquals("https://rotor.dev/problems/malformed-body", reply.string("type"), reply.toString());
        }
    }

    private Reply setTemporary(String id, String password, String bearer) {
        return api.send(api.request("/admin/api/users/" + id + "/password", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"temporaryPassword\":\"" + password + "\"}")).build());
    }

    private Reply replaceTemporary(String username, String current, String next) {
        return api.postJson("/auth/temporary-password",
                "{\"username\":\"" + username + "\",\"currentPassword\":\"" + current + "\",\"newPassword\":\"" + next + "\"}");
    }

    @Test
    void aHashMadeWithOtherIterationsIsReplacedAtTheNextSignIn() throws Exception {
        String name = api.newUser("otto");
        String id = idOf(name);
        assertTrue(Db.query("SELECT password_hash FROM account WHERE id = ?", id).get(0).get("password_hash").toString()
                .startsWith("PBKDF2WithHmacSHA256:1024:"), "the tests hash with 1,024 iterations");
        Db.update("UPDATE account SET password_hash = ? WHERE id = ?", pbkdf2(Api.PASSWORD, 2048), id);

        assertEquals(200, api.passwordGrant(name, Api.PASSWORD, Api.CLIENT).status(), "the old hash still verifies");
        String rehashed = Db.query("SELECT password_hash FROM account WHERE id = ?", id).get(0).get("password_hash").toString();
        assertTrue(rehashed.startsWith("PBKDF2WithHmacSHA256:1024:"), "rehashed with the configured iterations");
        assertEquals(200, api.passwordGrant(name, Api.PASSWORD, Api.CLIENT).status());
    }

    /** A hash in Soteria's format, {@code algorithm:iterations:salt:hash}, made here with other settings. */
    private static String pbkdf2(String password, int iterations) throws Exception {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
        return "PBKDF2WithHmacSHA256:" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash);
    }
}

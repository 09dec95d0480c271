package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Refresh tokens over HTTP: rotation, reuse detection, grace window, one answer for every bad
 * token, forgeries audited but revoking nothing, revocation and its log, logout-all, my sessions
 * (paged), and the per-account session limit.
 */
class RefreshFlowIT extends RotorIT {

    /** Three sessions per account, so that the fourth sign-in ends the oldest (no test here signs one user in more than three times otherwise). */
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor("rotor.sessions.max-per-user=3");
    }

    private Tokens rotate(String refreshToken) {
        Reply reply = api.refresh(refreshToken);
        assertEquals(200, reply.status(), reply.toString());
        assertEquals("no-store", reply.header("Cache-Control"));
        return Tokens.of(reply);
    }

    private static void assertInvalidGrant(Reply reply) {
        assertEquals(400, reply.status(), reply.toString());
        assertEquals("invalid_grant", reply.string("error"));
    }

    @Test
    void replayOfAnOldGenerationEndsTheWholeFamily() {
        String name = api.newUser("rita");
        Tokens gen0 = api.login(name);
        Tokens gen1 = rotate(gen0.refresh());
        Tokens gen2 = rotate(gen1.refresh());
        Tokens gen3 = rotate(gen2.refresh());
        assertEquals(200, api.me(gen3.access()).status());

        assertInvalidGrant(api.refresh(gen1.refresh()));

        assertInvalidGrant(api.refresh(gen3.refresh()));
        assertEquals(401, api.me(gen3.access()).status(), "the newest access token dies with its session");
        assertEquals(200, api.me(api.login(name).access()).status(), "signing in again starts a working session");
        var audit = Db.query("SELECT type, session_id FROM audit_event WHERE type = 'REUSE_DETECTED' AND session_id = ?",
                gen0.refresh().split("\\.")[0]);
        assertEquals(1, audit.size(), "the reuse is in the audit log");
        var family = Db.query("SELECT status FROM session_family WHERE id = ?", gen0.refresh().split("\\.")[0]);
        assertEquals("REUSE_DETECTED", family.get(0).get("status"));
    }

    @Test
    void previousTokenInsideTheGraceWindowGetsTheSameSuccessor() {
        Tokens gen0 = api.login(api.newUser("gina"));
        Tokens first = rotate(gen0.refresh());
        Tokens retry = rotate(gen0.refresh());
        assertEquals(first.refresh(), retry.refresh(), "a retry gets the very same successor");
        assertNotEquals(first.access(), retry.access(), "and a fresh access token");
        Tokens next = rotate(first.refresh());
        assertEquals(200, api.me(next.access()).status(), "the family lives on");
    }

    @Test
    void tokenWithOneFlippedCharacterIsRefusedAndRevokesNothing() {
        Tokens gen0 = api.login(api.newUser("fred"));
        String token = gen0.refresh();
        int last = token.length() - 2;
        char flipped = token.charAt(last) == 'A' ? 'B' : 'A';
        String forged = token.substring(0, last) + flipped + token.charAt(last + 1);
        assertInvalidGrant(api.refresh(forged));
        assertInvalidGrant(api.refresh(token.split("\\.")[0] + ".7." + token.split("\\.")[2]));
        assertInvalidGrant(api.refresh("not-a-token"));
        assertInvalidGrant(api.refresh(java.util.UUID.randomUUID() + ".0." + "A".repeat(43)));

        Tokens gen1 = rotate(token);
        assertEquals(200, api.me(gen1.access()).status(), "the family still works");
    }

    @Test
    void everyBadRefreshTokenGetsTheSameAnswer() {
        Tokens tokens = api.login(api.newUser("sam"));
        Reply otherClient = api.refresh(tokens.refresh(), "rotor-web");
        Reply unknown = api.refresh("x.1.y");
        assertInvalidGrant(otherClient);
        assertEquals(unknown.body(), otherClient.body());
        assertEquals(200, api.refresh(tokens.refresh()).status(), "another client's attempt revoked nothing");
    }

    @Test
    void logoutAllEndsEverySessionAndCutsOffAccessTokensAtOnce() {
        String name = api.newUser("lou");
        Tokens phone = api.login(name);
        Tokens laptop = Tokens.of(api.passwordGrant(name, Api.PASSWORD, "rotor-web"));
        assertEquals(200, api.me(phone.access()).status());
        assertEquals(200, api.me(laptop.access()).status());

        assertEquals(204, api.post("/auth/logout-all", laptop.access()).status());

        assertEquals(401, api.me(phone.access()).status());
        assertEquals(401, api.me(laptop.access()).status());
        assertInvalidGrant(api.refresh(phone.refresh()));
        assertInvalidGrant(api.refresh(laptop.refresh(), "rotor-web"));

        Tokens again = api.login(name);
        assertEquals(200, api.me(again.access()).status(), "signing in again works at once");
    }

    @Test
    void mySessionsListsOnlyMineAndEndsOnlyMine() {
        String name = api.newUser("mia");
        Tokens first = api.login(name);
        Tokens second = api.login(name);
        Tokens stranger = api.login(api.newUser("stan"));

        Reply list = api.get("/auth/sessions", second.access());
        assertEquals(200, list.status(), list.toString());
        @SuppressWarnings("unchecked")
        var sessions = (List<Map<String, Object>>) list.json().get("sessions");
        assertEquals(2, sessions.size());
        String secondId = api.me(second.access()).string("sessionId");
        String firstId = api.me(first.access()).string("sessionId");
        for (var session : sessions) {
            assertEquals(session.get("id").equals(secondId), session.get("current"));
            assertEquals(Api.CLIENT, session.get("clientId"));
            assertTrue(session.containsKey("ip") && session.containsKey("userAgent") && session.containsKey("lastUsedAt"));
        }

        Reply notMine = api.delete("/auth/sessions/" + firstId, stranger.access());
        assertEquals(404, notMine.status());
        assertEquals(200, api.me(first.access()).status(), "a stranger ended nothing");

        assertEquals(204, api.delete("/auth/sessions/" + firstId, second.access()).status());
        assertEquals(401, api.me(first.access()).status());
        assertInvalidGrant(api.refresh(first.refresh()));
        assertEquals(200, api.me(second.access()).status());
        assertEquals(404, api.delete("/auth/sessions/no-such-id", second.access()).status());
    }

    @Test
    void revocationEndsTheFamilyAndAlwaysAnswers200() {
        Tokens tokens = api.login(api.newUser("rex"));
        Reply revoke = api.postForm("/oauth2/revoke", Map.of("token", tokens.refresh(), "client_id", Api.CLIENT,
                "token_type_hint", "refresh_token"));
        assertEquals(200, revoke.status());
        assertInvalidGrant(api.refresh(tokens.refresh()));
        assertEquals(401, api.me(tokens.access()).status());
        assertEquals(200, api.postForm("/oauth2/revoke", Map.of("token", "unknown", "client_id", Api.CLIENT)).status());
        Reply missing = api.postForm("/oauth2/revoke", Map.of("client_id", Api.CLIENT));
        assertEquals(400, missing.status());
        assertEquals("invalid_request", missing.string("error"));
    }

    @Test
    void revokingAForgedTokenThatNamesARealSessionEndsNothing() {
        Tokens tokens = api.login(api.newUser("vera"));
        String sessionId = tokens.refresh().split("\\.")[0];
        for (String forged : Api.forgeriesOf(tokens.refresh())) {
            Reply revoke = api.postForm("/oauth2/revoke", Map.of("token", forged, "client_id", Api.CLIENT,
                    "token_type_hint", "refresh_token"));
            assertEquals(200, revoke.status(), "RFC 7009 §2.2: an invalid token is no error: " + revoke);
            assertEquals("ACTIVE", Db.sessionStatus(sessionId), "a forgery ends nothing: " + forged);
        }
        assertEquals(List.of(), Db.query("SELECT seq FROM revocation WHERE session_id = ?", sessionId), "nothing in the revocation log");
        assertEquals(200, api.me(tokens.access()).status(), "the access token is not cut off");
        assertEquals(200, api.refresh(tokens.refresh()).status(), "the real token still refreshes");
    }

    @Test
    void twentyParallelRefreshesWithOneTokenYieldOneSuccessor() throws Exception {
        Tokens tokens = api.login(api.newUser("paula"));
        int parallel = 20;
        var start = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                Callable<Reply> call = () -> {
                    start.await();
                    return api.refresh(tokens.refresh());
                };
                replies.add(pool.submit(call));
            }
            start.countDown();
            Set<String> successors = new HashSet<>();
            for (Future<Reply> future : replies) {
                Reply reply = future.get();
                // The losers of the race present the previous token inside the grace window: they
                // get the winner's successor, never invalid_grant (which would sign a user out).
                assertEquals(200, reply.status(), "every racer is answered with the successor: " + reply);
                successors.add(reply.string("refresh_token"));
            }
            assertEquals(1, successors.size(), "exactly one successor, handed to every caller");
            String sessionId = tokens.refresh().split("\\.")[0];
            assertEquals(1L, Db.sessionGeneration(sessionId), "the session rotated once");
            assertEquals("ACTIVE", Db.sessionStatus(sessionId));
            assertEquals(200, api.refresh(successors.iterator().next()).status(), "and the family lives on");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theDatabaseHoldsNoPresentableRefreshToken() {
        Tokens gen0 = api.login(api.newUser("dora"));
        Tokens gen1 = rotate(gen0.refresh());
        String familyId = gen1.refresh().split("\\.")[0];
        var row = Db.query("SELECT * FROM session_family WHERE id = ?", familyId).get(0);
        String secret = gen1.refresh().split("\\.")[2];
        for (var column : row.entrySet()) {
            String value = String.valueOf(column.getValue());
            assertFalse(value.contains(secret), "column " + column.getKey() + " holds the secret");
            if (column.getValue() instanceof String text && text.length() >= 32) {
                assertInvalidGrant(api.refresh(familyId + ".1." + text));
                assertInvalidGrant(api.refresh(familyId + ".2." + text));
            }
        }
        assertEquals(64, String.valueOf(row.get("current_hash")).length(), "a SHA-256, hex");
        assertEquals(200, api.refresh(gen1.refresh()).status(), "the real token still works");
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
    void forgedRefreshTokensForARealSessionAreAuditedOncePerMinute() {
        String name = api.newUser("forged");
        Tokens tokens = api.login(name);
        String sid = api.me(tokens.access()).string("sessionId");
        for (int i = 0; i < 20; i++) {
            String forged = sid + ".0." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]).replace('A', (char) ('B' + i % 20));
            assertEquals("invalid_grant", api.refresh(forged).string("error"));
        }
        assertEquals(1, Db.query("SELECT id FROM audit_event WHERE session_id = ? AND type = 'REFRESH_REFUSED'", sid).size());
        assertEquals("ACTIVE", Db.sessionStatus(sid), "a forgery revokes nothing");
        assertEquals(200, api.refresh(tokens.refresh()).status());
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
        assertEquals("ACTIVE", Db.sessionStatus(oldest));
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
}

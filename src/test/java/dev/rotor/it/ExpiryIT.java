package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Db;
import dev.rotor.it.support.Deployments;
import dev.rotor.it.support.Reply;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

/**
 * Lifetimes that run out: with seconds-long settings, real time passes (the unit tests cover the
 * same rules with a fixed clock and no waiting). This deployment also signs with ES256, so every
 * call here proves MP JWT accepts the P-256 key from the JWKS. Self-service registration is switched
 * off here, so its users are created by the admin.
 */
class ExpiryIT extends RotorIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.rotor(
                "rotor.access.ttl=PT3S",
                "rotor.refresh.absolute-ttl=PT8S",
                "rotor.refresh.idle-ttl=PT6S",
                "rotor.refresh.grace=PT1S",
                "mp.jwt.verify.clock.skew=0",
                "rotor.signing.algorithm=ES256",
                "rotor.sessions.retention=PT1S",
                "rotor.sessions.purge-interval=PT2S",
                "rotor.audit.retention=PT3S",
                "rotor.registration.enabled=false");
    }

    /** Registration is off in this deployment: the admin creates users. */
    private String newUser(String prefix) {
        String admin = Tokens.of(api.passwordGrant("admin", "admin-it-password", Api.CLIENT)).access();
        String name = Api.uniqueName(prefix);
        Reply created = api.send(api.request("/admin/api/users", admin).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"" + name + "\",\"password\":\""
                        + Api.PASSWORD + "\",\"roles\":[\"user\"]}")).build());
        assertEquals(201, created.status(), created.toString());
        return name;
    }

    @Test
    void registrationCanBeSwitchedOff() {
        Reply refused = api.register(Api.uniqueName("nope"), Api.PASSWORD);
        assertEquals(403, refused.status(), refused.toString());
        assertTrue(refused.header("Content-Type").startsWith("application/problem+json"));
    }

    @Test
    void es256TokensAreSignedWithAnEcKeyFromTheJwks() throws Exception {
        Tokens tokens = api.login(newUser("ed"));
        var jwt = com.nimbusds.jwt.SignedJWT.parse(tokens.access());
        assertEquals(com.nimbusds.jose.JWSAlgorithm.ES256, jwt.getHeader().getAlgorithm());
        var key = com.nimbusds.jose.jwk.JWKSet.parse(api.get("/.well-known/jwks.json", null).body())
                .getKeyByKeyId(jwt.getHeader().getKeyID());
        assertTrue(jwt.verify(new com.nimbusds.jose.crypto.ECDSAVerifier(key.toECKey())));
        assertEquals(200, api.me(tokens.access()).status());
    }

    @Test
    void housekeepingDeletesEndedSessionsAfterRetentionAndKeepsLiveOnes() throws Exception {
        Tokens ended = api.login(newUser("hugo"));
        Tokens live = api.login(newUser("hana"));
        api.postForm("/oauth2/revoke", java.util.Map.of("token", ended.refresh(), "client_id", Api.CLIENT));
        String endedId = ended.refresh().split("\\.")[0];
        String liveId = live.refresh().split("\\.")[0];
        Instant deadline = Instant.now().plusSeconds(15);
        while (!Db.query("SELECT id FROM session_family WHERE id = ?", endedId).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertTrue(Db.query("SELECT id FROM session_family WHERE id = ?", endedId).isEmpty(), "the ended session was purged");
        assertEquals(1, Db.query("SELECT id FROM session_family WHERE id = ?", liveId).size(), "the live one stays");
    }

    @Test
    void expiredAccessTokenIsRefused() throws Exception {
        Tokens tokens = api.login(newUser("eve"));
        assertEquals(200, api.me(tokens.access()).status());
        Thread.sleep(4_500);
        assertEquals(401, api.me(tokens.access()).status());
    }

    @Test
    void absoluteExpiryEndsTheSessionHoweverOftenItRotated() throws Exception {
        String refresh = api.login(newUser("abe")).refresh();
        Instant loggedIn = instant(Db.query("SELECT absolute_expires_at FROM session_family WHERE id = ?",
                refresh.split("\\.")[0]).get(0).get("absolute_expires_at")).minusSeconds(8);
        int rotations = 0;
        while (Instant.now().isBefore(loggedIn.plus(Duration.ofMillis(7_000)))) {
            Reply reply = api.refresh(refresh);
            assertEquals(200, reply.status(), "rotation " + rotations + ": " + reply);
            refresh = reply.string("refresh_token");
            rotations++;
            Thread.sleep(400);
        }
        assertTrue(rotations >= 10, "rotated " + rotations + " times");
        sleepUntil(loggedIn.plusMillis(8_500));
        Reply expired = api.refresh(refresh);
        assertEquals(400, expired.status(), expired.toString());
        assertEquals("invalid_grant", expired.string("error"));
    }

    @Test
    void previousTokenAfterTheGraceWindowIsReuse() throws Exception {
        Tokens gen0 = api.login(newUser("ian"));
        Tokens gen1 = Tokens.of(api.refresh(gen0.refresh()));
        Thread.sleep(1_500);
        assertEquals("invalid_grant", api.refresh(gen0.refresh()).string("error"));
        assertEquals("invalid_grant", api.refresh(gen1.refresh()).string("error"), "the newest holder is cut off too");
        assertEquals(401, api.me(gen1.access()).status());
    }

    @Test
    void aSessionPastItsAbsoluteExpiryCutsOffItsAccessTokensBeforeTheirExp() throws Exception {
        Tokens tokens = api.login(newUser("ava"));
        String sid = api.me(tokens.access()).string("sessionId");
        Instant end = instant(Db.query("SELECT absolute_expires_at FROM session_family WHERE id = ?", sid).get(0).get("absolute_expires_at"));
        sleepUntil(end.minusMillis(4_000));
        Tokens middle = Tokens.of(api.refresh(tokens.refresh()));
        sleepUntil(end.minusMillis(1_000));
        Reply late = api.refresh(middle.refresh());
        assertEquals(200, late.status(), late.toString());
        String access = late.string("access_token");
        Instant exp = com.nimbusds.jwt.SignedJWT.parse(access).getJWTClaimsSet().getExpirationTime().toInstant();
        assertTrue(exp.isAfter(end), "the token outlives its session: " + exp + " > " + end);
        sleepUntil(end.plusMillis(300));
        assertTrue(Instant.now().isBefore(exp), "the check must run before the token's own exp");
        assertEquals(401, api.me(access).status(), "the session has expired, so its token is cut off");
    }

    private static Instant instant(Object column) {
        if (column instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) column).toInstant();
    }

    /**
     * Revocation entries past the access-token horizon (3 s here) are pruned, but the newest one
     * stays: the log's head never goes back, so a resource server whose cursor is above it knows the
     * database was restored or replaced.
     */
    @Test
    void housekeepingKeepsTheNewestRevocationSoTheHeadNeverGoesBack() throws Exception {
        for (int i = 0; i < 2; i++) {
            Tokens tokens = api.login(newUser("rev"));
            assertEquals(204, api.post("/auth/logout-all", tokens.access()).status());
        }
        long head = ((Number) Db.query("SELECT MAX(seq) AS head FROM revocation").get(0).get("head")).longValue();
        Instant deadline = Instant.now().plusSeconds(20);
        while (!Db.query("SELECT seq FROM revocation WHERE seq < ?", head).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertTrue(Db.query("SELECT seq FROM revocation WHERE seq < ?", head).isEmpty(), "older entries are pruned");
        Thread.sleep(4_500); // two more runs, every 2 s, with the newest entry past the horizon too
        // Housekeeping may itself have logged newer entries meanwhile (sessions it found expired end
        // through the log), which can prune this one; what must hold is that the log is never emptied
        // and its head never goes back.
        Object now = Db.query("SELECT MAX(seq) AS head FROM revocation").get(0).get("head");
        assertNotNull(now, "the newest entry stays: the log is never emptied");
        assertTrue(((Number) now).longValue() >= head, "the head never goes back");
    }

    @Test
    void housekeepingDeletesAuditEventsPastRetention() throws Exception {
        Tokens tokens = api.login(newUser("aud"));
        String sub = api.me(tokens.access()).string("id");
        assertTrue(!Db.query("SELECT id FROM audit_event WHERE account_id = ?", sub).isEmpty());
        Instant deadline = Instant.now().plusSeconds(20);
        while (!Db.query("SELECT id FROM audit_event WHERE account_id = ?", sub).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
        }
        assertTrue(Db.query("SELECT id FROM audit_event WHERE account_id = ?", sub).isEmpty(), "audit events past retention are gone");
    }
}

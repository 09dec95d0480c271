package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.Cutoffs;
import dev.rotor.it.support.PgDatabase;
import dev.rotor.it.support.Reply;
import dev.rotor.it.support.RotorProcess;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Rotor instances on one PostgreSQL database, started at the same time on an empty database
 * with the command line of docs/operations.md, "Running several instances", as behind a load balancer (one issuer, no sticky sessions).
 * Instance A runs in America/New_York, B in UTC. Runs in the PostgreSQL build only.
 *
 * <p>B hears of revocations only by push: it listens on PostgreSQL and reads the revocation log
 * on its own only every {@link #B_POLL} (far longer than any limit here). A does not listen and
 * reads the log every 0.5 s (the safety net every instance keeps). So what A revokes reaches B by
 * push, what B revokes reaches A by polling.
 */
class ClusterIT {

    static final String ISSUER = "http://rotor.test";
    static final Duration CUTOFF_LIMIT = Duration.ofSeconds(2);
    static final Duration B_POLL = Duration.ofSeconds(60);
    static final String LISTENERS = "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            + " AND application_name = 'rotor-revocation-listener'";

    private static PgDatabase db;
    private static RotorProcess a;
    private static RotorProcess b;
    private static long keysAfterStart;

    @BeforeAll
    static void startTwoInstancesTogether() {
        db = PgDatabase.create("127.0.0.1", 5432, "rotor_it_cluster_" + UUID.randomUUID().toString().substring(0, 8));
        a = RotorProcess.onPostgres("cluster-a", db, ISSUER).jvmOption("-Duser.timezone=America/New_York")
                .jvmOption("-Drotor.revocations.push=false");
        b = RotorProcess.onPostgres("cluster-b", db, ISSUER).jvmOption("-Drotor.revocations.poll-interval=" + B_POLL);
        RotorProcess.startTogether(a, b);
        keysAfterStart = db.count("SELECT COUNT(*) FROM signing_key"); // before any test rotates or revokes
    }

    @AfterAll
    static void stop() {
        for (RotorProcess instance : new RotorProcess[] {a, b}) {
            if (instance != null) {
                instance.stop();
            }
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void twoInstancesStartedTogetherOnAnEmptyDatabaseShareOneKeyOneAdminAndOneCsrfSecret() throws Exception {
        assertEquals(1, keysAfterStart, "one signing key");
        assertEquals(1, db.count("SELECT COUNT(*) FROM account WHERE username = 'admin'"), "one bootstrap admin");
        assertEquals(1, db.count("SELECT COUNT(*) FROM server_secret WHERE name = 'csrf-hmac'"), "one CSRF secret");
        assertEquals(JWKSet.parse(a.api().get("/.well-known/jwks.json", null).body()).toPublicJWKSet(),
                JWKSet.parse(b.api().get("/.well-known/jwks.json", null).body()).toPublicJWKSet(), "the same JWKS on both");
        Tokens onA = a.api().login(a.api().newUser("both"));
        assertEquals(200, b.api().me(onA.access()).status(), "a token signed on A verifies on B");
    }

    @Test
    void aReplayOnOneInstanceEndsTheSessionOnBoth() {
        Tokens first = a.api().login(a.api().newUser("replay"));
        Reply second = b.api().refresh(first.refresh());
        assertEquals(200, second.status(), second.toString());
        Tokens third = Tokens.of(b.api().refresh(second.string("refresh_token")));
        assertEquals(200, a.api().me(third.access()).status());
        assertEquals(200, b.api().me(third.access()).status());

        Reply replay = a.api().refresh(first.refresh());
        assertEquals("invalid_grant", replay.string("error"), "two generations back is a replay: " + replay);

        assertEquals(400, a.api().refresh(third.refresh()).status(), "the newest refresh token fails on A");
        assertEquals(400, b.api().refresh(third.refresh()).status(), "and on B");
        assertEquals(401, a.api().me(third.access()).status(), "A, which saw the replay, refuses the access token at once");
        Duration onB = Cutoffs.refusedWithin(b.api(), third.access(), CUTOFF_LIMIT);
        System.out.println("ClusterIT: reuse on A cut off on B after " + onB.toMillis() + " ms");
    }

    /** Rotated in New York, retried in UTC: with zone-less timestamps this looked five hours old, i.e. reuse. */
    @Test
    void aRetryOnTheOtherInstanceInsideTheGraceWindowGetsTheSameSuccessor() {
        Tokens first = a.api().login(a.api().newUser("retry"));
        Reply rotated = a.api().refresh(first.refresh());
        assertEquals(200, rotated.status(), rotated.toString());
        Reply retried = b.api().refresh(first.refresh());
        assertEquals(200, retried.status(), "a retry on B inside the grace window: " + retried);
        assertEquals(rotated.string("refresh_token"), retried.string("refresh_token"), "the same successor");
        assertEquals(200, b.api().refresh(retried.string("refresh_token")).status(), "and the session lives on");
    }

    @Test
    void logoutAllOnOneInstanceCutsOffTheAccessTokenOnTheOtherWithinTwoSeconds() {
        Tokens tokens = a.api().login(a.api().newUser("logoutall"));
        assertEquals(200, a.api().me(tokens.access()).status(), "A has seen the session alive");
        assertEquals(204, b.api().post("/auth/logout-all", tokens.access()).status());
        Duration onA = Cutoffs.refusedWithin(a.api(), tokens.access(), CUTOFF_LIMIT);
        System.out.println("ClusterIT: logout-all on B cut off on A after " + onA.toMillis() + " ms");
        assertEquals(400, a.api().refresh(tokens.refresh()).status(), "the session ended everywhere");
    }

    @Test
    void revokingTheSigningKeyOnOneInstanceRefusesItsTokensOnTheOtherWithinTwoSeconds() throws Exception {
        Tokens tokens = a.api().login(a.api().newUser("keyrevoke"));
        assertEquals(200, b.api().me(tokens.access()).status(), "B has accepted the token");
        String kid = SignedJWT.parse(tokens.access()).getHeader().getKeyID();
        String admin = a.api().passwordGrant("admin", RotorProcess.ADMIN_PASSWORD, Api.CLIENT).string("access_token");

        assertEquals(204, a.api().post("/admin/api/keys/" + kid + "/revoke", admin).status());

        Duration onB = Cutoffs.refusedWithin(b.api(), tokens.access(), CUTOFF_LIMIT);
        System.out.println("ClusterIT: key revoked on A, its token refused on B after " + onB.toMillis() + " ms");
        assertEquals(0, db.count("SELECT COUNT(*) FROM signing_key WHERE kid = '" + kid + "' AND revoked_at IS NULL"));
        Tokens fresh = Tokens.of(b.api().refresh(tokens.refresh()));
        assertNotEquals(kid, SignedJWT.parse(fresh.access()).getHeader().getKeyID(), "B signs with the replacement");
        long deadline = System.nanoTime() + CUTOFF_LIMIT.toNanos();
        while (a.api().me(fresh.access()).status() != 200) { // A follows the replacement too (and later tests need it)
            assertTrue(System.nanoTime() < deadline, "A does not accept the replacement key's token");
            Thread.sleep(50);
        }
    }

    @Test
    void disablingOnOneInstanceCutsOffTheUserOnTheOtherWithinTwoSeconds() {
        String name = a.api().newUser("disable");
        Tokens user = b.api().login(name);
        Reply me = b.api().me(user.access());
        assertEquals(200, me.status(), "B has seen the session alive");
        String admin = a.api().passwordGrant("admin", RotorProcess.ADMIN_PASSWORD, Api.CLIENT).string("access_token");
        var patch = a.api().request("/admin/api/users/" + me.string("id"), admin)
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\":false}"))
                .build();
        Reply disabled = a.api().send(patch);
        assertEquals(200, disabled.status(), disabled.toString());
        Duration onB = Cutoffs.refusedWithin(b.api(), user.access(), CUTOFF_LIMIT);
        System.out.println("ClusterIT: disable on A cut off on B after " + onB.toMillis() + " ms");
        assertEquals(400, b.api().refresh(user.refresh()).status(), "no refresh either");
        assertTrue(b.api().passwordGrant(name, Api.PASSWORD, Api.CLIENT).status() >= 400, "nor a new sign-in");
    }

    @Test
    void aRevocationOnAReachesBByPushLongBeforeBReadsTheLogByItself() throws Exception {
        awaitListeners(1);
        Tokens tokens = a.api().login(a.api().newUser("pushed"));
        assertEquals(200, b.api().me(tokens.access()).status(), "B has seen the session alive");
        assertEquals(204, a.api().post("/auth/logout-all", tokens.access()).status());
        Duration onB = Cutoffs.refusedWithin(b.api(), tokens.access(), CUTOFF_LIMIT);
        System.out.println("ClusterIT: logout-all on A pushed to B (which polls every " + B_POLL.toSeconds() + " s), refused after "
                + onB.toMillis() + " ms");
        assertEquals(1, listeners().size(), "one listening connection: B's (A has push off)");
    }

    @Test
    void whenBsListeningConnectionIsCutBListensAgainAndRevocationsAreStillPushed() throws Exception {
        Object before = awaitListeners(1).get(0);
        db.query("SELECT pg_terminate_backend(?)", before);
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!(listeners().size() == 1 && !listeners().contains(before))) {
            assertTrue(System.nanoTime() < deadline, "B did not listen again; listening connections: " + listeners());
            Thread.sleep(100);
        }
        Tokens tokens = a.api().login(a.api().newUser("relisten"));
        assertEquals(200, b.api().me(tokens.access()).status(), "B has seen the session alive");
        assertEquals(204, a.api().post("/auth/logout-all", tokens.access()).status());
        Duration onB = Cutoffs.refusedWithin(b.api(), tokens.access(), CUTOFF_LIMIT);
        System.out.println("ClusterIT: after its listening connection was cut, B refused a token revoked on A after " + onB.toMillis() + " ms");
    }

    /** The process ids of the connections listening for revocations. */
    private static List<Object> listeners() {
        return db.query(LISTENERS).stream().map(row -> row.get("pid")).toList();
    }

    /** Waits (10 s at most) until exactly {@code count} connections listen (B's listener connects in the background). */
    private static List<Object> awaitListeners(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (listeners().size() != count) {
            assertTrue(System.nanoTime() < deadline, "listening connections: " + listeners() + ", expected " + count);
            Thread.sleep(100);
        }
        return listeners();
    }
}

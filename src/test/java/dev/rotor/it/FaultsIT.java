package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.PgDatabase;
import dev.rotor.it.support.RefreshLoad;
import dev.rotor.it.support.Reply;
import dev.rotor.it.support.RotorProcess;
import dev.rotor.it.support.ThrowawayPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Faults with two instances on a throwaway PostgreSQL of this test's own ({@link ThrowawayPostgres}):
 * the database stopped under refresh load, and {@code kill -9} of one instance under refresh load.
 * Profile {@code faults} only (mvn verify -Pfaults): it stops a database server.
 */
class FaultsIT {

    private static ThrowawayPostgres postgres;
    private static PgDatabase db;
    private static RotorProcess a;
    private static RotorProcess b;

    @BeforeAll
    static void startTwoInstancesOnAThrowawayDatabaseServer() {
        postgres = new ThrowawayPostgres(Path.of(System.getProperty("rotor.it.basedir", "."), "target", "pg-faults"));
        postgres.destroy();
        postgres.start();
        db = PgDatabase.create("127.0.0.1", postgres.port(), "rotor_faults");
        a = RotorProcess.onPostgres("faults-a", db, ClusterIT.ISSUER);
        b = RotorProcess.onPostgres("faults-b", db, ClusterIT.ISSUER);
        // One after the other: the first-start race has its own test (ClusterIT); these are about faults.
        a.start().awaitReady();
        b.start().awaitReady();
    }

    @AfterAll
    static void stop() {
        for (RotorProcess instance : new RotorProcess[] {a, b}) {
            if (instance != null) {
                instance.stop();
            }
        }
        if (postgres != null) {
            postgres.destroy();
        }
    }

    @Test
    void withTheDatabaseStoppedSignInAndRefreshAnswer503ProtectedCallsGoOnAndEveryInstanceRecovers() throws Exception {
        Tokens tokenA = a.api().login(a.api().newUser("outage"));
        Tokens tokenB = b.api().login(b.api().newUser("outage"));
        Tokens unseenOnA = b.api().login(b.api().newUser("outage"));
        String name = a.api().newUser("outage");
        for (RotorProcess instance : List.of(a, b)) {
            assertEquals(200, instance.api().me(tokenA.access()).status(), "cut-off cache warm on " + instance.name());
            assertEquals(200, instance.api().me(tokenB.access()).status());
        }
        RefreshLoad load = new RefreshLoad(List.of(a, b), 4).start();
        Thread.sleep(2_000);

        long stopped = System.nanoTime();
        postgres.stop();
        try {
            for (RotorProcess instance : List.of(a, b)) {
                Api api = instance.api();
                long asked = System.nanoTime();
                Reply login = api.postJson("/auth/login", "{\"username\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\"}");
                long loginMs = Duration.ofNanos(System.nanoTime() - asked).toMillis();
                assertUnavailableProblem(login, instance.name() + " /auth/login");
                assertUnavailableOAuth(api.passwordGrant(name, Api.PASSWORD, Api.CLIENT), instance.name() + " password grant");
                asked = System.nanoTime();
                Reply refresh = api.refresh(tokenA.refresh());
                long refreshMs = Duration.ofNanos(System.nanoTime() - asked).toMillis();
                assertUnavailableOAuth(refresh, instance.name() + " refresh grant");
                System.out.println("FaultsIT: " + instance.name() + " with the database down: sign-in 503 in " + loginMs
                        + " ms, refresh 503 in " + refreshMs + " ms");
                assertEquals(200, api.me(tokenA.access()).status(), instance.name() + ": a valid access token still works");
                assertEquals(200, api.me(tokenB.access()).status(), instance.name() + ": a valid access token still works");
                if (instance == a) {
                    assertUnavailableProblem(api.me(unseenOnA.access()), "a session A has not seen yet needs the database");
                }
                Reply ready = api.get("/health/ready", null);
                assertEquals(503, ready.status(), instance.name() + " readiness DOWN: " + ready);
            }
            Thread.sleep(Math.max(0, 5_000 - Duration.ofNanos(System.nanoTime() - stopped).toMillis()));
        } finally {
            postgres.start();
        }
        restarted = System.nanoTime();
        System.out.println("FaultsIT: database down for " + Duration.ofNanos(restarted - stopped).toMillis() + " ms");

        for (RotorProcess instance : List.of(a, b)) {
            Duration recovered = awaitSignIn(instance, name, Duration.ofSeconds(60));
            System.out.println("FaultsIT: " + instance.name() + " signs in again " + recovered.toMillis()
                    + " ms after the database came back");
            Duration ready = awaitReady(instance, Duration.ofSeconds(30));
            System.out.println("FaultsIT: " + instance.name() + " /health/ready UP " + ready.toMillis()
                    + " ms after the database came back");
        }
        Thread.sleep(1_000);
        load.stop();
        System.out.println("FaultsIT: answers under load during the outage: " + load.answers());

        assertEquals(List.of(), load.failures());
        for (var answer : load.answers().entrySet()) {
            assertFalse(answer.getKey().endsWith(" 500"), "a 500 under load: " + load.answers());
        }
        assertTrue(load.count("faults-a 503") + load.count("faults-b 503") > 0, "the load saw the outage: " + load.answers());
        assertEveryLoadSessionIsIntact(load);
    }

    @Test
    void killDashNineOfOneInstanceUnderRefreshLoadLosesAndForksNoSession() throws Exception {
        RefreshLoad load = new RefreshLoad(List.of(a, b), 6).start();
        Thread.sleep(4_000);
        a.kill();
        int servedByBBefore = load.count("faults-b 200");
        Thread.sleep(4_000);
        int servedByBAlone = load.count("faults-b 200") - servedByBBefore;
        a.start().awaitReady();
        int servedByABefore = load.count("faults-a 200");
        Thread.sleep(3_000);
        load.stop();
        System.out.println("FaultsIT: answers around kill -9: " + load.answers() + "; B served " + servedByBAlone
                + " rotations in the 4 s after A was killed");

        assertEquals(List.of(), load.failures(), "no fork, no session refused");
        assertTrue(servedByBAlone > 0, "B kept serving");
        assertTrue(load.count("faults-a 200") > servedByABefore, "A rejoined and serves rotations again");
        assertEveryLoadSessionIsIntact(load);
    }

    /** The row holds exactly the generation the client was last handed, the session is active and refreshes on both. */
    private static void assertEveryLoadSessionIsIntact(RefreshLoad load) {
        for (RefreshLoad.Client client : load.clients()) {
            List<Map<String, Object>> rows = db.query("SELECT status, generation FROM session_family WHERE id = ?", client.sessionId());
            assertEquals(1, rows.size(), "one row per session");
            assertEquals("ACTIVE", rows.get(0).get("status"), "session " + client.sessionId());
            assertEquals(client.generation(), ((Number) rows.get(0).get("generation")).longValue(),
                    "the stored generation is the last one handed out");
            Reply onA = a.api().refresh(client.current());
            assertEquals(200, onA.status(), "the newest token refreshes on A: " + onA);
            assertEquals(200, b.api().refresh(onA.string("refresh_token")).status(), "and its successor on B");
        }
    }

    private static void assertUnavailableProblem(Reply reply, String what) {
        assertEquals(503, reply.status(), what + ": " + reply);
        assertNotNull(reply.header("Retry-After"), what + " has Retry-After");
        assertEquals("application/problem+json", reply.header("Content-Type"), what);
        assertNoStackTrace(reply, what);
    }

    private static void assertUnavailableOAuth(Reply reply, String what) {
        assertEquals(503, reply.status(), what + ": " + reply);
        assertEquals("temporarily_unavailable", reply.string("error"), what);
        assertNotNull(reply.header("Retry-After"), what + " has Retry-After");
        assertNoStackTrace(reply, what);
    }

    private static void assertNoStackTrace(Reply reply, String what) {
        assertFalse(reply.body().contains("Exception") || reply.body().contains("\tat ") || reply.body().contains("access_token"),
                what + " leaks internals or a token: " + reply.body());
    }

    /** Readiness comes back once the instance has read the revocation log again (polled every 0.5 s). */
    private Duration awaitReady(RotorProcess instance, Duration limit) throws InterruptedException {
        while (true) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - restarted);
            Reply ready = instance.api().get("/health/ready", null);
            if (ready.status() == 200) {
                return elapsed;
            }
            assertTrue(elapsed.compareTo(limit) < 0, instance.name() + " not ready " + limit + " after the database came back: " + ready);
            Thread.sleep(100);
        }
    }

    private long restarted;

    private static Duration awaitSignIn(RotorProcess instance, String name, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        while (true) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (instance.api().passwordGrant(name, Api.PASSWORD, Api.CLIENT).status() == 200) {
                return elapsed;
            }
            assertTrue(elapsed.compareTo(limit) < 0, instance.name() + " did not recover within " + limit);
            Thread.sleep(100);
        }
    }
}

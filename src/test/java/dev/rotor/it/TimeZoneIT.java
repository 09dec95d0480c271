package dev.rotor.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.it.support.Api;
import dev.rotor.it.support.Api.Tokens;
import dev.rotor.it.support.PgDatabase;
import dev.rotor.it.support.Reply;
import dev.rotor.it.support.RotorProcess;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rotor in a JVM whose default zone is America/New_York (UTC-5/-4): the instants it reports, the
 * instants it stores and its grace window are the UTC ones. The database is read back here in a
 * UTC JVM as {@link OffsetDateTime}: a column written through the server's zone would be hours off.
 * Runs on H2 and, in the PostgreSQL run, on a database of its own.
 */
class TimeZoneIT {

    private static PgDatabase pg;
    private static RotorProcess rotor;
    private static Api api;

    @BeforeAll
    static void startInNewYork() {
        if ("postgresql".equals(System.getProperty("rotor.db"))) {
            pg = PgDatabase.create("127.0.0.1", 5432, "rotor_it_tz_" + UUID.randomUUID().toString().substring(0, 8));
            rotor = RotorProcess.onPostgres("tz-new-york", pg, "http://rotor.test");
        } else {
            rotor = RotorProcess.onH2("tz-new-york");
        }
        rotor.jvmOption("-Duser.timezone=America/New_York").jvmOption("-Drotor.refresh.grace=PT3S");
        rotor.start().awaitReady();
        api = rotor.api();
    }

    @AfterAll
    static void stop() {
        if (rotor != null) {
            rotor.stop();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void expiriesInTheLoginAnswerAndInTheDatabaseAreTheUtcInstants() throws Exception {
        String name = api.newUser("tz");
        Instant before = Instant.now();
        Reply login = api.postJson("/auth/login", "{\"username\":\"" + name + "\",\"password\":\"" + Api.PASSWORD + "\"}");
        assertEquals(200, login.status(), login.toString());
        String sessionId = login.string("sessionId");
        Instant accessExpires = Instant.parse(login.string("accessExpiresAt"));
        Instant refreshExpires = Instant.parse(login.string("refreshExpiresAt"));

        assertNear(before.plus(Duration.ofMinutes(15)), accessExpires, "access expiry = now + rotor.access.ttl");
        assertNear(before.plus(Duration.ofDays(7)), refreshExpires, "session expiry = now + rotor.refresh.idle-ttl");
        assertEquals(refreshExpires.truncatedTo(ChronoUnit.MILLIS),
                stored("SELECT idle_expires_at FROM session_family WHERE id = ?", sessionId).truncatedTo(ChronoUnit.MILLIS),
                "the stored idle expiry is the reported instant");
        assertNear(before.plus(Duration.ofDays(30)), stored("SELECT absolute_expires_at FROM session_family WHERE id = ?", sessionId),
                "the stored absolute expiry");
        assertNear(before, stored("SELECT created_at FROM session_family WHERE id = ?", sessionId), "created now");
        assertNear(before, stored("SELECT rotated_at FROM session_family WHERE id = ?", sessionId), "rotated now");
    }

    @Test
    void aRetryInsideTheGraceWindowGetsTheSameSuccessorAndAReplayAfterItEndsTheSession() throws Exception {
        Tokens first = api.login(api.newUser("tz"));
        Reply rotated = api.refresh(first.refresh());
        assertEquals(200, rotated.status(), rotated.toString());
        Reply retried = api.refresh(first.refresh());
        assertEquals(200, retried.status(), "a retry inside the grace window: " + retried);
        assertEquals(rotated.string("refresh_token"), retried.string("refresh_token"), "the same successor");

        Thread.sleep(3_500);
        assertEquals(400, api.refresh(first.refresh()).status(), "after the 3 s grace window it is a replay");
        assertEquals(400, api.refresh(rotated.string("refresh_token")).status(), "which ended the session");
    }

    private static void assertNear(Instant expected, Instant actual, String what) {
        long millis = Math.abs(Duration.between(expected, actual).toMillis());
        assertTrue(millis < 60_000, what + ": expected about " + expected + " but was " + actual);
    }

    private static Instant stored(String sql, String id) throws SQLException {
        String url = pg != null ? pg.jdbcUrl() : rotor.h2Url();
        try (var connection = DriverManager.getConnection(url); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, id);
            try (var rows = statement.executeQuery()) {
                assertTrue(rows.next(), "row " + id);
                return rows.getObject(1, OffsetDateTime.class).toInstant();
            }
        }
    }
}

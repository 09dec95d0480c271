package dev.rotor.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V6 turns every instant column into TIMESTAMP WITH TIME ZONE. Rows written before it hold the
 * writer's wall-clock time; they must come out as the instants that were meant.
 */
class InstantsInUtcMigrationTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final Instant CREATED = Instant.parse("2026-03-08T06:30:00Z"); // 01:30 EST, before the DST change
    private static final Instant EXPIRES = Instant.parse("2026-03-08T07:30:00Z"); // 03:30 EDT, after it

    private JdbcDataSource cut;

    @BeforeEach
    void emptyDatabase() {
        cut = new JdbcDataSource();
        cut.setURL("jdbc:h2:mem:v6-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Test
    void rowsWrittenInNewYorkWallClockTimeBecomeTheSameInstants() throws Exception {
        migrate("2", NEW_YORK);
        String accountId = UUID.randomUUID().toString();
        try (Connection c = cut.getConnection()) {
            try (var insert = c.prepareStatement("INSERT INTO account (id, username, password_hash, roles, enabled, created_at, tokens_valid_after, version) VALUES (?, 'ny', 'h', 'user', TRUE, ?, NULL, 0)")) {
                insert.setString(1, accountId);
                insert.setObject(2, wallClock(CREATED));
                insert.executeUpdate();
            }
            try (var insert = c.prepareStatement("INSERT INTO session_family (id, account_id, client_id, created_at, last_used_at, absolute_expires_at, idle_expires_at, generation, rotated_at, current_hash, chain_seed, status) VALUES ('f1', ?, 'rotor-cli', ?, ?, ?, ?, 0, ?, 'h', 's', 'ACTIVE')")) {
                insert.setString(1, accountId);
                insert.setObject(2, wallClock(CREATED));
                insert.setObject(3, wallClock(CREATED));
                insert.setObject(4, wallClock(EXPIRES));
                insert.setObject(5, wallClock(EXPIRES));
                insert.setObject(6, wallClock(CREATED));
                insert.executeUpdate();
            }
        }

        migrate("6", NEW_YORK);

        assertEquals(CREATED, instant("SELECT created_at FROM account"));
        assertEquals(EXPIRES, instant("SELECT absolute_expires_at FROM session_family"));
        assertEquals(EXPIRES, instant("SELECT idle_expires_at FROM session_family"));
        assertEquals(CREATED, instant("SELECT rotated_at FROM session_family"));
    }

    @Test
    void convertedColumnsKeepTheirNotNullConstraints() throws Exception {
        migrate("6", ZoneId.of("UTC"));
        try (Connection c = cut.getConnection(); var statement = c.createStatement()) {
            assertThrows(SQLException.class, () -> statement.executeUpdate(
                    "INSERT INTO server_secret (name, secret, created_at) VALUES ('x', 'y', NULL)"));
            statement.executeUpdate("INSERT INTO server_secret (name, secret, created_at) VALUES ('x', 'y', TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
        }
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), instant("SELECT created_at FROM server_secret"));
    }

    private void migrate(String target, ZoneId legacyZone) {
        Migrations.configure(cut, getClass().getClassLoader(), legacyZone).target(target).load().migrate();
    }

    /** What the old converter stored: the writer JVM's local time, here New York's. */
    private static LocalDateTime wallClock(Instant instant) {
        return LocalDateTime.ofInstant(instant, NEW_YORK);
    }

    private Instant instant(String sql) throws SQLException {
        try (Connection c = cut.getConnection(); var rows = c.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getObject(1, OffsetDateTime.class).toInstant();
        }
    }
}

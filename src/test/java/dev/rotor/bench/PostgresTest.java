package dev.rotor.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The psql line that gives each server a fresh database, with the statement log only when asked. */
class PostgresTest {

    private final Postgres postgres = new Postgres(Options.parse(new String[0]));

    @Test
    void theStatementLogIsTurnedOnForTheFreshDatabaseOnlyWhenAsked() {
        List<String> logged = postgres.recreateCommand("keycloak_bench", true);
        assertEquals(List.of("-c", "ALTER DATABASE keycloak_bench SET log_statement = 'all'"), logged.subList(logged.size() - 2, logged.size()));
        assertFalse(String.join(" ", postgres.recreateCommand("keycloak_bench", false)).contains("log_statement"));
    }
}

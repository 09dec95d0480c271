package dev.rotor.platform;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/** Brings the schema up to date with the versioned scripts in {@code db/migration}. */
@ApplicationScoped
public class Migrations {

    private static final Logger LOG = Logger.getLogger(Migrations.class.getName());

    @Resource(lookup = "jdbc/rotor")
    DataSource dataSource;

    /**
     * The zone in which rows written before V6 (TIMESTAMP without zone, written through the
     * writer's JVM zone) are interpreted; unset means this JVM's default zone.
     */
    @Inject
    @ConfigProperty(name = "rotor.migration.legacy-zone")
    Optional<String> legacyZone;

    /** The schema version this start found (null: an empty database), before migrating. */
    private volatile String foundVersion;

    public void migrate() {
        ZoneId zone = legacyZone.filter(z -> !z.isBlank()).map(ZoneId::of).orElse(ZoneId.systemDefault());
        var result = configure(dataSource, getClass().getClassLoader(), zone).load().migrate();
        foundVersion = result.initialSchemaVersion;
        LOG.info(() -> "Schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now)");
    }

    /** True when this start found a schema older than {@code version} and brought it up to date (false on an empty database). */
    public boolean startedBelow(int version) {
        String found = foundVersion;
        return found != null && !found.isBlank() && Integer.parseInt(found.split("\\.")[0]) < version;
    }

    /** The Flyway set-up of the service (also used by the migration tests). */
    public static FluentConfiguration configure(DataSource dataSource, ClassLoader classLoader, ZoneId legacyZone) {
        return Flyway.configure(classLoader)
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of(
                        "legacy_zone", sqlZone(legacyZone),
                        "session_zone", sqlZone(ZoneId.systemDefault())));
    }

    /** A zone name both databases accept: {@code Z} (Java's name for a UTC offset) is not one of PostgreSQL's. */
    static String sqlZone(ZoneId zone) {
        return zone.normalized().equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
    }
}

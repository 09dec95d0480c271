package dev.rotor.session.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Tells every instance listening on PostgreSQL that the revocation log has a new entry: a
 * {@code pg_notify} on {@link #CHANNEL} in the transaction that writes the entry, so PostgreSQL
 * delivers it only when that transaction commits (never for a rolled-back one). The notice carries
 * nothing but "read the log now"; the log stays the only truth. Sent on PostgreSQL whether this
 * instance listens or not ({@code rotor.revocations.push}), so every instance that listens hears
 * every other; nothing is sent on H2.
 */
@ApplicationScoped
public class RevocationSignal {

    /** The PostgreSQL channel every instance listens on. */
    public static final String CHANNEL = "rotor_revocations";

    @Resource(lookup = "jdbc/rotor")
    DataSource dataSource;

    volatile Boolean postgres; // null until asked; tests on H2 set it

    /** Whether the database is PostgreSQL (asked once). */
    public boolean onPostgres() {
        Boolean known = postgres;
        if (known == null) {
            try (var connection = dataSource.getConnection()) {
                known = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot reach the database jdbc/rotor", e);
            }
            postgres = known;
        }
        return known;
    }

    /** Queues the notice in the current transaction of {@code em}; PostgreSQL sends it at commit. */
    void announce(EntityManager em) {
        if (onPostgres()) {
            em.createNativeQuery("SELECT pg_notify('" + CHANNEL + "', '')").getResultList();
        }
    }
}

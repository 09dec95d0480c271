package dev.rotor.custody.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.rotor.custody.entity.ServerSecret;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.TestPersistence;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shared secrets on a migrated in-memory H2 database, with a real KEK. */
class SealedSecretsTest {

    JdbcDataSource h2;
    EntityManagerFactory emf;
    EntityManager em;
    KeyCustody custody = new KeyCustody();
    SealedSecrets cut = new SealedSecrets();

    @BeforeEach
    void database() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:sealed-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, ServerSecret.class, ClusterLock.class, InstantConverter.class);
        em = emf.createEntityManager();
        custody.kekText = Optional.of(KeyEncryptionKey.generate().toBase64());
        custody.previousKekText = Optional.empty();
        custody.kekFile = Optional.empty();
        custody.load();
        var locks = new ClusterLocks();
        set(locks, "em", em);
        cut.em = em;
        cut.clock = Clock.systemUTC();
        cut.custody = custody;
        cut.locks = locks;
    }

    @AfterEach
    void close() {
        em.close();
        emf.close();
    }

    @Test
    void theFirstCallMakesASealedSecretAndLaterCallsReadTheSameOne() throws Exception {
        byte[] made = inTransaction(() -> cut.loadOrCreate("test-hmac"));
        assertEquals(SealedSecrets.KEY_BYTES, made.length);
        assertArrayEquals(made, inTransaction(() -> cut.loadOrCreate("test-hmac")));

        String[] row = row("test-hmac");
        assertEquals(custody.kekId(), row[1], "sealed with the current KEK");
        assertNotEquals(Base64.getEncoder().encodeToString(made), row[0], "never stored in the clear");
        assertFalse(Arrays.equals(made, inTransaction(() -> cut.loadOrCreate("other-hmac"))), "another name, another secret");
    }

    @Test
    void aPlaintextRowFromBeforeKeyCustodyIsReadAndSealedInPlace() throws Exception {
        byte[] old = new byte[32];
        old[0] = 42;
        try (Connection c = h2.getConnection(); var s = c.prepareStatement(
                "INSERT INTO server_secret (name, secret, kek_id, created_at) VALUES ('test-hmac', ?, NULL, CURRENT_TIMESTAMP)")) {
            s.setString(1, Base64.getEncoder().encodeToString(old));
            s.executeUpdate();
        }

        assertArrayEquals(old, inTransaction(() -> cut.loadOrCreate("test-hmac")));
        assertEquals(custody.kekId(), row("test-hmac")[1]);
        assertArrayEquals(old, inTransaction(() -> cut.loadOrCreate("test-hmac")), "the same key after sealing");
    }

    private <T> T inTransaction(Supplier<T> step) {
        em.getTransaction().begin();
        try {
            T result = step.get();
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.clear();
        }
    }

    private String[] row(String name) throws Exception {
        try (Connection c = h2.getConnection();
             var s = c.prepareStatement("SELECT secret, kek_id FROM server_secret WHERE name = ?")) {
            s.setString(1, name);
            try (var rows = s.executeQuery()) {
                rows.next();
                return new String[] {rows.getString(1), rows.getString(2)};
            }
        }
    }

    private static void set(Object bean, String field, Object value) throws ReflectiveOperationException {
        Field f = bean.getClass().getDeclaredField(field);
        f.setAccessible(true);
        f.set(bean, value);
    }
}

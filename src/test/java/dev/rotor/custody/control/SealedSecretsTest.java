package dev.rotor.custody.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void aPlaintextRowIsRefusedOutsideTheStartThatUpgradesFromBeforeKeyCustody() throws Exception {
        insertPlaintext("test-hmac", new byte[32]);
        assertThrows(KeyCustodyException.class, () -> inTransaction(() -> cut.loadOrCreate("test-hmac")));
        assertThrows(KeyCustodyException.class, () -> inTransaction(() -> {
            cut.resealAll();
            return null;
        }));
        assertNull(row("test-hmac")[1], "left as it was");
    }

    @Test
    void theStartThatUpgradesFromBeforeKeyCustodySealsAPlaintextRowInPlace() throws Exception {
        byte[] old = new byte[32];
        old[0] = 42;
        insertPlaintext("test-hmac", old);
        custody.migrations = new Migrations() {
            @Override
            public boolean startedBelow(int version) {
                return version == KeyCustody.KEY_CUSTODY_VERSION;
            }
        };
        custody.load();

        inTransaction(() -> {
            cut.resealAll();
            return null;
        });

        assertEquals(custody.kekId(), row("test-hmac")[1]);
        assertArrayEquals(old, inTransaction(() -> cut.loadOrCreate("test-hmac")), "the same key after sealing");
    }

    @Test
    void theStartSealsEverySecretUnderTheNewKekSoThePreviousKekIsNotNeededAfterIt() throws Exception {
        byte[] made = inTransaction(() -> cut.loadOrCreate("test-hmac"));
        var oldKek = KeyEncryptionKey.fromBase64(custody.kekText.orElseThrow(), "test");
        var newKek = KeyEncryptionKey.generate();
        cut.custody = TestCustody.with(newKek, oldKek);
        inTransaction(() -> {
            cut.resealAll();
            return null;
        });
        assertEquals(newKek.id(), row("test-hmac")[1], "sealed again at start, before anything used it");

        cut.custody = TestCustody.with(newKek, null);
        assertArrayEquals(made, inTransaction(() -> cut.loadOrCreate("test-hmac")), "opens without the previous KEK");
    }

    @Test
    void aSecretWhoseRowChangedBehindRotorsBackDoesNotOpen() throws Exception {
        inTransaction(() -> cut.loadOrCreate("test-hmac"));
        try (Connection c = h2.getConnection(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE server_secret SET created_at = TIMESTAMP WITH TIME ZONE '2020-01-01 00:00:00+00'");
        }
        assertThrows(KeyCustodyException.class, () -> inTransaction(() -> cut.loadOrCreate("test-hmac")));
    }

    private void insertPlaintext(String name, byte[] secret) throws Exception {
        try (Connection c = h2.getConnection(); var s = c.prepareStatement(
                "INSERT INTO server_secret (name, secret, kek_id, created_at) VALUES (?, ?, NULL, CURRENT_TIMESTAMP)")) {
            s.setString(1, name);
            s.setString(2, Base64.getEncoder().encodeToString(secret));
            s.executeUpdate();
        }
    }

    private <T> T inTransaction(Supplier<T> step) {
        return TestPersistence.inTransaction(em, step);
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

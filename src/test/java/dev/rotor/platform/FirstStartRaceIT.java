package dev.rotor.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.nimbusds.jose.JWSAlgorithm;
import dev.rotor.account.control.AdminBootstrap;
import dev.rotor.account.control.Accounts;
import dev.rotor.account.control.PasswordHasher;
import dev.rotor.account.entity.Account;
import dev.rotor.audit.entity.AuditEvent;
import dev.rotor.browser.control.CsrfGuard;
import dev.rotor.custody.control.KeyCustody;
import dev.rotor.custody.control.KeyEncryptionKey;
import dev.rotor.custody.control.SealedSecrets;
import dev.rotor.custody.entity.ServerSecret;
import dev.rotor.token.control.KeyRotation;
import dev.rotor.token.entity.SigningKey;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Several instances starting at once on an empty database end with one signing key,
 * one CSRF secret and one admin. Runs Rotor's own start-up steps (KeyRotation, CsrfGuard,
 * AdminBootstrap) on N threads, each with its own connection as an instance would have, released
 * together, against a fresh schema of the profile's database (H2 file, or a new PostgreSQL schema).
 */
class FirstStartRaceIT {

    private static final int INSTANCES = 6;

    private final List<Runnable> cleanUp = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        cleanUp.forEach(Runnable::run);
    }

    @Test
    void instancesStartingTogetherOnAnEmptyDatabaseCreateOneKeyOneSecretOneAdmin() throws Exception {
        DataSource dataSource = emptyDatabase();
        dev.rotor.platform.Migrations.configure(dataSource, getClass().getClassLoader(), java.time.ZoneId.of("UTC")).load().migrate();
        EntityManagerFactory emf = TestPersistence.on(dataSource, SigningKey.class, ServerSecret.class, ClusterLock.class,
                Account.class, AuditEvent.class, InstantConverter.class);
        cleanUp.add(0, emf::close);
        String kek = KeyEncryptionKey.generate().toBase64();

        var go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        List<Future<?>> starts = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            starts.add(pool.submit(() -> {
                go.await();
                startOneInstance(emf, kek);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> start : starts) {
            start.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(1L, count(dataSource, "SELECT COUNT(*) FROM signing_key"), "one signing key");
        assertEquals(1L, count(dataSource, "SELECT COUNT(*) FROM server_secret"), "one CSRF secret");
        assertEquals(1L, count(dataSource, "SELECT COUNT(*) FROM account WHERE username = 'admin'"), "one admin");
    }

    /** What StartUp does after the migrations, as one instance: its own entity manager, one transaction per step. */
    private static void startOneInstance(EntityManagerFactory emf, String kek) {
        EntityManager em = emf.createEntityManager();
        try {
            Clock clock = Clock.systemUTC();
            var locks = new ClusterLocks();
            set(locks, "em", em);
            var custody = new KeyCustody();
            set(custody, "kekText", Optional.of(kek));
            set(custody, "previousKekText", Optional.empty());
            set(custody, "kekFile", Optional.empty());
            custody.load();

            var rotation = new KeyRotation();
            set(rotation, "em", em);
            set(rotation, "clock", clock);
            set(rotation, "locks", locks);
            set(rotation, "custody", custody);
            set(rotation, "settings", RotorSettings.defaults());
            inTransaction(em, () -> rotation.sealAndEnsureCurrent(JWSAlgorithm.RS256));

            var secrets = new SealedSecrets();
            set(secrets, "em", em);
            set(secrets, "clock", clock);
            set(secrets, "custody", custody);
            set(secrets, "locks", locks);
            var csrf = new CsrfGuard();
            set(csrf, "secrets", secrets);
            inTransaction(em, csrf::load);

            var accounts = new Accounts();
            set(accounts, "em", em);
            set(accounts, "clock", clock);
            set(accounts, "hasher", new PasswordHasher() {
                @Override
                public String hash(String rawPassword) {
                    return "test-hash";
                }
            });
            var bootstrap = new AdminBootstrap();
            set(bootstrap, "accounts", accounts);
            set(bootstrap, "locks", locks);
            set(bootstrap, "configuredPassword", Optional.of("first-start-race-password"));
            set(bootstrap, "settings", RotorSettings.defaults().withDataDir(java.nio.file.Path.of("target", "first-start-race")));
            inTransaction(em, bootstrap::createFirstAdminIfNoAccounts);
        } finally {
            em.close();
        }
    }

    private static void set(Object bean, String field, Object value) {
        try {
            var f = bean.getClass().getDeclaredField(field);
            f.setAccessible(true);
            f.set(bean, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void inTransaction(EntityManager em, Runnable step) {
        TestPersistence.inTransaction(em, () -> {
            step.run();
            return null;
        });
    }

    private DataSource emptyDatabase() throws Exception {
        if ("postgresql".equals(System.getProperty("rotor.db"))) {
            String url = System.getProperty("rotor.it.dbUrl");
            String schema = "first_start_" + UUID.randomUUID().toString().substring(0, 8);
            try (Connection c = DriverManager.getConnection(url); var s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            cleanUp.add(() -> {
                try (Connection c = DriverManager.getConnection(url); var s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            var pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setCurrentSchema(schema);
            return pg;
        }
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "first-start-" + UUID.randomUUID(), "rotor");
        var h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + file.toAbsolutePath() + ";LOCK_TIMEOUT=60000");
        return h2;
    }

    private static long count(DataSource dataSource, String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); var s = c.createStatement(); var rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

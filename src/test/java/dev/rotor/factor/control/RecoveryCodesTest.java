package dev.rotor.factor.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.factor.entity.RecoveryCode;
import dev.rotor.platform.InstantConverter;
import dev.rotor.platform.Migrations;
import dev.rotor.platform.MovableClock;
import dev.rotor.platform.RandomSecrets;
import dev.rotor.platform.TestPersistence;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Recovery codes on a migrated in-memory H2 database: the real named queries and compare-and-set. */
class RecoveryCodesTest {

    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    JdbcDataSource h2;
    EntityManagerFactory emf;
    EntityManager em;
    final RecoveryCodes cut = new RecoveryCodes();
    String alice;
    String bob;

    @BeforeEach
    void database() throws Exception {
        h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:recovery-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Migrations.configure(h2, getClass().getClassLoader(), ZoneId.of("UTC")).load().migrate();
        emf = TestPersistence.on(h2, RecoveryCode.class, InstantConverter.class);
        em = emf.createEntityManager();
        cut.em = em;
        cut.clock = new MovableClock(NOW);
        alice = account("alice");
        bob = account("bob");
    }

    @AfterEach
    void close() {
        em.close();
        emf.close();
    }

    @Test
    void tenReadableCodesOfSixtyRandomBitsOnlyTheirHashesStored() throws Exception {
        List<String> codes = inTransaction(() -> cut.generate(alice));
        assertEquals(RecoveryCodes.COUNT, codes.size());
        assertEquals(RecoveryCodes.COUNT, new HashSet<>(codes).size(), "all different");
        for (String code : codes) {
            assertTrue(code.matches("[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}"), code);
        }
        assertTrue(12 * Math.log(RecoveryCodes.ALPHABET.length()) / Math.log(2) >= 50, "at least 50 bits");
        List<String> stored = hashes(alice);
        assertEquals(10, stored.size());
        for (String code : codes) {
            assertFalse(stored.contains(code), "not stored in the clear");
            assertTrue(stored.contains(RandomSecrets.sha256Hex(code.replace("-", ""))), "stored as SHA-256 of the normalised code");
        }
        assertEquals(10, cut.remaining(alice));
        assertEquals(0, cut.remaining(bob));
    }

    @Test
    void aCodeWorksOnceAndSaysHowManyRemain() {
        List<String> codes = inTransaction(() -> cut.generate(alice));
        assertEquals(OptionalInt.of(9), use(alice, codes.get(0)));
        assertEquals(OptionalInt.empty(), use(alice, codes.get(0)), "used already");
        assertEquals(OptionalInt.of(8), use(alice, codes.get(1)));
        assertEquals(8, cut.remaining(alice));
        assertEquals(OptionalInt.empty(), use(bob, codes.get(2)), "another account's code");
        assertEquals(8, cut.remaining(alice));
    }

    @Test
    void caseDashesSpacesAndLookalikesDoNotMatter() {
        List<String> codes = new ArrayList<>(inTransaction(() -> cut.generate(alice)));
        String code = codes.get(0);
        String typed = " " + code.toUpperCase(Locale.ROOT).replace("-", " ").replace('0', 'O').replace('1', 'l') + " ";
        assertEquals(OptionalInt.of(9), use(alice, typed), typed);
        assertEquals(OptionalInt.of(8), use(alice, codes.get(1).replace("-", "")));
    }

    @Test
    void garbageIsNoCode() {
        inTransaction(() -> cut.generate(alice));
        for (String bad : new String[]{"", "abc", "abcd-efgh-jkm", "abcd-efgh-jkmn-p", "abcd-efgh-jku!", "x".repeat(100)}) {
            assertEquals(OptionalInt.empty(), use(alice, bad), bad);
        }
        assertEquals(OptionalInt.empty(), use(alice, null));
        assertEquals(10, cut.remaining(alice));
        assertNull(RecoveryCodes.normalise("abcd-efgh-jkmu"), "u is not in the alphabet");
    }

    @Test
    void regeneratingInvalidatesTheOldCodes() {
        List<String> old = inTransaction(() -> cut.generate(alice));
        inTransaction(() -> cut.generate(bob));
        use(alice, old.get(0));
        List<String> fresh = inTransaction(() -> cut.generate(alice));
        assertEquals(10, cut.remaining(alice), "ten new, the used one forgotten");
        assertEquals(OptionalInt.empty(), use(alice, old.get(1)), "an old code");
        assertEquals(OptionalInt.of(9), use(alice, fresh.get(0)));
        assertEquals(10, cut.remaining(bob), "bob's untouched");
        inTransaction(() -> {
            cut.removeAll(alice);
            return null;
        });
        assertEquals(0, cut.remaining(alice));
    }

    OptionalInt use(String accountId, String code) {
        return inTransaction(() -> cut.use(accountId, code));
    }

    <T> T inTransaction(Supplier<T> step) {
        return TestPersistence.inTransaction(em, step);
    }

    List<String> hashes(String accountId) throws Exception {
        List<String> hashes = new ArrayList<>();
        try (Connection c = h2.getConnection();
             var statement = c.prepareStatement("SELECT code_hash FROM recovery_code WHERE account_id = ?")) {
            statement.setString(1, accountId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    hashes.add(rows.getString(1));
                }
            }
        }
        return hashes;
    }

    String account(String username) throws Exception {
        String id = UUID.randomUUID().toString();
        try (Connection c = h2.getConnection();
             var statement = c.prepareStatement("INSERT INTO account (id, username, password_hash, roles, enabled, created_at, version)"
                     + " VALUES (?, ?, 'x', 'user', TRUE, CURRENT_TIMESTAMP, 0)")) {
            statement.setString(1, id);
            statement.setString(2, username);
            statement.executeUpdate();
        }
        return id;
    }
}

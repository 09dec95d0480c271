package dev.rotor.custody.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.platform.RotorSettings;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyCustodyTest {

    @TempDir
    Path temp;

    private final KeyCustody cut = new KeyCustody();

    @BeforeEach
    void defaults() {
        cut.kekText = Optional.empty();
        cut.previousKekText = Optional.empty();
        cut.kekFile = Optional.empty();
        cut.settings = RotorSettings.defaults().withDataDir(temp.resolve("data"));
    }

    @Test
    void onTheEmbeddedDatabaseTheFirstStartGeneratesAnOwnerOnlyKekFileBesideTheOwnerOnlyDataDir() throws Exception {
        cut.dataSource = migratedH2();
        cut.prepareDataDir();
        cut.load();
        Path data = temp.resolve("data");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(data));
        assertTrue(Files.notExists(data.resolve("kek")), "not beside the database");
        Path kek = temp.resolve("keys").resolve("kek");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(kek.getParent()));
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(kek));
        assertEquals(KeyEncryptionKey.fromBase64(Files.readString(kek), "file").id(), cut.kekId());

        var again = new KeyCustody();
        again.kekText = Optional.empty();
        again.previousKekText = Optional.empty();
        again.kekFile = Optional.empty();
        again.settings = cut.settings;
        again.dataSource = cut.dataSource;
        again.load();
        assertEquals(cut.kekId(), again.kekId(), "the next start reads the same file");
    }

    @Test
    void aKekFileAnEarlierVersionKeptInTheDataDirIsMovedOutOfIt() throws Exception {
        cut.dataSource = migratedH2();
        var earlier = KeyEncryptionKey.generate();
        Path data = Files.createDirectories(temp.resolve("data"));
        Files.writeString(data.resolve("kek"), earlier.toBase64());
        cut.load();
        assertEquals(earlier.id(), cut.kekId(), "the same KEK");
        assertTrue(Files.notExists(data.resolve("kek")), "gone from the data directory");
        Path moved = temp.resolve("keys").resolve("kek");
        assertEquals(earlier.toBase64(), Files.readString(moved).strip());
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(moved.getParent()));
    }

    @Test
    void anExistingDataDirIsNarrowedToOwnerOnly() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        cut.prepareDataDir();
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(data));
    }

    @Test
    void onPostgresqlAStartWithoutAKekIsRefusedWithWhatToSet() {
        cut.dataSource = databaseNamed("PostgreSQL");
        var failure = assertThrows(KeyCustodyException.class, cut::load);
        assertTrue(failure.getMessage().contains("set ROTOR_KEK"), failure.getMessage());
        assertTrue(Files.notExists(temp.resolve("keys").resolve("kek")), "no KEK is generated");
    }

    @Test
    void onPostgresqlTheConfiguredKekIsUsed() {
        var kek = KeyEncryptionKey.generate();
        cut.kekText = Optional.of(kek.toBase64());
        cut.dataSource = databaseNamed("PostgreSQL");
        cut.load();
        assertEquals(kek.id(), cut.kekId());
    }

    private static final String NAME = "server_secret/csrf-hmac";

    /** What a row is bound to, as ServerSecret makes it: its name, the sealing KEK's id and another column. */
    private static String binding(String kekId) {
        return NAME + "|kek=" + kekId + "|created=1";
    }

    private static KeyCustody.Sealed boundUnder(KeyEncryptionKey kek, String plaintext) {
        return new KeyCustody.Sealed(kek.id(), KeyCustody.BOUND + kek.seal(plaintext, binding(kek.id())));
    }

    @Test
    void aRowSealedWithAnotherKekIsAClearErrorNamingBothIds() {
        var old = KeyEncryptionKey.generate();
        var sealed = boundUnder(old, "secret");
        cut.kekText = Optional.of(KeyEncryptionKey.generate().toBase64());
        cut.load();
        var failure = assertThrows(KeyCustodyException.class, () -> cut.open(sealed, NAME, binding(old.id())));
        assertTrue(failure.getMessage().contains(old.id()) && failure.getMessage().contains(cut.kekId()), failure.getMessage());
    }

    @Test
    void withThePreviousKekOldRowsOpenAndAreMarkedForSealingUnderTheNewOne() {
        var old = KeyEncryptionKey.generate();
        var sealed = boundUnder(old, "secret");
        cut.kekText = Optional.of(KeyEncryptionKey.generate().toBase64());
        cut.previousKekText = Optional.of(old.toBase64());
        cut.load();
        assertEquals("secret", cut.open(sealed, NAME, binding(old.id())));
        assertTrue(cut.needsSealing(sealed));
        var resealed = cut.seal("secret", KeyCustodyTest::binding);
        assertNotEquals(old.id(), resealed.kekId());
        assertFalse(cut.needsSealing(resealed));
        assertEquals("secret", cut.open(resealed, NAME, binding(resealed.kekId())));
    }

    @Test
    void aRowWhoseOtherColumnsChangedDoesNotOpen() {
        cut.kekText = Optional.of(KeyEncryptionKey.generate().toBase64());
        cut.load();
        var sealed = cut.seal("secret", KeyCustodyTest::binding);
        assertThrows(KeyCustodyException.class, () -> cut.open(sealed, NAME, NAME + "|kek=" + cut.kekId() + "|created=2"));
        assertThrows(KeyCustodyException.class, () -> cut.open(sealed, NAME, binding("another-kek")), "the KEK id is bound too");
    }

    @Test
    void aRowWithoutAKekIdIsRefusedUnlessThisStartUpgradesFromBeforeKeyCustody() {
        cut.kekText = Optional.of(KeyEncryptionKey.generate().toBase64());
        cut.load();
        var plaintext = new KeyCustody.Sealed(null, "c2VjcmV0");
        assertTrue(cut.needsSealing(plaintext));
        assertThrows(KeyCustodyException.class, () -> cut.open(plaintext, NAME, binding(null)));
        var failure = assertThrows(KeyCustodyException.class, () -> cut.openToReseal(plaintext, NAME, binding(null)));
        assertTrue(failure.getMessage().contains("no KEK id"), failure.getMessage());
    }

    @Test
    void aRowSealedWithItsNameOnlyIsOpenedOnlyToBeSealedAgain() {
        var kek = KeyEncryptionKey.generate();
        cut.kekText = Optional.of(kek.toBase64());
        cut.load();
        var legacy = new KeyCustody.Sealed(kek.id(), kek.seal("secret", NAME));
        assertTrue(cut.needsSealing(legacy));
        assertThrows(KeyCustodyException.class, () -> cut.open(legacy, NAME, binding(kek.id())));
        assertEquals("secret", cut.openToReseal(legacy, NAME, binding(kek.id())));
    }

    @Test
    void aMissingKekFileWhileSealedRowsExistStopsTheStartInsteadOfMakingANewKek() throws Exception {
        DataSource h2 = migratedH2();
        try (Connection c = h2.getConnection(); var s = c.createStatement()) {
            s.execute("INSERT INTO server_secret (name, secret, kek_id, created_at) VALUES ('csrf-hmac', 'x', 'abc', CURRENT_TIMESTAMP)");
        }
        cut.dataSource = h2;
        var failure = assertThrows(KeyCustodyException.class, cut::load);
        assertTrue(failure.getMessage().contains("is missing"), failure.getMessage());
        assertTrue(Files.notExists(temp.resolve("keys").resolve("kek")));
    }

    private DataSource migratedH2() {
        var h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + temp.getFileName() + ";DB_CLOSE_DELAY=-1");
        dev.rotor.platform.Migrations.configure(h2, getClass().getClassLoader(), java.time.ZoneId.of("UTC")).load().migrate();
        return h2;
    }

    private static DataSource databaseNamed(String product) {
        DatabaseMetaData meta = proxy(DatabaseMetaData.class, "getDatabaseProductName", product);
        Connection connection = proxy(Connection.class, "getMetaData", meta);
        return proxy(DataSource.class, "getConnection", connection);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, String method, Object answer) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getName().equals(method)) {
                return answer;
            }
            if (m.getName().equals("close")) {
                return null;
            }
            throw new UnsupportedOperationException(m.getName());
        });
    }
}

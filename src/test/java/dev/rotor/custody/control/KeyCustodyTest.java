package dev.rotor.custody.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void onTheEmbeddedDatabaseTheFirstStartGeneratesAnOwnerOnlyKekFileInAnOwnerOnlyDataDir() throws Exception {
        cut.dataSource = migratedH2();
        cut.prepareDataDir();
        cut.load();
        Path data = temp.resolve("data");
        assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(data));
        Path kek = data.resolve("kek");
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
        assertTrue(Files.notExists(temp.resolve("data").resolve("kek")), "no KEK is generated");
    }

    @Test
    void onPostgresqlTheConfiguredKekIsUsed() {
        var kek = KeyEncryptionKey.generate();
        cut.kekText = Optional.of(kek.toBase64());
        cut.dataSource = databaseNamed("PostgreSQL");
        cut.load();
        assertEquals(kek.id(), cut.kekId());
    }

    @Test
    void aRowSealedWithAnotherKekIsAClearErrorNamingBothIds() {
        var old = KeyEncryptionKey.generate();
        var sealed = new KeyCustody.Sealed(old.id(), old.seal("secret", "server_secret/csrf-hmac"));
        cut.kekText = Optional.of(KeyEncryptionKey.generate().toBase64());
        cut.load();
        var failure = assertThrows(KeyCustodyException.class, () -> cut.open(sealed, "server_secret/csrf-hmac"));
        assertTrue(failure.getMessage().contains(old.id()) && failure.getMessage().contains(cut.kekId()), failure.getMessage());
    }

    @Test
    void withThePreviousKekOldRowsOpenAndAreMarkedForSealingUnderTheNewOne() {
        var old = KeyEncryptionKey.generate();
        var sealed = new KeyCustody.Sealed(old.id(), old.seal("secret", "server_secret/csrf-hmac"));
        cut.kekText = Optional.of(KeyEncryptionKey.generate().toBase64());
        cut.previousKekText = Optional.of(old.toBase64());
        cut.load();
        assertEquals("secret", cut.open(sealed, "server_secret/csrf-hmac"));
        assertTrue(cut.needsSealing(sealed));
        var resealed = cut.seal("secret", "server_secret/csrf-hmac");
        assertNotEquals(old.id(), resealed.kekId());
        assertEquals("secret", cut.open(resealed, "server_secret/csrf-hmac"));
    }

    @Test
    void aPlaintextRowFromBeforeKeyCustodyIsReadAndMarkedForSealing() {
        cut.kekText = Optional.of(KeyEncryptionKey.generate().toBase64());
        cut.load();
        var plaintext = new KeyCustody.Sealed(null, "c2VjcmV0");
        assertEquals("c2VjcmV0", cut.open(plaintext, "server_secret/csrf-hmac"));
        assertTrue(cut.needsSealing(plaintext));
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
        assertTrue(Files.notExists(temp.resolve("data").resolve("kek")));
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

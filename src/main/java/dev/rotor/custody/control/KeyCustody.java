package dev.rotor.custody.control;

import dev.rotor.platform.Migrations;
import dev.rotor.platform.RotorSettings;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Holds the key encryption key (KEK) that seals every private key and secret in the database.
 * It comes from {@code rotor.kek} ({@code ROTOR_KEK}), else the file {@code rotor.keys.kek-file},
 * else, on the embedded H2 database only, from {@code keys/kek} beside (not in) the data directory,
 * generated owner-only on the first start (a {@code kek} file an earlier version kept in the data
 * directory is moved there). Any other database without a KEK stops the start. {@code rotor.kek-previous}
 * opens rows sealed under an earlier KEK; every start seals all of them again under the current
 * one, so the previous KEK can be removed after one start. Each sealed value is bound to its row
 * (name, KEK id and the row's other columns) as AES-GCM associated data.
 */
@ApplicationScoped
public class KeyCustody {

    private static final Logger LOG = Logger.getLogger(KeyCustody.class.getName());
    static final String KEK_FILE = "kek";
    static final String KEK_DIR = "keys";
    /** Marks a value sealed with its row's binding as associated data (a value without it was sealed with the row's name only). */
    static final String BOUND = "b1.";
    /** The migration that brought key custody: a database migrated from below it in this start may still hold plaintext rows. */
    static final int KEY_CUSTODY_VERSION = 5;

    /** A sealed value and the id of the KEK that sealed it, as stored in a row. */
    public record Sealed(String kekId, String value) {
    }

    @Inject
    @ConfigProperty(name = "rotor.kek")
    Optional<String> kekText;

    @Inject
    @ConfigProperty(name = "rotor.kek-previous")
    Optional<String> previousKekText;

    @Inject
    @ConfigProperty(name = "rotor.keys.kek-file")
    Optional<String> kekFile;

    @Inject
    RotorSettings settings;

    @Resource(lookup = "jdbc/rotor")
    DataSource dataSource;

    @Inject
    Migrations migrations;

    private volatile KeyEncryptionKey kek;
    private volatile KeyEncryptionKey previous;
    /** Only in the start that upgrades a database from before key custody (V5): its rows are still plaintext. */
    private volatile boolean acceptsPlaintext;

    /** Creates the data directory readable by this user only, or narrows it to that. Runs before the database is touched. */
    public void prepareDataDir() {
        ownerOnlyDirectory(settings.dataDir());
    }

    /** Finds the KEK (see the class comment); runs after the migrations, before any key is read. */
    public void load() {
        kek = resolve();
        acceptsPlaintext = migrations != null && migrations.startedBelow(KEY_CUSTODY_VERSION);
        previous = previousKekText.filter(text -> !text.isBlank())
                .map(text -> KeyEncryptionKey.fromBase64(text, "rotor.kek-previous (ROTOR_KEK_PREVIOUS)"))
                .orElse(null);
        LOG.info(() -> "Key encryption key " + kek.id() + " loaded"
                + (previous == null ? "" : "; rows sealed with the previous KEK " + previous.id() + " are re-encrypted"));
    }

    public boolean isLoaded() {
        return kek != null;
    }

    public String kekId() {
        return kek.id();
    }

    /**
     * Seals {@code plaintext} under the current KEK, bound (AES-GCM associated data) to
     * {@code binding.apply(kekId)}: the row's name and its other columns, including the id of the
     * KEK that seals it, so a row whose columns were changed behind Rotor's back does not open.
     */
    public Sealed seal(String plaintext, Function<String, String> binding) {
        return new Sealed(kek.id(), BOUND + kek.seal(plaintext, binding.apply(kek.id())));
    }

    /** True when this instance holds the KEK named {@code kekId} (the current or the previous one). */
    public boolean holds(String kekId) {
        return kek.id().equals(kekId) || previous != null && previous.id().equals(kekId);
    }

    /** True when the row must be sealed again at start: plaintext, sealed under another KEK, or not bound to its columns yet. */
    public boolean needsSealing(Sealed stored) {
        return !kek.id().equals(stored.kekId()) || stored.value() == null || !stored.value().startsWith(BOUND);
    }

    /**
     * The plaintext of a row sealed under the current KEK (or the previous one, until the start
     * seals it again) and bound to {@code binding}. A row without a KEK id, or sealed before rows
     * were bound to their columns, is refused here: only the start ({@link #openToReseal}) reads those.
     */
    public String open(Sealed stored, String name, String binding) {
        if (stored.kekId() == null) {
            throw new KeyCustodyException(name + " has no KEK id: Rotor does not use an unsealed key or secret"
                    + " (a plaintext row is sealed only by the start that upgrades a database from before key custody)");
        }
        if (stored.value() == null || !stored.value().startsWith(BOUND)) {
            throw new KeyCustodyException(name + " is not bound to its row: it is sealed again when an instance starts");
        }
        return kekFor(stored, name).open(stored.value().substring(BOUND.length()), binding);
    }

    /**
     * Start-up only, to seal a row again: also opens a row sealed with its name alone (before rows
     * were bound to their columns) and, in the start that upgrades a database from before key
     * custody, a plaintext row.
     */
    public String openToReseal(Sealed stored, String name, String binding) {
        if (stored.kekId() == null) {
            if (!acceptsPlaintext) {
                throw new KeyCustodyException(name + " has no KEK id, so it would be used unsealed: Rotor refuses such a row"
                        + " (plaintext rows from before key custody are sealed only by the start that upgrades that database)."
                        + " Delete the row if you did not write it");
            }
            return stored.value();
        }
        if (stored.value() != null && stored.value().startsWith(BOUND)) {
            return open(stored, name, binding);
        }
        return kekFor(stored, name).open(stored.value(), name);
    }

    private KeyEncryptionKey kekFor(Sealed stored, String name) {
        if (kek.id().equals(stored.kekId())) {
            return kek;
        }
        if (previous != null && previous.id().equals(stored.kekId())) {
            return previous;
        }
        throw new KeyCustodyException(name + " is sealed with the key encryption key " + stored.kekId()
                + ", but the configured KEK is " + kek.id()
                + (previous == null ? "" : " and the previous one " + previous.id())
                + ": set ROTOR_KEK to the KEK it was sealed with (to change KEKs, set ROTOR_KEK_PREVIOUS to the old one and ROTOR_KEK to the new one)");
    }

    private KeyEncryptionKey resolve() {
        if (kekText.isPresent() && !kekText.get().isBlank()) {
            return KeyEncryptionKey.fromBase64(kekText.get(), "rotor.kek (ROTOR_KEK)");
        }
        if (kekFile.isPresent() && !kekFile.get().isBlank()) {
            Path file = Path.of(kekFile.get());
            if (!Files.isRegularFile(file)) {
                throw new KeyCustodyException("The key encryption key file " + file.toAbsolutePath()
                        + " (rotor.keys.kek-file) does not exist");
            }
            return KeyEncryptionKey.fromBase64(read(file), "the KEK file " + file.toAbsolutePath());
        }
        String database = databaseProduct();
        if (!database.toLowerCase().contains("h2")) {
            throw new KeyCustodyException("Rotor needs a key encryption key on " + database
                    + ": set ROTOR_KEK to the base64 of 32 random bytes (e.g. `openssl rand -base64 32`), the same on every instance,"
                    + " or ROTOR_KEYS_KEK_FILE to a file holding it");
        }
        return embeddedKek();
    }

    private KeyEncryptionKey embeddedKek() {
        Path file = embeddedKekFile(settings.dataDir());
        moveFromDataDir(file);
        if (Files.isRegularFile(file)) {
            return KeyEncryptionKey.fromBase64(read(file), "the KEK file " + file.toAbsolutePath());
        }
        if (sealedRowsExist()) {
            throw new KeyCustodyException("The key encryption key file " + file.toAbsolutePath()
                    + " is missing, but the database holds keys sealed with a KEK: restore the file or set ROTOR_KEK");
        }
        KeyEncryptionKey generated = KeyEncryptionKey.generate();
        ownerOnlyDirectory(file.getParent());
        writeOwnerOnly(file, generated.toBase64());
        LOG.warning(() -> "Generated the key encryption key " + generated.id() + " in " + file.toAbsolutePath()
                + " (readable by this user only). Back it up apart from the database: without it the stored keys cannot be opened.");
        return generated;
    }

    /**
     * The embedded database's KEK file: {@code keys/kek} beside the data directory, not in it, so a
     * copy of the data directory (where the database file is) holds no KEK.
     */
    static Path embeddedKekFile(Path dataDir) {
        return dataDir.toAbsolutePath().normalize().resolveSibling(KEK_DIR).resolve(KEK_FILE);
    }

    /** A KEK file an earlier version generated inside the data directory moves to {@link #embeddedKekFile} once. */
    private void moveFromDataDir(Path file) {
        Path old = settings.dataDir().resolve(KEK_FILE);
        if (Files.isRegularFile(file) || !Files.isRegularFile(old)) {
            return;
        }
        ownerOnlyDirectory(file.getParent());
        try {
            Files.move(old, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException atomicMoveFailed) {
            writeOwnerOnly(file, read(old));
            try {
                Files.delete(old);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete " + old.toAbsolutePath() + " after copying it to " + file, e);
            }
        }
        LOG.warning(() -> "Moved the key encryption key file from " + old.toAbsolutePath() + " to " + file.toAbsolutePath()
                + ", out of the data directory: back it up apart from the database");
    }

    private boolean sealedRowsExist() {
        try (var connection = dataSource.getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT (SELECT COUNT(*) FROM signing_key WHERE kek_id IS NOT NULL)"
                     + " + (SELECT COUNT(*) FROM server_secret WHERE kek_id IS NOT NULL)")) {
            return rows.next() && rows.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the key tables", e);
        }
    }

    private String databaseProduct() {
        try (var connection = dataSource.getConnection()) {
            return connection.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot reach the database jdbc/rotor", e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new KeyCustodyException("Cannot read the key encryption key file " + file.toAbsolutePath() + ": " + e.getMessage());
        }
    }

    static void ownerOnlyDirectory(Path dir) {
        try {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(ownerOnly));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createDirectories(dir);
                    return;
                }
            }
            if (supportsPosix(dir) && !Files.getPosixFilePermissions(dir).equals(ownerOnly)) {
                Files.setPosixFilePermissions(dir, ownerOnly);
                LOG.info(() -> "Made " + dir.toAbsolutePath() + " readable by this user only");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dir.toAbsolutePath(), e);
        }
    }

    static void writeOwnerOnly(Path file, String content) {
        try {
            Files.deleteIfExists(file);
            if (supportsPosix(file.getParent())) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, content + System.lineSeparator(), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file.toAbsolutePath(), e);
        }
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

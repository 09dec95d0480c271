package dev.rotor.account.control;

import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import dev.rotor.platform.RotorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On a first start with no accounts, creates {@code admin} with the admin and user roles.
 * Its password comes from {@code rotor.bootstrap.admin-password}, or is generated and written
 * to a file readable by the owner only; the log names the file, never the password.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());
    static final String PASSWORD_FILE = "initial-admin-password";

    @Inject
    Accounts accounts;

    @Inject
    ClusterLocks locks;

    @Inject
    @ConfigProperty(name = "rotor.bootstrap.admin-password")
    Optional<String> configuredPassword;

    @Inject
    RotorSettings settings;

    /** Under the cluster's first-start lock, so instances starting together on an empty database create one admin. */
    @Transactional
    public void createFirstAdminIfNoAccounts() {
        locks.hold(ClusterLock.FIRST_START);
        if (accounts.count() > 0) {
            return;
        }
        String password = configuredPassword.filter(p -> !p.isBlank()).orElse(null);
        if (password == null) {
            password = generatePassword();
            Path file = writeOwnerOnly(settings.dataDir().resolve(PASSWORD_FILE), password);
            LOG.warning(() -> "Created the first admin account 'admin'. Its password is in " + file.toAbsolutePath()
                    + " (readable by this user only): sign in, then delete the file.");
        } else {
            LOG.info("Created the first admin account 'admin' with the password from rotor.bootstrap.admin-password.");
        }
        accounts.create("admin", password, Set.of("admin", "user"));
    }

    private static String generatePassword() {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static Path writeOwnerOnly(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, content + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the initial admin password file " + file, e);
        }
    }
}

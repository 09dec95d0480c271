package dev.rotor.account.control;

import dev.rotor.account.entity.Account;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import dev.rotor.platform.RotorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
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
 * to a file readable by the owner only; the log names the file, never the password. A generated
 * password is temporary: the first sign-in must replace it, and the file is deleted then.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());
    static final String PASSWORD_FILE = "initial-admin-password";
    static final String ADMIN = "admin";

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
            checkGeneratedPassword();
            return;
        }
        String password = configuredPassword.filter(p -> !p.isBlank()).orElse(null);
        if (password == null) {
            password = generatePassword();
            Path file = writeOwnerOnly(passwordFile(), password);
            Account admin = accounts.create(ADMIN, password, Set.of("admin", "user"));
            admin.setTemporaryPassword(admin.passwordHash(), null); // no expiry: on a fresh install it is the only way in
            LOG.warning(() -> "Created the first admin account 'admin'. Its password is in " + file.toAbsolutePath()
                    + " (readable by this user only) and must be changed at the first sign-in (POST /auth/temporary-password);"
                    + " the file is deleted once it is.");
        } else {
            accounts.create(ADMIN, password, Set.of("admin", "user"));
            LOG.info("Created the first admin account 'admin' with the password from rotor.bootstrap.admin-password.");
        }
    }

    /** Once the first admin chose a password of their own, the generated one is deleted. */
    void passwordChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) PasswordChanged event) {
        if (ADMIN.equals(event.username())) {
            deletePasswordFile("the admin chose a new password");
        }
    }

    /**
     * A start with the generated password file still there: if it still opens the admin account
     * (a database from before the change was required), the next sign-in must change it;
     * if it no longer does, the file is stale and is deleted.
     */
    private void checkGeneratedPassword() {
        Path file = passwordFile();
        if (!Files.isRegularFile(file)) {
            return;
        }
        String password;
        try {
            password = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            LOG.warning(() -> "Cannot read " + file.toAbsolutePath() + ": " + e.getMessage());
            return;
        }
        Optional<Account> admin = accounts.verify(ADMIN, password);
        if (admin.isEmpty()) {
            deletePasswordFile("it no longer opens the admin account");
        } else if (!admin.get().passwordChangeRequired()) {
            admin.get().setTemporaryPassword(admin.get().passwordHash(), null);
            LOG.warning(() -> "The generated admin password in " + file.toAbsolutePath()
                    + " is still in use: it must be changed at the next sign-in (POST /auth/temporary-password)");
        }
    }

    private void deletePasswordFile(String why) {
        Path file = passwordFile();
        try {
            if (Files.deleteIfExists(file)) {
                LOG.info(() -> "Deleted " + file.toAbsolutePath() + ": " + why);
            }
        } catch (IOException e) {
            LOG.warning(() -> "Cannot delete " + file.toAbsolutePath() + " (" + why + "): " + e.getMessage());
        }
    }

    private Path passwordFile() {
        return settings.dataDir().resolve(PASSWORD_FILE);
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

package dev.rotor.account.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import dev.rotor.platform.ClusterLock;
import dev.rotor.platform.ClusterLocks;
import dev.rotor.platform.RotorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first admin's generated password: temporary, and its file gone once it was changed. */
class AdminBootstrapTest {

    @TempDir
    Path data;

    final List<Account> accounts = new ArrayList<>();
    final AdminBootstrap cut = new AdminBootstrap();

    @BeforeEach
    void wire() {
        cut.settings = RotorSettings.defaults().withDataDir(data);
        cut.configuredPassword = Optional.empty();
        cut.locks = new ClusterLocks() {
            @Override
            public ClusterLock hold(String name) {
                return null;
            }
        };
        cut.accounts = new Accounts() {
            @Override
            public long count() {
                return accounts.size();
            }

            @Override
            public Account create(String rawUsername, String rawPassword, Collection<String> roles) {
                var account = new Account(Username.parse(rawUsername).orElseThrow(), "hash:" + rawPassword, roles, Instant.now());
                accounts.add(account);
                return account;
            }

            @Override
            public Optional<Account> verify(String rawUsername, String rawPassword) {
                return accounts.stream().filter(a -> a.username().equals(rawUsername) && a.passwordHash().equals("hash:" + rawPassword))
                        .findFirst();
            }
        };
    }

    @Test
    void aGeneratedPasswordMustBeChangedAtTheFirstSignIn() throws Exception {
        cut.createFirstAdminIfNoAccounts();
        Account admin = accounts.get(0);
        assertTrue(admin.passwordChangeRequired(), "sign-in refuses it until a new one is chosen");
        String password = Files.readString(data.resolve(AdminBootstrap.PASSWORD_FILE)).strip();
        assertEquals("hash:" + password, admin.passwordHash());
        assertEquals(Set.of("admin", "user"), Set.copyOf(admin.roles()));
    }

    @Test
    void aConfiguredPasswordIsTheOperatorsChoiceAndNotTemporary() {
        cut.configuredPassword = Optional.of("an operator's passphrase");
        cut.createFirstAdminIfNoAccounts();
        assertFalse(accounts.get(0).passwordChangeRequired());
        assertFalse(Files.exists(data.resolve(AdminBootstrap.PASSWORD_FILE)));
    }

    @Test
    void theFileIsDeletedOnceTheAdminChoseANewPassword() {
        cut.createFirstAdminIfNoAccounts();
        cut.passwordChanged(new PasswordChanged("other-id", "someone"));
        assertTrue(Files.exists(data.resolve(AdminBootstrap.PASSWORD_FILE)), "another account's change leaves it");
        cut.passwordChanged(new PasswordChanged(accounts.get(0).id(), "admin"));
        assertFalse(Files.exists(data.resolve(AdminBootstrap.PASSWORD_FILE)));
    }

    @Test
    void aStartFindingTheGeneratedPasswordStillInUseMakesItTemporary() throws Exception {
        cut.createFirstAdminIfNoAccounts();
        Account admin = accounts.get(0);
        admin.changePassword(admin.passwordHash()); // as a version before this rule left it: never changed, not temporary

        cut.createFirstAdminIfNoAccounts();

        assertTrue(admin.passwordChangeRequired());
        assertTrue(Files.exists(data.resolve(AdminBootstrap.PASSWORD_FILE)), "kept until it is changed");
    }

    @Test
    void aStartFindingAStaleGeneratedPasswordDeletesTheFile() {
        cut.createFirstAdminIfNoAccounts();
        accounts.get(0).changePassword("hash:the admin's own");

        cut.createFirstAdminIfNoAccounts();

        assertFalse(Files.exists(data.resolve(AdminBootstrap.PASSWORD_FILE)));
        assertEquals(1, accounts.size());
    }
}

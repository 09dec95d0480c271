package dev.rotor.account.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.account.entity.Account;
import dev.rotor.account.entity.Username;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in spends exactly one password hash whether or not the account exists; a temporary
 * password signs in only to be changed, and only until it expires; a password changed between
 * the check and the account's lock refuses the sign-in.
 */
class AccountsTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    int hashes;
    Account alice = new Account(new Username("alice"), "stored-hash", Set.of("user"), Instant.EPOCH);

    Accounts cut = new Accounts() {
        @Override
        public Optional<Account> byUsername(Username username) {
            return username.value().equals("alice") ? Optional.of(alice) : Optional.empty();
        }
    };

    @BeforeEach
    void countingHasher() {
        cut.hasher = new PasswordHasher() {
            @Override
            public boolean matches(String rawPassword, String storedHash) {
                hashes++;
                return rawPassword.equals("right password");
            }

            @Override
            public void spendDecoyHash(String rawPassword) {
                hashes++;
            }

            @Override
            public boolean needsRehash(String storedHash) {
                return false;
            }
        };
    }

    @Test
    void unknownUserStillSpendsOneHash() {
        assertTrue(cut.authenticate("nobody", "right password").isEmpty());
        assertEquals(1, hashes);
    }

    @Test
    void malformedUsernameStillSpendsOneHash() {
        assertTrue(cut.authenticate("no such name!", "right password").isEmpty());
        assertEquals(1, hashes);
    }

    @Test
    void knownUserSpendsOneHashEitherWay() {
        assertTrue(cut.authenticate("Alice", "wrong password").isEmpty());
        assertEquals(alice, cut.authenticate("alice", "right password").orElseThrow().account());
        assertEquals(2, hashes);
    }

    private Optional<Account> signIn(String password, Instant at) {
        return cut.authenticate("alice", password).flatMap(verified -> Accounts.stillValid(alice, verified, at));
    }

    @Test
    void aTemporaryPasswordIsRefusedForSignInOnlyWhenItIsRight() {
        alice.setTemporaryPassword("stored-hash", null);
        assertThrows(PasswordChangeRequired.class, () -> signIn("right password", NOW));
        assertTrue(signIn("wrong password", NOW).isEmpty(), "a wrong password learns nothing");
        assertEquals(alice, cut.verify("alice", "right password").orElseThrow(), "verifying it, to replace it, works");
    }

    @Test
    void anExpiredTemporaryPasswordOpensNothing() {
        alice.setTemporaryPassword("stored-hash", NOW.plusSeconds(3600));
        assertThrows(PasswordChangeRequired.class, () -> signIn("right password", NOW.plusSeconds(3599)));
        assertTrue(signIn("right password", NOW.plusSeconds(3600)).isEmpty(), "expired: as if the password were wrong");
        assertTrue(alice.temporaryPasswordExpired(NOW.plusSeconds(3600)));
    }

    @Test
    void aDisabledAccountWithATemporaryPasswordIsNotTold() {
        alice.setTemporaryPassword("stored-hash", null);
        alice.disable();
        assertEquals(alice, signIn("right password", NOW).orElseThrow(), "the caller refuses a disabled account as usual");
    }

    @Test
    void aChangedPasswordIsNoLongerTemporary() {
        alice.setTemporaryPassword("stored-hash", NOW);
        alice.changePassword("stored-hash");
        assertEquals(alice, signIn("right password", NOW.plusSeconds(60)).orElseThrow());
    }

    @Test
    void aPasswordChangedAfterTheCheckRefusesTheSignIn() {
        var verified = cut.authenticate("alice", "right password").orElseThrow();
        alice.changePassword("another-hash");
        assertTrue(Accounts.stillValid(alice, verified, NOW).isEmpty(), "the password checked is no longer the account's");
        alice.changePassword("stored-hash");
        alice.setTemporaryPassword("temporary-hash", null);
        assertTrue(Accounts.stillValid(alice, verified, NOW).isEmpty(), "nor after an admin's temporary password");
    }

    @Test
    void anOutdatedHashIsReplacedUnderTheLock() {
        var verified = new Accounts.Verified(alice, "stored-hash", "rehashed");
        assertEquals(alice, Accounts.stillValid(alice, verified, NOW).orElseThrow());
        assertEquals("rehashed", alice.passwordHash());
    }
}

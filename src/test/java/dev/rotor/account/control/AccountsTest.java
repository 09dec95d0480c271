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
 * password signs in only to be changed.
 */
class AccountsTest {

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
        assertEquals(alice, cut.authenticate("alice", "right password").orElseThrow());
        assertEquals(2, hashes);
    }

    @Test
    void aTemporaryPasswordIsRefusedForSignInOnlyWhenItIsRight() {
        alice.setTemporaryPassword("stored-hash");
        assertThrows(PasswordChangeRequired.class, () -> cut.authenticate("alice", "right password"));
        assertTrue(cut.authenticate("alice", "wrong password").isEmpty(), "a wrong password learns nothing");
        assertEquals(alice, cut.verify("alice", "right password").orElseThrow(), "verifying it, to replace it, works");
    }

    @Test
    void aDisabledAccountWithATemporaryPasswordIsNotTold() {
        alice.setTemporaryPassword("stored-hash");
        alice.disable();
        assertEquals(alice, cut.authenticate("alice", "right password").orElseThrow(), "the caller refuses a disabled account as usual");
    }

    @Test
    void aChangedPasswordIsNoLongerTemporary() {
        alice.setTemporaryPassword("stored-hash");
        alice.changePassword("stored-hash");
        assertEquals(alice, cut.authenticate("alice", "right password").orElseThrow());
    }
}

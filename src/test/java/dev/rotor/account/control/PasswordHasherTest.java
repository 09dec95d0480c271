package dev.rotor.account.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rotor.platform.RotorSettings;
import org.junit.jupiter.api.Test;

/** A stored hash made with other settings than the configured ones is due for a rehash. */
class PasswordHasherTest {

    PasswordHasher cut = new PasswordHasher();

    {
        cut.settings = RotorSettings.defaults();
    }

    @Test
    void aHashWithTheConfiguredIterationsStays() {
        assertFalse(cut.needsRehash("PBKDF2WithHmacSHA256:600000:c2FsdA==:aGFzaA=="));
    }

    @Test
    void aHashWithOtherIterationsIsReplaced() {
        assertTrue(cut.needsRehash("PBKDF2WithHmacSHA256:1024:c2FsdA==:aGFzaA=="));
        assertTrue(cut.needsRehash("PBKDF2WithHmacSHA256:1000000:c2FsdA==:aGFzaA=="));
    }

    @Test
    void aHashWithAnotherAlgorithmIsReplaced() {
        assertTrue(cut.needsRehash("PBKDF2WithHmacSHA1:600000:c2FsdA==:aGFzaA=="));
    }

    @Test
    void somethingThatIsNotAHashOfOursIsLeftAlone() {
        assertFalse(cut.needsRehash("stored-hash"));
        assertFalse(cut.needsRehash("PBKDF2WithHmacSHA256:many:c2FsdA==:aGFzaA=="));
        assertFalse(cut.needsRehash(null));
    }
}

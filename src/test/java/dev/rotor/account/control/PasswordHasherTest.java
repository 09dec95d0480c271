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

    @Test
    void whenEverySlotStaysBusyTheNextCallerIsToldToComeBack() throws Exception {
        var hashing = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var gated = new PasswordHasher();
        gated.settings = RotorSettings.defaults();
        gated.maxConcurrentHashes = 1;
        gated.queueTimeout = java.time.Duration.ofMillis(100);
        gated.pbkdf2 = new jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash() {
            @Override
            public void initialize(java.util.Map<String, String> parameters) {
            }

            @Override
            public String generate(char[] password) {
                return "hash";
            }

            @Override
            public boolean verify(char[] password, String hashedPassword) {
                if ("slow".equals(hashedPassword)) {
                    hashing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return true;
            }
        };
        gated.configure();
        var first = java.util.concurrent.Executors.newSingleThreadExecutor().submit(() -> gated.matches("a password", "slow"));
        hashing.await();
        org.junit.jupiter.api.Assertions.assertThrows(HashingBusy.class, () -> gated.matches("a password", "fast"));
        release.countDown();
        assertTrue(first.get(), "the caller holding the slot finishes");
        assertTrue(gated.matches("a password", "fast"), "and the slot is free again");
    }
}

package dev.rotor.bench;

import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The raw PBKDF2-HMAC-SHA256 rate on one core of this machine at Rotor's iteration count: the
 * ceiling a sign-in cannot beat, since hashing the password is its real cost.
 */
final class PasswordHashRate {

    private PasswordHashRate() {
    }

    static double perSecondPerCore(int iterations, Duration atLeast) {
        try {
            var factory = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            byte[] salt = new byte[16];
            factory.generateSecret(new PBEKeySpec("warm up".toCharArray(), salt, iterations, 256));
            long start = System.nanoTime();
            int hashes = 0;
            while (System.nanoTime() - start < atLeast.toNanos()) {
                factory.generateSecret(new PBEKeySpec("bench password".toCharArray(), salt, iterations, 256));
                hashes++;
            }
            return hashes / ((System.nanoTime() - start) / 1e9);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

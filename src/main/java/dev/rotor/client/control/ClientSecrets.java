package dev.rotor.client.control;

import dev.rotor.platform.RandomSecrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The form of a client secret: 256 random bits, base64url without padding (43 characters), made by
 * Rotor and shown once. With that much entropy a SHA-256 is enough to keep (no slow hash: nothing
 * to guess); a presented secret is hashed and compared with {@link MessageDigest#isEqual}.
 */
public final class ClientSecrets {

    private ClientSecrets() {
    }

    public static String generate() {
        return RandomSecrets.generate();
    }

    /** Lower-case hex SHA-256 of the secret's UTF-8 bytes. */
    public static String hash(String secret) {
        return RandomSecrets.sha256Hex(secret);
    }

    /** Constant-time comparison of a presented secret with a stored hash. */
    public static boolean matches(String presented, String storedHash) {
        return presented != null && storedHash != null
                && MessageDigest.isEqual(hash(presented).getBytes(StandardCharsets.US_ASCII), storedHash.getBytes(StandardCharsets.US_ASCII));
    }
}

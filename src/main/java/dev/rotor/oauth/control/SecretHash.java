package dev.rotor.oauth.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A resource-server client secret as it is configured: {@code pbkdf2-sha256.<iterations>.<salt>.<hash>}
 * (PBKDF2WithHmacSHA256, 256-bit hash, base64url without padding). Only this form is stored, so
 * the configuration alone lets nobody call as the client.
 */
public record SecretHash(int iterations, byte[] salt, byte[] hash) {

    static final String SCHEME = "pbkdf2-sha256";
    public static final int DEFAULT_ITERATIONS = 210_000;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    /** Hashes a new secret with a fresh 128-bit salt. */
    public static SecretHash of(String secret, int iterations) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return new SecretHash(iterations, salt, derive(secret, salt, iterations));
    }

    /** Reads the configured form; {@link IllegalArgumentException} names what is wrong, never the value. */
    public static SecretHash parse(String text) {
        String[] parts = text.strip().split("\\.", -1);
        if (parts.length != 4 || !SCHEME.equals(parts[0])) {
            throw new IllegalArgumentException("expected " + SCHEME + ".<iterations>.<salt>.<hash>");
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            byte[] salt = DECODER.decode(parts[2]);
            byte[] hash = DECODER.decode(parts[3]);
            if (iterations < 1024 || salt.length < 8 || hash.length != HASH_BITS / 8) {
                throw new IllegalArgumentException("iterations below 1024, salt or hash of the wrong size");
            }
            return new SecretHash(iterations, salt, hash);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected " + SCHEME + ".<iterations>.<salt>.<hash>: " + e.getMessage());
        }
    }

    /** Constant-time comparison of the presented secret's derived hash with the stored one. */
    public boolean matches(String secret) {
        return MessageDigest.isEqual(hash, derive(secret, salt, iterations));
    }

    public String format() {
        return SCHEME + "." + iterations + "." + ENCODER.encodeToString(salt) + "." + ENCODER.encodeToString(hash);
    }

    private static byte[] derive(String secret, byte[] salt, int iterations) {
        var spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        } finally {
            spec.clearPassword();
        }
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

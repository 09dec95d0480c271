package dev.rotor.custody.control;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key encryption key (KEK): AES-256-GCM over each stored private key or secret, with the
 * row's name (e.g. {@code signing_key/<kid>}) as associated data, so a sealed value copied to
 * another row does not open. A sealed value is {@code base64(12-byte IV || ciphertext || tag)}.
 * The {@link #id()} is a fingerprint stored next to each sealed value, so a wrong KEK is named
 * as such instead of failing as a bad tag.
 */
public final class KeyEncryptionKey {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final String id;

    private KeyEncryptionKey(byte[] key) {
        if (key.length != 32) {
            throw new KeyCustodyException("The key encryption key must be 32 bytes (base64 of 32 random bytes), not "
                    + key.length + " bytes");
        }
        this.key = key.clone();
        this.id = fingerprint(key);
    }

    /** A KEK from its base64 text (standard or URL alphabet, padding optional). */
    public static KeyEncryptionKey fromBase64(String text, String source) {
        String trimmed = text.strip();
        byte[] bytes;
        try {
            bytes = trimmed.contains("-") || trimmed.contains("_")
                    ? Base64.getUrlDecoder().decode(trimmed)
                    : Base64.getDecoder().decode(trimmed);
        } catch (IllegalArgumentException e) {
            throw new KeyCustodyException(source + " is not base64 (expected base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        }
        try {
            return new KeyEncryptionKey(bytes);
        } catch (KeyCustodyException e) {
            throw new KeyCustodyException(source + ": " + e.getMessage());
        }
    }

    public static KeyEncryptionKey generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return new KeyEncryptionKey(bytes);
    }

    /** 16 hex digits of SHA-256 over a label and the key: identifies a KEK without revealing it. */
    public String id() {
        return id;
    }

    public String toBase64() {
        return Base64.getEncoder().encodeToString(key);
    }

    public String seal(String plaintext, String associatedData) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv, associatedData);
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** Opens a value sealed by {@link #seal}; a wrong key, wrong name or changed byte is a {@link KeyCustodyException}. */
    public String open(String sealed, String associatedData) {
        byte[] in;
        try {
            in = Base64.getDecoder().decode(sealed);
        } catch (IllegalArgumentException e) {
            throw new KeyCustodyException(associatedData + " is not a sealed value");
        }
        if (in.length < IV_BYTES + TAG_BITS / 8) {
            throw new KeyCustodyException(associatedData + " is not a sealed value");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, IV_BYTES), associatedData);
            byte[] plain = cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new KeyCustodyException("Cannot decrypt " + associatedData + " with the key encryption key " + id
                    + " (GCM tag check failed): the KEK is wrong or the row was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    private Cipher cipher(int mode, byte[] iv, String associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static String fingerprint(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("rotor-kek-id|".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha.digest(key), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryptionKey[" + id + "]";
    }
}

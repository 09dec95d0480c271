package dev.rotor.account.entity;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The password rules: at least 8 characters, at most 1,024 bytes of UTF-8 (checked before any
 * hashing, so a huge password cannot cost a hash), Unicode NFC before hashing so the same
 * password typed on two keyboards matches.
 */
public final class Password {

    public static final int MIN_CHARS = 8;
    public static final int MAX_BYTES = 1024;

    private Password() {
    }

    public static boolean isTooLong(String raw) {
        return raw.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
    }

    public static String normalize(String raw) {
        return Normalizer.normalize(raw, Normalizer.Form.NFC);
    }

    public static boolean isTooShort(String normalized) {
        return normalized.codePointCount(0, normalized.length()) < MIN_CHARS;
    }
}

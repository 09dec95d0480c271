package dev.rotor.account.entity;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/**
 * The password rules: at least 8 characters, at most 1,024 bytes of UTF-8 (checked before any
 * hashing, so a huge password cannot cost a hash), not the username (ignoring case), and no
 * composition rules. Unicode NFC before hashing so the same password typed on two keyboards matches.
 */
public final class Password {

    public static final int MIN_CHARS = 8;
    public static final int MAX_BYTES = 1024;

    /** A rule a new password can break. */
    public enum Rule {
        TOO_LONG,
        TOO_SHORT,
        SAME_AS_USERNAME,
        UNCHANGED
    }

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

    /** The first rule {@code raw} breaks as the new password of {@code username}, if any. */
    public static Optional<Rule> broken(String raw, String username) {
        if (isTooLong(raw)) {
            return Optional.of(Rule.TOO_LONG);
        }
        String normalized = normalize(raw);
        if (isTooShort(normalized)) {
            return Optional.of(Rule.TOO_SHORT);
        }
        if (username != null && normalized.strip().toLowerCase(Locale.ROOT).equals(
                Normalizer.normalize(username.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT))) {
            return Optional.of(Rule.SAME_AS_USERNAME);
        }
        return Optional.empty();
    }

    /** Like {@link #broken(String, String)}, and a change must pick a different password. */
    public static Optional<Rule> brokenByChange(String rawNew, String rawCurrent, String username) {
        Optional<Rule> broken = broken(rawNew, username);
        if (broken.isEmpty() && normalize(rawNew).equals(normalize(rawCurrent))) {
            return Optional.of(Rule.UNCHANGED);
        }
        return broken;
    }
}

package dev.rotor.account.entity;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A username as stored: Unicode NFC, lower case, 3 to 64 characters of
 * {@code a-z 0-9 . _ - @}, starting with a letter or digit. Unique in that form,
 * so "Alice" and "alice" are one account.
 */
public record Username(String value) {

    public static final String RULE = "3 to 64 characters: letters a-z, digits, '.', '_', '-' or '@', starting with a letter or digit";
    private static final Pattern ALLOWED = Pattern.compile("[a-z0-9][a-z0-9._@-]{2,63}");

    /** The normalized form of {@code raw}, or empty when it breaks {@link #RULE}. */
    public static Optional<Username> parse(String raw) {
        if (raw == null || raw.length() > 256) {
            return Optional.empty();
        }
        String normalized = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        return ALLOWED.matcher(normalized).matches() ? Optional.of(new Username(normalized)) : Optional.empty();
    }
}

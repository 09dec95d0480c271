package dev.rotor.account.control;

import dev.rotor.account.entity.Password;
import dev.rotor.platform.RotorSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;

/**
 * PBKDF2WithHmacSHA256 through Jakarta Security. Verifying against an unknown account still
 * spends one hash, so timing does not tell which usernames exist.
 */
@ApplicationScoped
public class PasswordHasher {

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    @Inject
    RotorSettings settings;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    private String decoyHash;

    @PostConstruct
    void configure() {
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", ALGORITHM,
                "Pbkdf2PasswordHash.Iterations", Integer.toString(settings.passwordIterations()),
                "Pbkdf2PasswordHash.SaltSizeBytes", "16",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        decoyHash = pbkdf2.generate("rotor-decoy-password".toCharArray());
    }

    public String hash(String rawPassword) {
        return pbkdf2.generate(Password.normalize(rawPassword).toCharArray());
    }

    public boolean matches(String rawPassword, String storedHash) {
        if (Password.isTooLong(rawPassword)) {
            pbkdf2.verify("x".toCharArray(), decoyHash);
            return false;
        }
        return pbkdf2.verify(Password.normalize(rawPassword).toCharArray(), storedHash);
    }

    /** Spends the same work as {@link #matches} when there is no account to check against. */
    public void spendDecoyHash(String rawPassword) {
        pbkdf2.verify(Password.isTooLong(rawPassword) ? "x".toCharArray() : Password.normalize(rawPassword).toCharArray(), decoyHash);
    }

    /**
     * Whether a stored hash ({@code algorithm:iterations:salt:hash}, Soteria's format) was made
     * with other settings than {@code rotor.password.iterations}, so it should be replaced at the
     * next sign-in with the right password.
     */
    public boolean needsRehash(String storedHash) {
        String[] parts = storedHash == null ? new String[0] : storedHash.split(":");
        if (parts.length != 4) {
            return false;
        }
        try {
            return !ALGORITHM.equals(parts[0]) || Integer.parseInt(parts[1]) != settings.passwordIterations();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

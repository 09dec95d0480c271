package dev.rotor.account.control;

import dev.rotor.account.entity.Password;
import dev.rotor.platform.RotorSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * PBKDF2WithHmacSHA256 through Jakarta Security. Verifying against an unknown account still
 * spends one hash, so timing does not tell which usernames exist.
 *
 * <p>At most {@code rotor.password.max-concurrent-hashes} hashes run at once (default: one per
 * core); a caller waits up to {@code rotor.password.hash-queue-timeout} for a slot, then gets
 * {@link HashingBusy}. Hashing is the one expensive thing anyone can make Rotor do without an
 * account (sign-ins, right or wrong, password changes, registrations): the gate keeps a flood of
 * them from taking every core from refreshes and protected calls, and every request thread from
 * the server.
 */
@ApplicationScoped
public class PasswordHasher {

    @Inject
    Pbkdf2PasswordHash pbkdf2;

    @Inject
    RotorSettings settings;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";

    @Inject
    @ConfigProperty(name = "rotor.password.max-concurrent-hashes", defaultValue = "0")
    int maxConcurrentHashes;

    @Inject
    @ConfigProperty(name = "rotor.password.hash-queue-timeout", defaultValue = "PT10S")
    Duration queueTimeout;

    private String decoyHash;
    private Semaphore slots;

    @PostConstruct
    void configure() {
        if (maxConcurrentHashes < 0 || queueTimeout.isNegative()) {
            throw new IllegalStateException("Rotor configuration cannot work: rotor.password.max-concurrent-hashes and "
                    + "rotor.password.hash-queue-timeout must not be negative");
        }
        slots = new Semaphore(maxConcurrentHashes == 0 ? Runtime.getRuntime().availableProcessors() : maxConcurrentHashes, true);
        pbkdf2.initialize(Map.of(
                "Pbkdf2PasswordHash.Algorithm", ALGORITHM,
                "Pbkdf2PasswordHash.Iterations", Integer.toString(settings.passwordIterations()),
                "Pbkdf2PasswordHash.SaltSizeBytes", "16",
                "Pbkdf2PasswordHash.KeySizeBytes", "32"));
        decoyHash = pbkdf2.generate("rotor-decoy-password".toCharArray());
    }

    public String hash(String rawPassword) {
        return gated(() -> pbkdf2.generate(Password.normalize(rawPassword).toCharArray()));
    }

    public boolean matches(String rawPassword, String storedHash) {
        if (Password.isTooLong(rawPassword)) {
            gated(() -> pbkdf2.verify("x".toCharArray(), decoyHash));
            return false;
        }
        return gated(() -> pbkdf2.verify(Password.normalize(rawPassword).toCharArray(), storedHash));
    }

    /** Spends the same work as {@link #matches} when there is no account to check against. */
    public void spendDecoyHash(String rawPassword) {
        gated(() -> pbkdf2.verify(Password.isTooLong(rawPassword) ? "x".toCharArray() : Password.normalize(rawPassword).toCharArray(), decoyHash));
    }

    private <T> T gated(Supplier<T> hashing) {
        try {
            if (!slots.tryAcquire(queueTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new HashingBusy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HashingBusy();
        }
        try {
            return hashing.get();
        } finally {
            slots.release();
        }
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

package dev.rotor.platform;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The settings several features share (the tokens' issuer and audience, the data directory, the
 * lifetimes, the hashing cost), each read here once with its default and checked together: a
 * combination that cannot work stops the start with one line naming the key. Tests build one with
 * {@link #of} or {@link #defaults()}.
 */
@ApplicationScoped
public class RotorSettings {

    private static final Logger LOG = Logger.getLogger(RotorSettings.class.getName());
    static final int MIN_PASSWORD_ITERATIONS = 1024;

    @Inject
    @ConfigProperty(name = "rotor.issuer", defaultValue = "http://localhost:8080")
    String issuer;

    @Inject
    @ConfigProperty(name = "rotor.audience", defaultValue = "rotor")
    String audience;

    @Inject
    @ConfigProperty(name = "rotor.data-dir", defaultValue = "./data")
    String dataDir;

    @Inject
    @ConfigProperty(name = "rotor.access.ttl", defaultValue = "PT15M")
    Duration accessTtl;

    @Inject
    @ConfigProperty(name = "rotor.refresh.absolute-ttl", defaultValue = "P30D")
    Duration refreshAbsoluteTtl;

    @Inject
    @ConfigProperty(name = "rotor.refresh.idle-ttl", defaultValue = "P7D")
    Duration refreshIdleTtl;

    @Inject
    @ConfigProperty(name = "rotor.refresh.grace", defaultValue = "PT10S")
    Duration refreshGrace;

    /** Jakarta Security's PBKDF2 refuses fewer than {@link #MIN_PASSWORD_ITERATIONS}; tests use that minimum. */
    @Inject
    @ConfigProperty(name = "rotor.password.iterations", defaultValue = "600000")
    int passwordIterations;

    /** MicroProfile JWT's own key: how far past {@code exp} a token is still accepted, in seconds. */
    @Inject
    @ConfigProperty(name = "mp.jwt.verify.clock.skew", defaultValue = "60")
    long clockSkewSeconds;

    /** For CDI. */
    public RotorSettings() {
    }

    /** Explicit values, for tests and tools. */
    public static RotorSettings of(Duration accessTtl, Duration refreshAbsoluteTtl, Duration refreshIdleTtl,
                                   Duration refreshGrace, int passwordIterations, Duration clockSkew) {
        var settings = new RotorSettings();
        settings.issuer = "http://localhost:8080";
        settings.audience = "rotor";
        settings.dataDir = "./data";
        settings.accessTtl = accessTtl;
        settings.refreshAbsoluteTtl = refreshAbsoluteTtl;
        settings.refreshIdleTtl = refreshIdleTtl;
        settings.refreshGrace = refreshGrace;
        settings.passwordIterations = passwordIterations;
        settings.clockSkewSeconds = clockSkew.toSeconds();
        return settings;
    }

    /** The defaults README lists. */
    public static RotorSettings defaults() {
        return of(Duration.ofMinutes(15), Duration.ofDays(30), Duration.ofDays(7), Duration.ofSeconds(10), 600_000,
                Duration.ofSeconds(60));
    }

    /** These settings with another issuer. */
    public RotorSettings withIssuer(String otherIssuer) {
        var settings = copy();
        settings.issuer = otherIssuer;
        return settings;
    }

    /** These settings with another data directory. */
    public RotorSettings withDataDir(Path otherDataDir) {
        var settings = copy();
        settings.dataDir = otherDataDir.toString();
        return settings;
    }

    private RotorSettings copy() {
        var settings = of(accessTtl, refreshAbsoluteTtl, refreshIdleTtl, refreshGrace, passwordIterations,
                Duration.ofSeconds(clockSkewSeconds));
        settings.issuer = issuer;
        settings.audience = audience;
        settings.dataDir = dataDir;
        return settings;
    }

    /** Throws when the settings cannot work together; runs when the bean is made and again from StartUp. */
    @PostConstruct
    public void verify() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            String line = "Rotor configuration cannot work: " + String.join("; ", problems);
            LOG.severe(line);
            throw new IllegalStateException(line);
        }
    }

    List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (accessTtl.isNegative() || accessTtl.isZero()) {
            problems.add("rotor.access.ttl must be positive");
        }
        if (refreshAbsoluteTtl.compareTo(accessTtl) <= 0) {
            problems.add("rotor.refresh.absolute-ttl (" + refreshAbsoluteTtl + ") must be longer than rotor.access.ttl (" + accessTtl + ")");
        }
        if (refreshIdleTtl.compareTo(accessTtl) <= 0) {
            problems.add("rotor.refresh.idle-ttl (" + refreshIdleTtl + ") must be longer than rotor.access.ttl (" + accessTtl + ")");
        }
        if (refreshGrace.isNegative()) {
            problems.add("rotor.refresh.grace must not be negative");
        }
        if (refreshGrace.compareTo(accessTtl) >= 0) {
            problems.add("rotor.refresh.grace (" + refreshGrace + ") must be shorter than rotor.access.ttl (" + accessTtl + ")");
        }
        if (passwordIterations < MIN_PASSWORD_ITERATIONS) {
            problems.add("rotor.password.iterations must be at least " + MIN_PASSWORD_ITERATIONS
                    + " (Jakarta Security's minimum), not " + passwordIterations);
        }
        return problems;
    }

    /** {@code rotor.issuer}: {@code iss} of access tokens, and this service's public URL. */
    public String issuer() {
        return issuer;
    }

    /** {@code rotor.audience}: {@code aud} of access tokens for Rotor's own API, the only audience its API accepts. */
    public String audience() {
        return audience;
    }

    /** {@code rotor.data-dir}: the generated admin password file, the embedded database's KEK file, the verification keys. */
    public Path dataDir() {
        return Path.of(dataDir);
    }

    /** {@code rotor.access.ttl}: how long an access token is valid. */
    public Duration accessTtl() {
        return accessTtl;
    }

    /** {@code rotor.refresh.absolute-ttl}: a session's hard end, never extended. */
    public Duration refreshAbsoluteTtl() {
        return refreshAbsoluteTtl;
    }

    /** {@code rotor.refresh.idle-ttl}: a session ends this long after its last refresh. */
    public Duration refreshIdleTtl() {
        return refreshIdleTtl;
    }

    /** {@code rotor.refresh.grace}: how long the previous refresh token may fetch its successor again. */
    public Duration refreshGrace() {
        return refreshGrace;
    }

    /** {@code rotor.password.iterations}: PBKDF2 iterations for new hashes. */
    public int passwordIterations() {
        return passwordIterations;
    }

    /**
     * How long after its issue an access token may still be accepted somewhere: its lifetime plus
     * the clock skew verifiers allow. Past it, a revocation concerns only expired tokens and a
     * superseded signing key verifies nothing.
     */
    public Duration accessTokenHorizon() {
        return accessTtl.plusSeconds(clockSkewSeconds);
    }
}

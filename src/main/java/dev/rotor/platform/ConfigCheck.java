package dev.rotor.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Refuses to start on combinations of settings that cannot work together. */
@ApplicationScoped
public class ConfigCheck {

    @Inject
    @ConfigProperty(name = "rotor.access.ttl", defaultValue = "PT15M")
    Duration accessTtl;

    @Inject
    @ConfigProperty(name = "rotor.refresh.absolute-ttl", defaultValue = "P30D")
    Duration absoluteTtl;

    @Inject
    @ConfigProperty(name = "rotor.refresh.idle-ttl", defaultValue = "P7D")
    Duration idleTtl;

    @Inject
    @ConfigProperty(name = "rotor.refresh.grace", defaultValue = "PT10S")
    Duration grace;

    @Inject
    @ConfigProperty(name = "rotor.password.iterations", defaultValue = "600000")
    int passwordIterations;

    public void verify() {
        List<String> problems = problems(accessTtl, absoluteTtl, idleTtl, grace);
        if (passwordIterations < 1024) {
            problems.add("rotor.password.iterations must be at least 1024 (Jakarta Security's minimum), not " + passwordIterations);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Rotor configuration cannot work: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Duration access, Duration absolute, Duration idle, Duration grace) {
        List<String> problems = new ArrayList<>();
        if (access.isNegative() || access.isZero()) {
            problems.add("rotor.access.ttl must be positive");
        }
        if (absolute.compareTo(access) <= 0) {
            problems.add("rotor.refresh.absolute-ttl (" + absolute + ") must be longer than rotor.access.ttl (" + access + ")");
        }
        if (idle.compareTo(access) <= 0) {
            problems.add("rotor.refresh.idle-ttl (" + idle + ") must be longer than rotor.access.ttl (" + access + ")");
        }
        if (grace.isNegative()) {
            problems.add("rotor.refresh.grace must not be negative");
        }
        if (grace.compareTo(access) >= 0) {
            problems.add("rotor.refresh.grace (" + grace + ") must be shorter than rotor.access.ttl (" + access + ")");
        }
        return problems;
    }
}

package dev.rotor.throttle.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The throttle settings every kind of throttle shares: on or off, the counting window, the lockout, the back-off. */
@ApplicationScoped
public class ThrottleSettings {

    @Inject
    @ConfigProperty(name = "rotor.throttle.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "rotor.throttle.window", defaultValue = "PT15M")
    Duration window;

    @Inject
    @ConfigProperty(name = "rotor.throttle.lockout", defaultValue = "PT15M")
    Duration lockout;

    @Inject
    @ConfigProperty(name = "rotor.throttle.backoff.base", defaultValue = "PT1S")
    Duration backoffBase;

    @Inject
    @ConfigProperty(name = "rotor.throttle.backoff.max", defaultValue = "PT1M")
    Duration backoffMax;

    public boolean enabled() {
        return enabled;
    }

    public Duration window() {
        return window;
    }

    public Duration lockout() {
        return lockout;
    }

    public Duration backoffBase() {
        return backoffBase;
    }

    public Duration backoffMax() {
        return backoffMax;
    }
}

package dev.rotor.it;

import dev.rotor.it.support.Api;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.jboss.arquillian.container.test.api.RunAsClient;
import dev.rotor.it.support.ItPortFree;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An HTTP test against one deployment of the built WAR. Subclasses add their own
 * {@code @Deployment(testable = false)} (one Payara Micro start per class).
 */
@ExtendWith({ItPortFree.class, ArquillianExtension.class}) // in this order: the port is free before Arquillian starts Payara
@RunAsClient
public abstract class RotorIT {

    @ArquillianResource
    protected URL base;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(base);
    }

    /** Real time must pass in these tests: sleeps until {@code when}, at once if it is past. */
    protected static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}

package dev.rotor.kit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@code /health/ready}: DOWN while the revocation feed is stale, whether the kit fails closed or open. */
@ApplicationScoped
public class FeedHealth {

    @Inject
    FeedFollower feed;

    @Inject
    KitSettings settings;

    @Produces
    @Readiness
    HealthCheck revocationFeed() {
        return () -> {
            var contact = feed.lastContact();
            return HealthCheckResponse.named("rotor-revocation-feed:" + settings.clientId())
                    .status(!feed.stale())
                    .withData("rotor", settings.baseUrl())
                    .withData("lastContact", contact == null ? "never" : contact.toString())
                    .withData("cursor", feed.cursor())
                    .withData("failOpen", settings.failOpen())
                    .build();
        };
    }
}

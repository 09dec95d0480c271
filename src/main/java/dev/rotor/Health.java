package dev.rotor;

import dev.rotor.access.control.RevocationFollower;
import dev.rotor.access.control.RevocationPolling;
import dev.rotor.logout.control.LogoutDeliveryTicker;
import dev.rotor.oauth.control.RevocationFeed;
import dev.rotor.session.control.Refreshes;
import dev.rotor.token.control.KeyWatch;
import dev.rotor.token.control.SigningKeys;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** MicroProfile Health: ready when the database answers and the signing key is loaded; live while the JVM runs. */
@ApplicationScoped
public class Health {

    @Resource(lookup = "jdbc/rotor")
    DataSource dataSource;

    @Inject
    SigningKeys keys;

    @Inject
    Refreshes refreshes;

    @Inject
    RevocationFollower follower;

    @Inject
    KeyWatch keyWatch;

    @Inject
    RevocationFeed feed;

    @Inject
    LogoutDeliveryTicker backchannel;

    @Inject
    RevocationPolling polling;

    @Produces
    @Readiness
    HealthCheck database() {
        return () -> HealthCheckResponse.named("database").status(databaseAnswers()).build();
    }

    @Produces
    @Readiness
    HealthCheck signingKey() {
        return () -> HealthCheckResponse.named("signing-key")
                .status(keys.isLoaded())
                .withData("rotations", refreshes.rotationCount())
                .withData("watches", keyWatch.watches())
                .build();
    }

    /**
     * Ready while this instance reads the revocation log: one that cannot would accept tokens
     * revoked on other instances (it catches up before each protected answer, see RevocationFollower).
     */
    @Produces
    @Readiness
    HealthCheck revocationLog() {
        return () -> HealthCheckResponse.named("revocation-log")
                .status(follower.lastRead().isAfter(Instant.now().minus(follower.interval().multipliedBy(10)).minusSeconds(5)))
                .withData("lastRead", follower.lastRead().toString())
                .withData("reads", follower.reads())
                .withData("polls", polling.polls())
                .withData("feedTicks", feed.ticks())
                .withData("backchannelTicks", backchannel.ticks())
                .build();
    }

    @Produces
    @Liveness
    HealthCheck alive() {
        return () -> HealthCheckResponse.up("rotor");
    }

    private boolean databaseAnswers() {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException unreachable) {
            return false;
        }
    }
}

package dev.rotor.platform;

import dev.rotor.session.control.Sessions;
import dev.rotor.token.control.SigningKeys;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.sql.SQLException;
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
    Sessions sessions;

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
                .withData("rotations", sessions.rotationCount())
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

package dev.rotor;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The JAX-RS application. It must be a CDI bean: Payara ignores {@code @LoginConfig}
 * on an Application class that is not one (the symptom: unsatisfied JsonWebToken injection).
 * Jersey's generated WADL ({@code /application.wadl}, and WADL answers to OPTIONS) is off: it would
 * describe every endpoint to anyone, and nothing of Rotor's needs it.
 */
@ApplicationScoped
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT", realmName = "rotor")
@DeclareRoles({"user", "admin"})
public class RotorApplication extends Application {

    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}

package dev.rotor;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The JAX-RS application. It must be a CDI bean: Payara ignores {@code @LoginConfig}
 * on an Application class that is not one (the symptom: unsatisfied JsonWebToken injection).
 */
@ApplicationScoped
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT", realmName = "rotor")
@DeclareRoles({"user", "admin"})
public class RotorApplication extends Application {
}

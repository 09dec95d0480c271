package dev.rotor.example.orders;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** The example resource server: an ordinary MP-JWT application; the kit in WEB-INF/lib does the rest. */
@ApplicationScoped
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT", realmName = "orders")
@DeclareRoles({"user", "admin"})
public class OrdersApplication extends Application {
}

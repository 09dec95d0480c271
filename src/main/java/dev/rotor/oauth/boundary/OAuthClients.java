package dev.rotor.oauth.boundary;

import dev.rotor.problem.OAuthError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The first-party clients this service knows ({@code rotor.clients}). */
@ApplicationScoped
public class OAuthClients {

    @Inject
    @ConfigProperty(name = "rotor.clients", defaultValue = "rotor-web,rotor-cli")
    List<String> known;

    /** The client id when it is known; {@code invalid_client} (401) otherwise. */
    public String requireKnown(String clientId) {
        if (!known.contains(clientId)) {
            throw OAuthError.invalidClient();
        }
        return clientId;
    }
}

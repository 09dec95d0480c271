package dev.rotor.client.control;

import dev.rotor.client.entity.RegisteredClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds the client a request names: a built-in of {@code rotor.clients} (first-party public clients,
 * today's {@code rotor-web} and {@code rotor-cli}) or one registered in the database. A registered
 * client may not take a built-in's id.
 */
@ApplicationScoped
public class Clients {

    @PersistenceContext(unitName = "rotor")
    EntityManager em;

    @Inject
    @ConfigProperty(name = "rotor.clients", defaultValue = "rotor-web,rotor-cli")
    List<String> builtIns;

    /** Whether the built-ins may use the password grant at /oauth2/token (the browser's /auth/login is not that grant). */
    @Inject
    @ConfigProperty(name = "rotor.clients.password-grant", defaultValue = "true")
    boolean builtInPasswordGrant;

    /** The client named {@code clientId}, enabled or not; empty when there is none. */
    public Optional<OAuthClient> find(String clientId) {
        if (clientId == null || clientId.isEmpty() || clientId.length() > 64) {
            return Optional.empty();
        }
        if (isBuiltIn(clientId)) {
            return Optional.of(OAuthClient.builtIn(clientId, builtInPasswordGrant));
        }
        return Optional.ofNullable(em.find(RegisteredClient.class, clientId)).map(OAuthClient::of);
    }

    /** The enabled client named {@code clientId}; empty when there is none or it is disabled. */
    public Optional<OAuthClient> findEnabled(String clientId) {
        return find(clientId).filter(OAuthClient::enabled);
    }

    public boolean isBuiltIn(String clientId) {
        return builtIns.contains(clientId);
    }

    public List<String> builtIns() {
        return List.copyOf(builtIns);
    }
}

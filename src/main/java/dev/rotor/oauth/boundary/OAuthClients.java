package dev.rotor.oauth.boundary;

import dev.rotor.problem.OAuthError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The first-party clients this service knows ({@code rotor.clients}). They are public clients
 * (RFC 6749 §2.1): they hold no secret, so a client names itself and is never authenticated.
 */
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

    /**
     * The calling client: named by the {@code client_id} parameter or, as RFC 6749 §2.3.1 lets a
     * client do, by HTTP Basic in {@code authorization}. A public client has no secret, so the
     * secret part is not read (empty, or whatever a library sends). Both ways at once must name the
     * same client; a Basic header that cannot be read or names an unknown client is {@code invalid_client}.
     */
    public String identify(OAuthParameters params, String authorization) {
        Optional<String> form = params.optional("client_id");
        Optional<BasicCredentials> basic = BasicCredentials.of(authorization);
        if (basic.isPresent() && !basic.get().readable()) {
            throw OAuthError.invalidClient();
        }
        Optional<String> header = basic.map(BasicCredentials::id);
        if (form.isPresent() && header.isPresent() && !form.get().equals(header.get())) {
            throw OAuthError.invalidRequest("The client_id parameter and the Authorization header name different clients.");
        }
        return requireKnown(header.or(() -> form)
                .orElseThrow(() -> OAuthError.invalidRequest("Missing parameter: client_id.")));
    }
}

package dev.rotor.oauth.boundary;

import dev.rotor.client.control.ClientAuthentication;
import dev.rotor.client.control.ClientCredentials;
import dev.rotor.client.control.ClientCredentials.Method;
import dev.rotor.client.control.OAuthClient;
import dev.rotor.platform.Requests;
import dev.rotor.problem.OAuthError;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Reads how the client of a token or revocation request presents itself (RFC 6749 §2.3) and has
 * {@link ClientAuthentication} decide: HTTP Basic ({@code client_secret_basic}; a public client
 * may send its id with an empty password), or {@code client_id} with {@code client_secret} in the
 * form ({@code client_secret_post}), or {@code client_id} alone ({@code none}). A Basic header
 * that cannot be read is {@code invalid_client}; a secret in both places, or a form
 * {@code client_id} naming another client than the header, is {@code invalid_request}
 * (§2.3.1: one method per request); no client at all is {@code invalid_request}.
 */
@ApplicationScoped
public class OAuthClients {

    @Inject
    ClientAuthentication authentication;

    /** The authenticated, enabled client of this request. */
    public OAuthClient authenticate(OAuthParameters params, HttpServletRequest request) {
        return authentication.authenticate(presented(params, request.getHeader("Authorization")), Requests.facts(request));
    }

    static ClientCredentials presented(OAuthParameters params, String authorization) {
        Optional<String> formId = params.optional("client_id");
        Optional<String> formSecret = params.optional("client_secret");
        Optional<BasicCredentials> basic = BasicCredentials.of(authorization);
        if (basic.isPresent()) {
            if (!basic.get().readable()) {
                throw OAuthError.invalidClient();
            }
            if (formSecret.isPresent()) {
                throw OAuthError.invalidRequest("Use one client authentication method: the Authorization header or client_secret.");
            }
            if (formId.isPresent() && !formId.get().equals(basic.get().id())) {
                throw OAuthError.invalidRequest("The client_id parameter and the Authorization header name different clients.");
            }
            return new ClientCredentials(Method.BASIC, basic.get().id(), emptyToNull(basic.get().secret()));
        }
        String clientId = formId.orElseThrow(() -> OAuthError.invalidRequest("Missing parameter: client_id."));
        return formSecret.map(secret -> new ClientCredentials(Method.POST, clientId, secret))
                .orElseGet(() -> new ClientCredentials(Method.NONE, clientId, null));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

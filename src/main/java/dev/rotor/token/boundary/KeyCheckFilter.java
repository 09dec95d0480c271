package dev.rotor.token.boundary;

import dev.rotor.problem.Problem;
import dev.rotor.token.control.PublishedKeys;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * After MicroProfile JWT has verified a token, refuses it with 401 unless its {@code kid} is one
 * this instance publishes now. MP JWT re-reads the key file only every half second; this check
 * makes a revocation hold on this instance the moment it is made.
 */
@Priority(Priorities.AUTHENTICATION)
public class KeyCheckFilter implements ContainerRequestFilter {

    private final PublishedKeys keys;

    KeyCheckFilter(PublishedKeys keys) {
        this.keys = keys;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        if (!keys.verifies(PublishedKeys.kidOf(jwt.getRawToken()))) {
            request.abortWith(Problem.of("signing-key-revoked", "Unauthorized", 401,
                    "This token was signed with a key that is no longer valid. Refresh or sign in again.").toResponse());
        }
    }
}

package dev.rotor.session.boundary;

import dev.rotor.problem.Problem;
import dev.rotor.session.control.AccessCutoff;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import dev.rotor.token.control.AccessTokenIssuer;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * After MicroProfile JWT has verified a token, refuses it with 401 if its session has ended or
 * it predates the account's tokens-valid-after. Runs before role checks, on the methods
 * {@link CutoffFeature} binds it to.
 */
@Priority(Priorities.AUTHENTICATION)
public class CutoffFilter implements ContainerRequestFilter {

    private final AccessCutoff cutoff;

    CutoffFilter(AccessCutoff cutoff) {
        this.cutoff = cutoff;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        if (!cutoff.accepts(jwt.getSubject(), AccessTokenIssuer.sessionIdOf(jwt), jwt.getIssuedAtTime())) {
            request.abortWith(Problem.of("session-ended", "Unauthorized", 401,
                    "This session has ended. Sign in again.").toResponse());
        }
    }
}

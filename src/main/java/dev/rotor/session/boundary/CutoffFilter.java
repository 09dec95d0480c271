package dev.rotor.session.boundary;

import dev.rotor.problem.Challenge;
import dev.rotor.problem.Problem;
import dev.rotor.session.control.AccessCutoff;
import dev.rotor.session.control.RevocationFollower;
import dev.rotor.token.control.AccessClaims;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * After MicroProfile JWT has verified a token, refuses it with 401 if its session has ended or
 * its token version is below the account's. Runs before role checks, on the methods
 * {@link CutoffFeature} binds it to. An instance that fell behind the revocation log catches up
 * first.
 */
@Priority(Priorities.AUTHENTICATION)
public class CutoffFilter implements ContainerRequestFilter {

    /** RFC 6750 §3: a refused bearer token names the error. */
    static final String CHALLENGE = Challenge.INVALID_TOKEN + ", error_description=\"The session has ended\"";

    private final AccessCutoff cutoff;
    private final RevocationFollower follower;

    CutoffFilter(AccessCutoff cutoff, RevocationFollower follower) {
        this.cutoff = cutoff;
        this.follower = follower;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (!(request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt)) {
            return;
        }
        follower.catchUpIfBehind();
        if (!cutoff.accepts(AccessClaims.of(jwt, request.getProperty(AccessClaims.ATTRIBUTE)))) {
            request.abortWith(Response.fromResponse(Problem.of("session-ended", "Unauthorized", 401,
                    "This session has ended. Sign in again.").toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE)
                    .build());
        }
    }
}

package dev.rotor.access.boundary;

import dev.rotor.access.control.AccessClaims;
import dev.rotor.access.control.AccessCutoff;
import dev.rotor.access.control.Caller;
import dev.rotor.access.control.RevocationFollower;
import dev.rotor.problem.Challenge;
import dev.rotor.problem.Problem;
import dev.rotor.token.control.PublishedKeys;
import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * May this access token still be used? Runs after MicroProfile JWT has verified the token, on the
 * resource methods {@link NeedsCaller} binds it to, and refuses with 401 {@code invalid_token}
 * (RFC 6750 §3.1) at the first check that fails, in this order:
 * <ol>
 *   <li>the key: its {@code kid} is one this instance publishes now. MP JWT re-reads the key file
 *       only every half second; this makes a key revocation hold here the moment it is made;</li>
 *   <li>the cut-off: its session has not ended and its token version is not below the account's
 *       ({@link AccessCutoff}). An instance that fell behind the revocation log catches up first.</li>
 * </ol>
 * Then a client's own token (client credentials, no user) is refused with 403 {@code not-a-user}:
 * every method bound here is Rotor's account or admin API, which is for users, except that an
 * admin-only method accepts a client token granted the {@code admin} scope (automation; its
 * {@code groups} is {@code ["admin"]}, and the role check still runs).
 * A request without a JWT caller passes untouched: whether it may proceed anonymously is the role
 * check's business, which runs later ({@link FilterOrder}).
 */
@Priority(FilterOrder.ACCESS_TOKEN)
public class AccessTokenFilter implements ContainerRequestFilter {

    /** RFC 6750 §3.1: a refused bearer token names the error. */
    static final String KEY_CHALLENGE = Challenge.INVALID_TOKEN + ", error_description=\"The signing key was revoked\"";
    static final String CUTOFF_CHALLENGE = Challenge.INVALID_TOKEN + ", error_description=\"The session has ended\"";

    private final PublishedKeys keys;
    private final AccessCutoff cutoff;
    private final RevocationFollower follower;
    private final Caller caller;
    private final boolean adminOnly;

    AccessTokenFilter(PublishedKeys keys, AccessCutoff cutoff, RevocationFollower follower, Caller caller, boolean adminOnly) {
        this.keys = keys;
        this.cutoff = cutoff;
        this.follower = follower;
        this.caller = caller;
        this.adminOnly = adminOnly;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getSecurityContext().getUserPrincipal() instanceof JsonWebToken jwt) {
            Response refusal = refusal(jwt);
            if (refusal != null) {
                request.abortWith(refusal);
            }
        }
    }

    /** The 401 for a verified token that may no longer be used, or null when it may. */
    Response refusal(JsonWebToken jwt) {
        if (!keys.verifies(PublishedKeys.kidOf(jwt.getRawToken()))) {
            return refused(Problem.of("signing-key-revoked", "Unauthorized", 401,
                    "This token was signed with a key that is no longer valid. Refresh or sign in again."), KEY_CHALLENGE);
        }
        follower.catchUpIfBehind();
        AccessClaims claims = caller.claims(jwt);
        if (!cutoff.accepts(claims)) {
            return refused(Problem.of("session-ended", "Unauthorized", 401,
                    "This session has ended. Sign in again."), CUTOFF_CHALLENGE);
        }
        if (claims.isClient() && !(adminOnly && claims.groups().contains("admin"))) {
            return Problem.of("not-a-user", "Forbidden", 403,
                    "This is a client's own token (client credentials); Rotor's account and admin APIs are for users.").toResponse();
        }
        return null;
    }

    private static Response refused(Problem problem, String challenge) {
        return Response.fromResponse(problem.toResponse()).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }
}

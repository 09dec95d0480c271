package dev.rotor.oauth.boundary;

import dev.rotor.access.boundary.AccessTokenFilter;
import dev.rotor.access.boundary.FilterOrder;
import dev.rotor.oauth.control.ResourceServerGate;
import dev.rotor.platform.Requests;
import dev.rotor.problem.Challenge;
import dev.rotor.problem.OAuthError;
import dev.rotor.problem.Problem;
import dev.rotor.throttle.control.ClientThrottle;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Lets through a resource-server client authenticated with HTTP Basic ({@code client_secret_basic},
 * RFC 6749 §2.3.1), as {@link ResourceServerGate} decides, or a caller whose verified bearer token
 * has the {@code admin} role. {@link ResourceServerOnly} methods need a caller, so an access token
 * sent to them has already passed {@link AccessTokenFilter} (key published, not cut off) before
 * this runs ({@link FilterOrder}); Basic credentials are no token and are checked here alone.
 * Refusals learn nothing about the token they sent:
 * <ul>
 *   <li>Basic that fails: 401 {@code invalid_client} ({@link OAuthError}) with a Basic challenge
 *       (RFC 6749 §5.2), or 429 {@code slow_down} with Retry-After while the address or the client
 *       id must wait;</li>
 *   <li>a bearer token that is not an admin's: 401 with a Bearer {@code insufficient_scope}
 *       challenge (RFC 7662 §2.3, RFC 6750 §3.1);</li>
 *   <li>no credentials: 401 {@code invalid_client} offering both schemes.</li>
 * </ul>
 */
@Provider
@ResourceServerOnly
@Priority(FilterOrder.RESOURCE_SERVER)
public class ResourceServerAuthentication implements ContainerRequestFilter {

    /** Request property: the client id of the resource server authenticated by HTTP Basic. */
    public static final String RESOURCE_SERVER = "dev.rotor.resource-server";
    /** Request property, {@code Boolean.TRUE} when the caller is an admin's bearer token. */
    public static final String ADMIN = "dev.rotor.resource-server-admin";

    static final String INSUFFICIENT_SCOPE = Challenge.BEARER + ", error=\"insufficient_scope\"";

    @Inject
    ResourceServerGate gate;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<BasicCredentials> basic = BasicCredentials.of(request.getHeaderString("Authorization"));
        if (basic.isPresent()) {
            var decision = gate.authenticate(basic.get().id(), basic.get().secret(), Requests.facts(servletRequest));
            if (decision.retryAfter() != null) {
                request.abortWith(OAuthError.clientAuthenticationThrottled(ClientThrottle.seconds(decision.retryAfter())).toResponse());
            } else if (!decision.accepted()) {
                request.abortWith(OAuthError.invalidClient().toResponse());
            } else {
                request.setProperty(RESOURCE_SERVER, basic.get().id());
            }
            return;
        }
        var security = request.getSecurityContext();
        if (!(security.getUserPrincipal() instanceof JsonWebToken)) {
            request.abortWith(Response.fromResponse(OAuthError.invalidClient().toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, Challenge.BEARER).build());
        } else if (!security.isUserInRole("admin")) {
            request.abortWith(Response.fromResponse(Problem.of("insufficient-scope", "Unauthorized", 401,
                    "Only a resource server or an admin may call this endpoint.").toResponse())
                    .header(HttpHeaders.WWW_AUTHENTICATE, INSUFFICIENT_SCOPE).build());
        } else {
            request.setProperty(ADMIN, Boolean.TRUE);
        }
    }
}

package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.oauth.control.ResourceServerGate;
import dev.rotor.platform.Requests;
import dev.rotor.problem.Challenge;
import dev.rotor.problem.OAuthError;
import dev.rotor.session.control.AccessCutoff;
import dev.rotor.throttle.control.ClientThrottle;
import dev.rotor.token.control.AccessClaims;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Lets through a resource-server client authenticated with HTTP Basic ({@code client_secret_basic},
 * RFC 6749 §2.3.1), as {@link ResourceServerGate} decides, or a caller whose verified bearer token
 * has the {@code admin} role and is not cut off. Refusals learn nothing about the token they sent:
 * <ul>
 *   <li>Basic that fails: 401 {@code invalid_client} with a Basic challenge (RFC 6749 §5.2), or 429
 *       {@code slow_down} with Retry-After while the address or the client id must wait;</li>
 *   <li>a bearer token that is not an admin's, or is cut off: 401 with a Bearer challenge
 *       (RFC 7662 §2.3, RFC 6750 §3.1);</li>
 *   <li>no credentials: 401 offering both schemes.</li>
 * </ul>
 */
@Provider
@ResourceServerOnly
@Priority(Priorities.AUTHENTICATION)
public class ResourceServerAuthentication implements ContainerRequestFilter {

    /** Request property: the client id of the resource server authenticated by HTTP Basic. */
    public static final String RESOURCE_SERVER = "dev.rotor.resource-server";
    /** Request property, {@code Boolean.TRUE} when the caller is an admin's bearer token. */
    public static final String ADMIN = "dev.rotor.resource-server-admin";

    @Inject
    ResourceServerGate gate;

    @Inject
    AccessCutoff cutoff;

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
                request.abortWith(refusal("invalid_client", Challenge.BASIC));
            } else {
                request.setProperty(RESOURCE_SERVER, basic.get().id());
            }
            return;
        }
        var security = request.getSecurityContext();
        if (!(security.getUserPrincipal() instanceof JsonWebToken jwt)) {
            request.abortWith(refusal("invalid_client", Challenge.BASIC, Challenge.BEARER));
        } else if (!cutoff.accepts(AccessClaims.of(jwt, request.getProperty(AccessClaims.ATTRIBUTE)))) {
            request.abortWith(refusal("invalid_token", Challenge.INVALID_TOKEN));
        } else if (!security.isUserInRole("admin")) {
            request.abortWith(refusal("insufficient_scope", Challenge.BEARER + ", error=\"insufficient_scope\""));
        } else {
            request.setProperty(ADMIN, Boolean.TRUE);
        }
    }

    private static Response refusal(String error, String... challenges) {
        var response = Response.status(401)
                .header("Cache-Control", "no-store")
                .type(MediaType.APPLICATION_JSON)
                .entity(JSON.createObjectBuilder().add("error", error).build().toString());
        for (String challenge : challenges) {
            response.header("WWW-Authenticate", challenge);
        }
        return response.build();
    }
}

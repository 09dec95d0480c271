package dev.rotor.oauth.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.oauth.control.ResourceServerClients;
import dev.rotor.session.control.AccessCutoff;
import dev.rotor.token.control.AccessClaims;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Lets through a resource-server client authenticated with HTTP Basic ({@code client_secret_basic},
 * RFC 6749 §2.3.1: id and secret form-urlencoded, then base64), or a caller whose verified bearer
 * token has the {@code admin} role and is not cut off. Anyone else gets 401 {@code invalid_client}
 * with {@code WWW-Authenticate: Basic} (§5.2) and learns nothing about the token they sent.
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
    ResourceServerClients clients;

    @Inject
    AccessCutoff cutoff;

    @Override
    public void filter(ContainerRequestContext request) {
        String authorization = request.getHeaderString("Authorization");
        boolean allowed = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)
                ? basic(authorization.substring(6).strip(), request)
                : admin(request);
        if (!allowed) {
            request.abortWith(Response.status(401)
                    .header("WWW-Authenticate", "Basic realm=\"rotor\"")
                    .header("Cache-Control", "no-store")
                    .type(MediaType.APPLICATION_JSON)
                    .entity(JSON.createObjectBuilder().add("error", "invalid_client").build().toString())
                    .build());
        }
    }

    private boolean basic(String credentials, ContainerRequestContext request) {
        try {
            String decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return false;
            }
            String clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            boolean authenticated = clients.authenticate(clientId, URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8));
            if (authenticated) {
                request.setProperty(RESOURCE_SERVER, clientId);
            }
            return authenticated;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    private boolean admin(ContainerRequestContext request) {
        var security = request.getSecurityContext();
        boolean admin = security.getUserPrincipal() instanceof JsonWebToken jwt
                && security.isUserInRole("admin")
                && cutoff.accepts(AccessClaims.of(jwt, request.getProperty(AccessClaims.ATTRIBUTE)));
        if (admin) {
            request.setProperty(ADMIN, Boolean.TRUE);
        }
        return admin;
    }
}

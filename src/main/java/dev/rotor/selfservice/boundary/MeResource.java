package dev.rotor.selfservice.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.access.control.AccessClaims;
import dev.rotor.access.control.Caller;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who am I: read from the verified access token. */
@Path("api/me")
@ApplicationScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    @Inject
    Caller caller;

    /**
     * The caller is the principal MP JWT verified, read from the request (which is what JAX-RS's
     * security context answers too) rather than through the injected request-scoped
     * {@code JsonWebToken}, whose per-request creation was the largest cost left in this call; its
     * claims are those the authentication mechanism read once for the token ({@link AccessClaims},
     * from the request's {@link Caller}). Only a JWT caller gets here ({@code @RolesAllowed}).
     */
    @GET
    @RolesAllowed("user")
    public Response me(@Context HttpServletRequest request) {
        AccessClaims claims = caller.claims((JsonWebToken) request.getUserPrincipal());
        var body = JSON.createObjectBuilder()
                .add("id", claims.subject())
                .add("username", claims.username())
                .add("roles", JSON.createArrayBuilder(claims.groups()))
                .add("sessionId", String.valueOf(claims.sessionId()))
                .build();
        return Response.ok(body.toString()).header("Cache-Control", "no-store").build();
    }
}

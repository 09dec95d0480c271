package dev.rotor.selfservice.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who am I: read from the verified access token. */
@Path("api/me")
@ApplicationScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class MeResource {

    /**
     * The caller is the principal MP JWT verified, read from the request's security context rather
     * than through the injected request-scoped {@code JsonWebToken}, whose per-request creation was
     * the largest cost left in this call (issue 12). Only a JWT caller gets here ({@code @RolesAllowed}).
     */
    @GET
    @RolesAllowed("user")
    public Response me(@Context SecurityContext security) {
        JsonWebToken jwt = (JsonWebToken) security.getUserPrincipal();
        var body = JSON.createObjectBuilder()
                .add("id", jwt.getSubject())
                .add("username", jwt.<String>getClaim(Claims.upn.name()))
                .add("roles", JSON.createArrayBuilder(jwt.getGroups()))
                .add("sessionId", String.valueOf(AccessTokenIssuer.sessionIdOf(jwt)))
                .build();
        return Response.ok(body.toString()).header("Cache-Control", "no-store").build();
    }
}

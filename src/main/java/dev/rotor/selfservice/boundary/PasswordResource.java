package dev.rotor.selfservice.boundary;

import dev.rotor.browser.boundary.CsrfProof;
import dev.rotor.platform.Requests;
import dev.rotor.problem.JsonBody;
import dev.rotor.selfservice.control.PasswordChanges;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Changing a password: the signed-in owner ({@code POST /auth/password}, Bearer or cookie with
 * CSRF), or the owner of a temporary password set by an admin, who has no session yet
 * ({@code POST /auth/temporary-password}). Both answer 204.
 */
@Path("auth")
@RequestScoped
@DenyAll
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PasswordResource {

    /** Same limits as sign-in's fields. */
    private static final int MAX_PASSWORD_CHARS = 4096;

    @Inject
    JsonWebToken jwt;

    @Inject
    PasswordChanges changes;

    @Context
    HttpServletRequest request;

    @POST
    @Path("password")
    @RolesAllowed("user")
    public Response change(InputStream body) {
        JsonBody json = JsonBody.read(body);
        changes.change(jwt.getSubject(), AccessTokenIssuer.sessionIdOf(jwt),
                json.requiredString("currentPassword", MAX_PASSWORD_CHARS),
                json.requiredString("newPassword", MAX_PASSWORD_CHARS), Requests.facts(request));
        return Response.noContent().build();
    }

    @POST
    @Path("temporary-password")
    @PermitAll
    @CsrfProof(CsrfProof.Kind.ORIGIN)
    public Response replaceTemporary(InputStream body) {
        JsonBody json = JsonBody.read(body);
        changes.replaceTemporary(json.requiredString("username", 256),
                json.requiredString("currentPassword", MAX_PASSWORD_CHARS),
                json.requiredString("newPassword", MAX_PASSWORD_CHARS), Requests.facts(request));
        return Response.noContent().build();
    }
}

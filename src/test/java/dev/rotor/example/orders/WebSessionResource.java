package dev.rotor.example.orders;

import dev.rotor.kit.BackchannelSessions;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A server-side web session, as an app that signed its user in through Rotor keeps one: POST (with
 * a token) starts an {@code HttpSession} and registers it with the kit's {@link BackchannelSessions}
 * under the token's {@code sid} and subject; GET answers 200 while that session lives, 404 once a
 * back-channel logout ended it.
 */
@Path("web-session")
@RequestScoped
public class WebSessionResource {

    @Inject
    JsonWebToken caller;

    @Inject
    BackchannelSessions sessions;

    @Context
    HttpServletRequest request;

    @POST
    @RolesAllowed("user")
    public Response start() {
        var session = request.getSession(true);
        Object sid = caller.getClaim("sid");
        sessions.register(session, sid instanceof jakarta.json.JsonString s ? s.getString() : String.valueOf(sid), caller.getSubject());
        return Response.noContent().build();
    }

    @GET
    @PermitAll
    public Response alive() {
        return request.getSession(false) == null ? Response.status(404).build() : Response.ok("alive").build();
    }
}

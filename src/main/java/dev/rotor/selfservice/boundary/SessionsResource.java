package dev.rotor.selfservice.boundary;

import dev.rotor.platform.PageRequest;
import dev.rotor.platform.Requests;
import dev.rotor.session.boundary.SessionList;
import dev.rotor.session.control.SessionEnds;
import dev.rotor.session.control.Sessions;
import dev.rotor.token.control.AccessTokenIssuer;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A signed-in user's own sessions: list them, end one, end them all. */
@Path("auth")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    @Inject
    JsonWebToken jwt;

    @Inject
    Sessions sessions;

    @Inject
    SessionEnds ends;

    @Context
    HttpServletRequest request;

    @GET
    @Path("sessions")
    @RolesAllowed("user")
    public SessionList mine(@QueryParam("page") String page, @QueryParam("size") String size) {
        return SessionList.of(sessions.activeSessions(jwt.getSubject(), PageRequest.parse(page, size, SessionList.PER_PAGE)),
                AccessTokenIssuer.sessionIdOf(jwt));
    }

    @DELETE
    @Path("sessions/{id}")
    @RolesAllowed("user")
    public Response end(@PathParam("id") String sessionId) {
        ends.endByOwner(jwt.getSubject(), sessionId, Requests.facts(request));
        return Response.noContent().build();
    }

    @POST
    @Path("logout-all")
    @RolesAllowed("user")
    public Response logoutAll() {
        ends.endAllByOwner(jwt.getSubject(), Requests.facts(request));
        return Response.noContent().build();
    }
}

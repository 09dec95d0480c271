package dev.rotor.session.boundary;

import static dev.rotor.platform.JsonSupport.JSON;

import dev.rotor.platform.Page;
import dev.rotor.audit.entity.AuditType;
import dev.rotor.platform.JsonFields;
import dev.rotor.platform.Requests;
import dev.rotor.session.control.Sessions;
import dev.rotor.session.entity.Family;
import dev.rotor.session.entity.SessionStatus;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import dev.rotor.token.control.AccessTokenIssuer;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** A signed-in user's own sessions: list them, end one, end them all. */
@Path("auth")
@RequestScoped
@DenyAll
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    /** Default page size of session lists: the default rotor.sessions.max-per-user, so a page shows them all. */
    public static final int SESSIONS_PER_PAGE = 50;

    @Inject
    JsonWebToken jwt;

    @Inject
    Sessions sessions;

    @Context
    HttpServletRequest request;

    @GET
    @Path("sessions")
    @RolesAllowed("user")
    public Response mine(@QueryParam("page") String page, @QueryParam("size") String size) {
        String current = AccessTokenIssuer.sessionIdOf(jwt);
        int[] paging = Page.request(page, size, SESSIONS_PER_PAGE);
        return Response.ok(listing(sessions.activeSessions(jwt.getSubject(), paging[0], paging[1]), current).build().toString()).build();
    }

    /** A page of sessions: {@code {sessions, page, size, total}}. */
    public static JsonObjectBuilder listing(Page<Family> found, String currentSessionId) {
        var list = JSON.createArrayBuilder();
        found.items().forEach(family -> list.add(describe(family, currentSessionId)));
        return JSON.createObjectBuilder()
                .add("sessions", list)
                .add("page", found.page())
                .add("size", found.size())
                .add("total", found.total());
    }

    @DELETE
    @Path("sessions/{id}")
    @RolesAllowed("user")
    public Response end(@PathParam("id") String sessionId) {
        sessions.endOwnSession(jwt.getSubject(), sessionId, SessionStatus.LOGOUT, AuditType.SESSION_ENDED_BY_OWNER,
                Requests.facts(request));
        return Response.noContent().build();
    }

    @POST
    @Path("logout-all")
    @RolesAllowed("user")
    public Response logoutAll() {
        sessions.endAll(jwt.getSubject(), SessionStatus.LOGOUT_ALL, AuditType.LOGOUT_ALL, jwt.getSubject(),
                Requests.facts(request));
        return Response.noContent().build();
    }

    /** A session as both the owner and an admin see it. */
    public static JsonObjectBuilder describe(Family family, String currentSessionId) {
        var json = JSON.createObjectBuilder()
                .add("id", family.id())
                .add("clientId", family.clientId())
                .add("createdAt", iso(family.createdAt()))
                .add("lastUsedAt", iso(family.lastUsedAt()))
                .add("expiresAt", iso(family.expiresAt()))
                .add("current", family.id().equals(currentSessionId));
        JsonFields.addNullable(json, "deviceName", family.deviceName());
        JsonFields.addNullable(json, "userAgent", family.userAgent());
        JsonFields.addNullable(json, "ip", family.clientIp());
        return json;
    }

    private static String iso(Instant instant) {
        return instant.toString();
    }
}
